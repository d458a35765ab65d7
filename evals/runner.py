"""Run reviewers over the labelled cases, aggregate over repeated runs, gate, and write results.

Every reviewer goes through the same `Scorer`, and the fixed checklist baseline is always
included, so each table shows how far above a checklist a reviewer is. Evals use an empty
knowledge base: cases are self-contained and results must not depend on the user's records.
Every metric is aggregated per split (dev, heldout) and overall: held-out figures are the ones
that were not tuned on.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean, median, stdev
from typing import Any

import yaml
from pydantic import ValidationError

from agents.schemas import ReviewReport
from core.atomic_files import atomic_write_text
from core.errors import InputError
from core.settings import Settings
from evals.baseline import CHECKLIST, CHECKLIST_NAME, checklist_review
from evals.cases import SPLITS, EvalCase
from evals.scoring import (
    DEFAULT_ANCHOR_FLOOR,
    DEFAULT_THRESHOLD,
    CaseScore,
    Scorer,
    Stat,
    failed_score,
    summarize,
)
from evals.specificity import SubjectTerms
from knowledge.base import EmptyKnowledge
from knowledge.embeddings import Embedder

AGENT_DATA = Path(__file__).resolve().parent.parent / "agents"
# Keys whose values are the fixed phrasing of builtin findings (not triggers or proposal words).
PHRASING_KEYS = frozenset({"question", "why", "it_done", "business_done", "divergence", "fallback", "done"})
ReviewFn = Callable[[str], ReviewReport]
ProgressFn = Callable[[str, int, EvalCase, CaseScore], None]
ReportKey = tuple[str, int, str]  # (reviewer, run, case id)
Results = dict[str, dict[str, Stat]]  # reviewer -> metric -> Stat
OVERALL = "overall"


@dataclass(frozen=True)
class Reviewer:
    name: str
    review: ReviewFn


def pipeline_reviewer(settings: Settings, model: str, embedder: Embedder) -> Reviewer:
    """The real pipeline with `model` ("builtin" = no LLM); a fresh context per review."""
    from agents.review import build_context, run_review

    run_settings = settings.model_copy(update={"model": model})

    def review(text: str) -> ReviewReport:
        context = build_context(run_settings, knowledge=EmptyKnowledge(), embedder=embedder)
        return run_review(text, run_settings, context=context)

    return Reviewer(model, review)


def saved_reviewer(name: str, folder: Path, cases: Sequence[EvalCase]) -> Reviewer:
    """Reports saved earlier (`gapreview batch` / `review --format json`, `<case id>.json` anywhere in
    `folder`) scored as a reviewer: how an older version, another tool or a colleague's model run is
    compared on the same cases without re-running it. A case without a report is a counted failure."""
    by_text = {case.text: case.id for case in cases}
    paths = {path.stem: path for path in sorted(folder.rglob("*.json"))}

    def review(text: str) -> ReviewReport:
        case_id = by_text.get(text, "")
        if case_id not in paths:
            raise InputError(f"{folder}: no saved report {case_id}.json")
        return ReviewReport.model_validate_json(paths[case_id].read_text(encoding="utf-8"))

    return Reviewer(name, review)


def checklist_reviewer() -> Reviewer:
    return Reviewer(CHECKLIST_NAME, checklist_review)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _phrasing(node: Any) -> list[str]:
    """Strings under PHRASING_KEYS anywhere in a lens file."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (_strings(v) if k in PHRASING_KEYS else _phrasing(v))]
    if isinstance(node, list):
        return [s for v in node for s in _phrasing(v)]
    return []


