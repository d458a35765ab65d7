"""Runner: repeated runs give mean and spread, thresholds gate, results are written for the page."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from eval_fakes import finding, make_case, report
from rich.console import Console

from agents.schemas import ReviewReport
from evals.runner import (
    Reviewer,
    Thresholds,
    aggregate,
    checklist_reviewer,
    results_document,
    run_eval,
    write_results,
)
from evals.scoring import Scorer, Stat
from evals.table import results_table

GAP_WIFI = "scanner wifi coverage in the freezer aisles"


def alternating() -> Reviewer:
    """Finds the wifi gap on odd calls only: recall 1/3 then 0 -> mean 1/6."""
    calls = {"n": 0}

    def review(text: str) -> ReviewReport:
        calls["n"] += 1
        return report([finding(GAP_WIFI if calls["n"] % 2 else "unrelated budget")])

    return Reviewer("flaky", review)


def test_mean_and_spread_over_runs(scorer: Scorer) -> None:
    scores = run_eval([make_case()], [alternating(), checklist_reviewer()], scorer, runs=2)
    results = aggregate(scores)
    recall = results["flaky"]["recall"]
    assert recall.mean == pytest.approx(1 / 6)
    assert recall.std == pytest.approx(0.2357, abs=1e-3)
    assert recall.n == 2
    assert results["checklist"]["findings_per_case"] == Stat(15, 0.0, 2, min=15, median=15, max=15)


def test_thresholds_gate_reviewers_but_not_the_checklist() -> None:
    def stats(recall: float | None, failures: float) -> dict[str, Stat]:
        metrics = {m: Stat(1.0, 0.0, 1) for m in ("grounding", "specificity", "answered_raised_rate")}
        return {**metrics, "recall": Stat(recall, 0.0, 1), "failures": Stat(failures, 0.0, 1)}

    results = {"builtin": stats(0.4, 0), "llm": stats(None, 3), "checklist": stats(0.1, 0)}
    violations = Thresholds(min_recall=0.5).violations(results)
    assert violations == [
        "builtin: recall 0.400 is below the minimum 0.5",
        "llm: recall could not be measured (every case failed)",
        "llm: failures 3.000 is above the maximum 0",
    ]
    assert Thresholds(min_recall=0.3, max_failures=None).violations({"builtin": stats(0.4, 2)}) == []


def test_results_are_written_as_json_csv_charts_and_latest(scorer: Scorer, tmp_path: Path) -> None:
    scores = run_eval([make_case()], [alternating(), checklist_reviewer()], scorer, runs=2)
    results = aggregate(scores)
    written = write_results(
        results_document(results, scores, {"runs": 2}), results, tmp_path / "out", tmp_path / "home"
    )

    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert document["reviewers"]["flaky"]["recall"]["n"] == 2
    assert len(document["cases"]) == 4
    latest = json.loads((tmp_path / "home" / "evals" / "latest.json").read_text(encoding="utf-8"))
    assert latest["reviewers"] == document["reviewers"]
    rows = list(csv.DictReader((tmp_path / "out" / "results.csv").open(encoding="utf-8")))
    assert {"reviewer": "flaky", "metric": "recall"}.items() <= rows[0].items()
    charts = [p for p in written if p.suffix == ".png"]
    assert (tmp_path / "out" / "charts" / "recall.png") in charts
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in charts)
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_table_shows_distance_above_the_checklist() -> None:
    results = {
        "builtin": {"recall": Stat(0.6, 0.05, 3, 0.5, 0.6, 0.7), "latency_s": Stat(4.0, 0.0, 3, 4.0, 4.0, 4.0)},
        "checklist": {"recall": Stat(0.2, 0.0, 3, 0.2, 0.2, 0.2), "latency_s": Stat(0.0, 0.0, 3, 0.0, 0.0, 0.0)},
    }
    console = Console(record=True, width=120)
    console.print(results_table(results, runs=3, split="heldout"))
    text = console.export_text()
    assert "held-out split" in text and "[min/median/max]" in text
    assert "0.6 [0.5/0.6/0.7] (+0.40)" in text
    assert "(+4" not in text  # deltas only on quality metrics


def test_saved_reports_are_scored_as_a_reviewer_and_a_missing_one_is_a_failure(scorer: Scorer, tmp_path: Path) -> None:
    from evals.runner import saved_reviewer

    found = make_case(id="found", text="Roll out new scanners to the freezer aisles.")
    missing = make_case(id="missing", text="Another proposal with no saved report.")
    nested = tmp_path / "run-1"
    nested.mkdir()
    (nested / "found.json").write_text(report([finding(GAP_WIFI)]).model_dump_json(), encoding="utf-8")
    scores = run_eval([found, missing], [saved_reviewer("before", tmp_path, [found, missing])], scorer)
    by_case = {s.case_id: s for s in scores}
    assert by_case["found"].error is None and by_case["found"].findings == 1
    assert by_case["missing"].error is not None and "missing.json" in by_case["missing"].error
