"""Do the IT and business LLM calls overlap? Wall time vs the slowest single chain.

A fake model that sleeps stands in for a real one, so the figure measures our orchestration, not
a provider. The two perspectives run in a ThreadPoolExecutor, as LangGraph runs parallel branches;
when `agents.graph` exists the whole pipeline is measured too. Target: wall <= 1.3x slowest chain.

    .venv/bin/python benchmarks/llm_concurrency.py [--delay 0.5] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from agents.llm import LLMClient  # noqa: E402
from agents.nodes.llm_views import llm_perspective  # noqa: E402
from agents.state import Proposal  # noqa: E402
from core.settings import Settings  # noqa: E402

TARGET = 1.3
TEXT = (
    "We replace the paper leave forms with a self-service HR portal from 1 April.\n"
    "Team leads approve requests in the portal; payroll reads the approved days every night.\n"
    "The vendor hosts the portal; we already signed a two-year contract.\n"
)
ANSWER = json.dumps(
    {
        "findings": [
            {
                "kind": "hidden_dependency",
                "title": "Nightly payroll interface",
                "severity": "high",
                "detail": "Who builds and monitors the nightly export?",
                "quote": "payroll reads the approved days every night",
            }
        ]
    }
)


class SleepingModel:
    """A completion callable that takes `delay` seconds per call, like a remote model."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def __call__(self, **kwargs: Any) -> Any:
        time.sleep(self.delay)
        message = SimpleNamespace(content=ANSWER)
        usage = SimpleNamespace(prompt_tokens=500, completion_tokens=60)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], usage=usage)


def _client(delay: float) -> LLMClient:
    settings = Settings(model="openai/bench", api_base="http://127.0.0.1:9/v1", max_llm_calls=100, max_llm_tokens=10**7)
    return LLMClient(settings, completion=SleepingModel(delay))


def _chain(perspective: str, client: LLMClient) -> float:
    start = time.perf_counter()
    findings, _ = llm_perspective(perspective, Proposal(text=TEXT), [], [], client)  # type: ignore[arg-type]
    assert findings, "the benchmark answer should ground"
    return time.perf_counter() - start


def measure_views(delay: float, runs: int) -> tuple[float, float]:
    """Best-of-runs: (slowest single chain, both chains in parallel)."""
    _chain("it", _client(0.0))  # warm-up: lazy imports and schema generation are not the subject
    singles, walls = [], []
    for _ in range(runs):
        singles.append(max(_chain(p, _client(delay)) for p in ("it", "business")))
        shared = _client(delay)  # one client per review, shared by both branches
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(_chain, ["it", "business"], [shared, shared]))
        walls.append(time.perf_counter() - start)
    return min(singles), min(walls)


def measure_pipeline(delay: float) -> tuple[float, float] | None:
    """(builtin review + slowest chain, LLM review wall time), or None before the graph exists."""
    try:
        from agents.review import build_context, run_review
    except ImportError:
        return None
    try:
        base = Settings(home=Path(os.environ.get("GAPREVIEW_HOME", "/tmp/gapreview-bench")))
        run_review(TEXT, base)  # warm-up: embedder load
        start = time.perf_counter()
        run_review(TEXT, base)
        builtin = time.perf_counter() - start
        llm_settings = base.model_copy(update={"model": "openai/bench", "api_base": "http://127.0.0.1:9/v1"})
        # warm-up: the first LLM review embeds new (LLM-written) texts, which loads the embedder
        run_review(TEXT, llm_settings, context=build_context(llm_settings, llm=_client(0.0)))
        context = build_context(llm_settings, llm=_client(delay))
        start = time.perf_counter()
        report = run_review(TEXT, llm_settings, context=context)
        wall = time.perf_counter() - start
        views = {k: v for k, v in report.meta.node_durations.items() if k.endswith("_view")}
        print(f"pipeline: llm_calls {report.meta.llm_calls}, view node times {views}")
        return builtin + delay, wall
    except ImportError as exc:  # the graph is still being written
        print(f"pipeline: skipped ({exc})")
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per fake model call")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    slowest, wall = measure_views(args.delay, args.runs)
    ratio = wall / slowest
    print(
        f"perspectives: slowest single chain {slowest:.3f}s, both in parallel {wall:.3f}s, "
        f"ratio {ratio:.2f} (target <= {TARGET})"
    )
    ok = ratio <= TARGET
    pipeline = measure_pipeline(args.delay)
    if pipeline is not None:
        expected, actual = pipeline
        p_ratio = actual / expected
        print(
            f"pipeline: builtin review + one model call {expected:.3f}s, LLM review {actual:.3f}s, "
            f"ratio {p_ratio:.2f} (target <= {TARGET})"
        )
        ok = ok and p_ratio <= TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
