"""Batch concurrency benchmark: N drafts, a fake model with fixed latency, `--jobs J`.

Prints wall time as a ratio of the ideal `N x latency x calls-per-draft / J` (target <= 1.3x),
for two set-ups:
  harness   batch machinery only: each draft makes `calls` sequential fake-model calls;
  pipeline  the real LangGraph review with the fake model injected through `LLMClient`
            (IT and business views call the model in parallel, so the per-draft critical path
            is shorter than calls x latency; the ratio against the brief's ideal can be < 1).
The builtin work (embedding each draft) is real CPU time; drafts share most sentences, as
revisions of one template do, so the on-disk embedding cache carries the rest.

    .venv/bin/python benchmarks/batch_bench.py [--drafts 100] [--jobs 8] [--latency 0.5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from fake_model import answer_for, prompt_of  # noqa: E402

from agents.schemas import ReviewMeta, ReviewReport  # noqa: E402
from app.batch import pipeline_review, run_batch  # noqa: E402
from core.settings import Settings  # noqa: E402

TEMPLATE = """# Proposal {i}: self-service portal for region {i}

We will launch a customer portal for region {i} on 1 March, built by an agency.
Customers log in with their webshop account and see order status from the ERP.
The service desk supports the portal during office hours.
Success: 30% fewer calls to customer service within three months.
"""


class FakeModel:
    """litellm.completion stand-in: sleeps a fixed latency and answers every call the pipeline makes
    (`fake_model.answer_for`), so no review spends repair round trips on an answer it cannot use."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s

    def wait(self) -> None:
        """One model call's latency, for the harness set-up that has no prompt."""
        time.sleep(self.latency_s)

    def __call__(self, **kwargs: Any) -> Any:
        import litellm

        content = answer_for(prompt_of(kwargs["messages"]))
        time.sleep(self.latency_s)
        return litellm.ModelResponse(
            model=kwargs.get("model", "openai/fake"),
            choices=[{"index": 0, "message": {"role": "assistant", "content": content}}],
            usage={"prompt_tokens": 500, "completion_tokens": 20, "total_tokens": 520},
        )


def _write_drafts(root: Path, count: int) -> None:
    root.mkdir(parents=True)
    for i in range(count):
        (root / f"draft-{i:03d}.md").write_text(TEMPLATE.format(i=i), encoding="utf-8")


def bench_harness(work: Path, drafts: int, jobs: int, latency: float, calls: int) -> float:
    settings = Settings(home=work / "home-h", model="openai/fake")
    model = FakeModel(latency)

    def review(text: str) -> ReviewReport:
        for _ in range(calls):
            model.wait()
        return ReviewReport(meta=ReviewMeta(gapreview_version="bench", llm_calls=calls))

    _write_drafts(work / "drafts-h", drafts)
    started = time.perf_counter()
    result = run_batch(work / "drafts-h", work / "out-h", settings, review, jobs=jobs)
    wall = time.perf_counter() - started
    assert not result.failures, result.failures
    return wall


def bench_pipeline(work: Path, drafts: int, jobs: int, latency: float) -> tuple[float, float]:
    from agents.llm import LLMClient

    settings = Settings(home=work / "home-p", model="openai/fake", api_base="http://127.0.0.1:9/v1")
    model = FakeModel(latency)
    review = pipeline_review(settings, llm_factory=lambda: LLMClient(settings, completion=model))
    review(TEMPLATE.format(i="warm-up"))  # loads the embedder and caches the lens catalogue
    _write_drafts(work / "drafts-p", drafts)
    started = time.perf_counter()
    result = run_batch(work / "drafts-p", work / "out-p", settings, review, jobs=jobs)
    wall = time.perf_counter() - started
    assert not result.failures, [(o.name, o.error) for o in result.failures]
    calls = statistics.mean(o.report.meta.llm_calls for o in result.outcomes if o.report)
    paths = {o.report.meta.synthesis for o in result.outcomes if o.report}
    if paths != {"model"}:
        raise RuntimeError(f"the fake model's synthesis answer was not used: {paths}")
    return wall, calls


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per fake model call")
    parser.add_argument("--calls", type=int, default=2, help="model calls per draft in the harness set-up")
    parser.add_argument("--skip-pipeline", action="store_true")
    args = parser.parse_args(argv)
    import litellm  # noqa: F401 - imported once up front: its multi-second import is not batch time

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wall = bench_harness(work, args.drafts, args.jobs, args.latency, args.calls)
        ideal = args.drafts * args.latency * args.calls / args.jobs
        print(f"harness : {args.drafts} drafts, jobs {args.jobs}, latency {args.latency}s x {args.calls} calls")
        print(f"          wall {wall:.2f}s, ideal {ideal:.2f}s, ratio {wall / ideal:.2f}x (target <= 1.3x)")
        if args.skip_pipeline:
            return
        wall, calls = bench_pipeline(work, args.drafts, args.jobs, args.latency)
        ideal = args.drafts * args.latency * calls / args.jobs
        print(f"pipeline: {args.drafts} drafts, jobs {args.jobs}, latency {args.latency}s, {calls:.1f} calls/draft")
        print(f"          wall {wall:.2f}s, ideal {ideal:.2f}s, ratio {wall / ideal:.2f}x (target <= 1.3x)")
        rounds = calls - 1  # IT and business overlap; done, cross-examination and synthesis follow in turn
        critical = args.drafts * args.latency * rounds / args.jobs
        print(
            f"          vs the critical path ({rounds:.0f} rounds/draft): ideal {critical:.2f}s, "
            f"ratio {wall / critical:.2f}x"
        )


if __name__ == "__main__":
    main()
