"""Do the IT and business LLM calls overlap? Wall time vs the slowest single chain.

A fake model that sleeps stands in for a real one, so the figure measures our orchestration, not
a provider. The two perspectives run in a ThreadPoolExecutor, as LangGraph runs parallel branches.
The whole pipeline is measured too: its wall time against the builtin review plus the time the
fake model was busy (calls in flight; the IT and business calls overlap, the later steps cannot).
The fake answers every call the pipeline makes (`benchmarks/fake_model.py`), so no repair round
trips hide in the figure. Target: both ratios <= 1.3.

    .venv/bin/python benchmarks/llm_concurrency.py [--delay 0.5] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from fake_model import SleepingModel  # noqa: E402

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


def _client(delay: float, model: SleepingModel | None = None) -> LLMClient:
    settings = Settings(model="openai/bench", api_base="http://127.0.0.1:9/v1", max_llm_calls=100, max_llm_tokens=10**7)
    return LLMClient(settings, completion=model or SleepingModel(delay))


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


def measure_pipeline(delay: float) -> tuple[float, float]:
    """(builtin review + model busy time, LLM review wall time), after warm-up runs."""
    from agents.review import build_context, run_review

    base = Settings(home=Path(os.environ.get("GAPREVIEW_HOME", "/tmp/gapreview-bench")))
    run_review(TEXT, base)  # warm-up: embedder load
    start = time.perf_counter()
    run_review(TEXT, base)
    builtin = time.perf_counter() - start
    llm_settings = base.model_copy(update={"model": "openai/bench", "api_base": "http://127.0.0.1:9/v1"})
    # warm-up: the first LLM review embeds new (LLM-written) texts, which loads the embedder
    run_review(TEXT, llm_settings, context=build_context(llm_settings, llm=_client(0.0)))
    model = SleepingModel(delay)
    context = build_context(llm_settings, llm=_client(delay, model))
    start = time.perf_counter()
    report = run_review(TEXT, llm_settings, context=context)
    wall = time.perf_counter() - start
    busy = model.busy_seconds()
    print(
        f"pipeline: llm_calls {report.meta.llm_calls} ({', '.join(model.roles)}), synthesis {report.meta.synthesis},"
        f" model busy {busy:.3f}s, overhead over builtin + model {wall - builtin - busy:+.3f}s"
    )
    if report.meta.synthesis != "model" or report.meta.llm_calls != len(model.roles):
        raise RuntimeError(f"the fake model's answers were not all used: {report.meta.warnings}")
    return builtin + busy, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per fake model call")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    slowest, wall = measure_views(args.delay, args.runs)
    ratio = wall / slowest
    print(
        f"perspectives: slowest single chain {slowest:.3f}s, both in parallel {wall:.3f}s, "
        f"ratio {ratio:.2f} (target <= {TARGET})"
    )
    ok = ratio <= TARGET
    expected, actual = measure_pipeline(args.delay)
    p_ratio = actual / expected
    print(
        f"pipeline: builtin review + model busy {expected:.3f}s, LLM review {actual:.3f}s, "
        f"ratio {p_ratio:.2f} (target <= {TARGET})"
    )
    ok = ok and p_ratio <= TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