def generic_texts(data: Path = AGENT_DATA) -> list[str]:
    """Vocabulary that is generic by construction: the checklist and every fixed wording in the
    reviewer's data files (library pitfalls, assumption challenges, done rules), wherever they live.

    Only the fixed wording counts (questions, reasons, fallbacks), not the trigger lists, which
    name real systems (SAP, Salesforce) that are the proposal's own subject when they appear.
    """
    texts = [question for _, _, question in CHECKLIST]
    for path in sorted(data.rglob("*.yaml")):
        texts.extend(_phrasing(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return texts


def build_scorer(embedder: Embedder, cases: Sequence[EvalCase], threshold: float | None = None) -> Scorer:
    """One scorer for all reviewers; the anchor floor never exceeds a user-chosen threshold."""
    terms = SubjectTerms(generic_texts(), corpus=[c.text for c in cases])
    chosen = DEFAULT_THRESHOLD if threshold is None else threshold
    return Scorer(embedder, terms, threshold=chosen, anchor_floor=min(chosen, DEFAULT_ANCHOR_FLOOR))


def review_case(reviewer: Reviewer, case: EvalCase, scorer: Scorer, run: int) -> tuple[CaseScore, ReviewReport | None]:
    """One review, scored; an exception or an invalid report is a counted failure (no report)."""
    started = time.perf_counter()
    try:
        report = reviewer.review(case.text)
        report = ReviewReport.model_validate_json(report.model_dump_json())
    except ValidationError as exc:
        latency = time.perf_counter() - started
        return failed_score(case, reviewer.name, run, latency, f"invalid report: {exc.error_count()} errors"), None
    except Exception as exc:  # noqa: BLE001 - a reviewer failure is data for the eval, not a crash
        latency = time.perf_counter() - started
        return failed_score(case, reviewer.name, run, latency, f"{type(exc).__name__}: {exc}"), None
    latency = time.perf_counter() - started
    return scorer.score(case, report, reviewer.name, run, latency), report


def run_eval(
    cases: Sequence[EvalCase],
    reviewers: Sequence[Reviewer],
    scorer: Scorer,
    runs: int = 1,
    on_case: ProgressFn | None = None,
    reports: dict[ReportKey, ReviewReport] | None = None,
) -> list[CaseScore]:
    """Score every reviewer on every case `runs` times; valid reports go into `reports` if given
    (the judge needs the findings themselves)."""
    scores: list[CaseScore] = []
    for reviewer in reviewers:
        for run in range(1, runs + 1):
            for case in cases:
                score, report = review_case(reviewer, case, scorer, run)
                scores.append(score)
                if reports is not None and report is not None:
                    reports[(reviewer.name, run, case.id)] = report
                if on_case is not None:
                    on_case(reviewer.name, run, case, score)
    return scores


def _stat(values: Sequence[float]) -> Stat:
    if not values:
        return Stat(mean=None, std=None, n=0)
    return Stat(
        mean=mean(values),
        std=stdev(values) if len(values) > 1 else 0.0,
        n=len(values),
        min=min(values),
        median=median(values),
        max=max(values),
    )


def aggregate(scores: Sequence[CaseScore]) -> Results:
    """Per reviewer and metric: mean, spread (sample std) and min/median/max of the run values."""
    by_run: dict[str, dict[int, list[CaseScore]]] = defaultdict(lambda: defaultdict(list))
    for s in scores:
        by_run[s.reviewer][s.run].append(s)
    result: Results = {}
    for reviewer, runs in by_run.items():
        summaries = [summarize(run_scores) for run_scores in runs.values()]
        result[reviewer] = {
            metric: _stat([v for v in (s[metric] for s in summaries) if v is not None]) for metric in summaries[0]
        }
    return result


def aggregate_splits(scores: Sequence[CaseScore]) -> dict[str, Results]:
    """Results per split present (dev before heldout) and, when there is more than one, overall."""
    present = [split for split in SPLITS if any(s.split == split for s in scores)]
    by_split: dict[str, Results] = {split: aggregate([s for s in scores if s.split == split]) for split in present}
    if len(present) > 1:
        by_split[OVERALL] = aggregate(scores)
    return by_split


@dataclass(frozen=True)
class Thresholds:
    """CI gates, applied to every reviewer except the checklist baseline."""

    min_recall: float | None = None
    min_grounding: float | None = None
    min_specificity: float | None = None
    max_answered_raised: float | None = None
    max_failures: float | None = 0
    max_findings: float | None = None

    def violations(self, results: Results) -> list[str]:
        checks = [
            ("recall", self.min_recall, True),
            ("grounding", self.min_grounding, True),
            ("specificity", self.min_specificity, True),
            ("answered_raised_rate", self.max_answered_raised, False),
            ("failures", self.max_failures, False),
            ("findings_max", self.max_findings, False),
        ]
        out: list[str] = []
        for reviewer, stats in results.items():
            if reviewer == CHECKLIST_NAME:
                continue
            for metric, limit, is_min in checks:
                if limit is None:
                    continue
                stat = stats[metric]
                # findings_max is a worst case: gate the worst run, not the mean over runs.
                value = stat.max if metric == "findings_max" else stat.mean
                if value is None:
                    out.append(f"{reviewer}: {metric} could not be measured (every case failed)")
                elif (value < limit) if is_min else (value > limit):
                    word = "below the minimum" if is_min else "above the maximum"
                    out.append(f"{reviewer}: {metric} {value:.3f} is {word} {limit}")
        return out


def _as_dict(results: Results) -> dict[str, Any]:
    return {r: {m: dataclasses.asdict(s) for m, s in stats.items()} for r, stats in results.items()}


def results_document(
    results: Results,
    scores: Sequence[CaseScore],
    config: dict[str, Any],
    splits: dict[str, Results] | None = None,
) -> dict[str, Any]:
    """`reviewers` holds the figures over every case scored (what the web page reads); `splits`
    holds them per split (dev, heldout, overall)."""
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config,
        "reviewers": _as_dict(results),
        "splits": {name: _as_dict(split) for name, split in (splits or {}).items()},
        "cases": [dataclasses.asdict(s) for s in scores],
    }


def results_csv(results: Results, splits: dict[str, Results] | None = None) -> str:
    """One row per (split, reviewer, metric); `all` is every case scored when no splits are given."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["split", "reviewer", "metric", "mean", "std", "min", "median", "max", "runs"])
    for split, split_results in (splits or {"all": results}).items():
        for reviewer, stats in split_results.items():
            for metric, stat in stats.items():
                writer.writerow(
                    [
                        split,
                        reviewer,
                        metric,
                        *(_num(v) for v in (stat.mean, stat.std, stat.min, stat.median, stat.max)),
                        stat.n,
                    ]
                )
    return buffer.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def write_results(
    document: dict[str, Any], results: Results, out: Path, home: Path, splits: dict[str, Results] | None = None
) -> list[Path]:
    """results.json, results.csv, one PNG per metric; and `home/evals/latest.json` for the web page."""
    from evals.charts import write_charts

    out.mkdir(parents=True, exist_ok=True)
    charts = write_charts(results, out / "charts")
    document = {**document, "out_dir": str(out), "charts": {m: str(p) for m, p in charts.items()}}
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    atomic_write_text(out / "results.json", text)
    atomic_write_text(out / "results.csv", results_csv(results, splits))
    latest = home / "evals" / "latest.json"
    latest.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(latest, text)
    return [out / "results.json", out / "results.csv", latest, *charts.values()]
