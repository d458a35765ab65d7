"""Every benchmark runs at a tiny size here, so a benchmark that went stale fails in the suite.

The figures themselves are not asserted at this size (a 10 ms fake model is all noise); what is
asserted is that each benchmark still runs, and that its fake model answers every call the pipeline
makes (no repair round trips, the synthesis answer used), which is what made them stale before.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import batch_bench  # noqa: E402
import llm_concurrency  # noqa: E402
import llm_latency  # noqa: E402
import review_bench  # noqa: E402
from fake_model import SleepingModel, answer_for, role_of  # noqa: E402

pytestmark = pytest.mark.slow

SAMPLE = REPO / "samples" / "proposals" / "2fa-warehouse.md"


def test_the_fake_model_knows_each_call_and_refuses_others() -> None:
    with pytest.raises(ValueError, match="cannot answer"):
        role_of("Summarise this proposal in one line.")
    assert role_of("Review this proposal from the IT perspective.") == "it"
    assert '"findings"' in answer_for("Review this proposal from the business perspective.")


def test_llm_concurrency_pipeline_makes_exactly_one_call_per_step() -> None:
    slowest, wall = llm_concurrency.measure_views(0.01, 1)
    assert wall > 0 and slowest > 0
    expected, actual = llm_concurrency.measure_pipeline(0.01)  # raises when a call was repaired
    assert actual > 0 and expected > 0


def test_llm_latency_in_process_runs_against_the_local_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    llm_latency.main([str(SAMPLE), "--runs", "1", "--skip-cli"])
    out = capsys.readouterr().out
    assert "5 calls" in out and "LLM-mode overhead per review" in out


def test_batch_bench_pipeline_answers_every_call(tmp_path: Path) -> None:
    wall = batch_bench.bench_harness(tmp_path, drafts=2, jobs=2, latency=0.01, calls=2)
    assert wall > 0
    wall, calls = batch_bench.bench_pipeline(tmp_path, drafts=2, jobs=2, latency=0.01)
    assert calls == 5  # it, business, done, cross-examination, synthesis: no repairs


def test_review_bench_runs_on_one_proposal() -> None:
    ratios = review_bench.main([SAMPLE], cli=False)
    assert len(ratios) == 1 and ratios[0] > 0


def test_sleeping_model_counts_overlapping_calls_once() -> None:
    model = SleepingModel(0.0)
    model.intervals = [(0.0, 1.0), (0.5, 1.5), (2.0, 3.0)]
    assert model.busy_seconds() == pytest.approx(2.5)


def test_kb_bench_runs_at_200_synthetic_chunks(capfd: pytest.CaptureFixture[str]) -> None:
    import kb_bench

    assert kb_bench.main(["--skip-corpus", "--chunks", "200"]) in (0, 1)
    out = capfd.readouterr().out  # printed by its child process
    assert re.search(r"search latency at 1\d\d chunks", out) and "BM25 index for a new process" in out
