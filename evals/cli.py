"""`gapreview eval`: compare reviewers on the labelled cases; thresholds set the exit code.

Cases are read recursively; those under a `heldout` folder form the held-out split, the rest the
development split, and every table is printed per split (and overall). `--judge-model` has a
model label each finding specific | generic | wrong; `--labels` merges people's own labels,
which win over the judge's.

Exit codes: 0 all thresholds met, 1 a threshold missed (CI gate), 2 unusable input (bad case
file, bad labels file, bad settings). Thresholds apply to every case scored (use `--split` to gate
one split).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agents.schemas import ReviewReport
from core.errors import GapreviewError, InputError
from core.settings import Settings, load_settings
from evals.cases import EvalCase, Split, load_cases
from evals.judge import ClientFactory, JudgeSummary, judge_client_factory, judge_scores
from evals.labels import load_labels, merge_labels
from evals.runner import (
    ReportKey,
    Reviewer,
    Thresholds,
    aggregate,
    aggregate_splits,
    build_scorer,
    checklist_reviewer,
    pipeline_reviewer,
    results_document,
    run_eval,
    saved_reviewer,
    write_results,
)
from evals.scoring import CaseScore
from evals.table import split_tables
from knowledge.embeddings import Embedder

out_console = Console()
err = Console(stderr=True)


def say(message: str) -> None:
    """One plain line on stderr: no markup interpretation, no wrapping (logs stay greppable)."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder used for matching (a seam for tests, which pass a deterministic fake)."""
    from agents.review import default_embedder

    return default_embedder(settings)


def make_reviewer(settings: Settings, model: str, embedder: Embedder) -> Reviewer:
    """The reviewer for one --model value (a seam for tests)."""
    return pipeline_reviewer(settings, model, embedder)


def parse_saved(value: str) -> tuple[str, Path]:
    """`NAME=DIR` (or `DIR`, named after the folder) of saved reports; the folder must exist."""
    name, sep, folder = value.partition("=")
    path = Path(folder if sep else value)
    if not path.is_dir():
        raise InputError(f"--reports {value}: {path} is not a folder of JSON reports")
    return (name if sep and name else path.resolve().name), path


def make_judge_client(settings: Settings, model: str) -> ClientFactory:
    """LLM clients for the judge model (a seam for tests, which script the model's answers)."""
    return judge_client_factory(settings, model)


def _judge_line(summary: JudgeSummary) -> str:
    samples = f" (e.g. {', '.join(repr(s) for s in summary.unknown_samples)})" if summary.unknown_samples else ""
    return (
        f"judge: {summary.labelled} findings labelled; dropped {summary.invalid_labels} invalid labels "
        f"and {summary.unknown_ids} verdicts for unknown or repeated ids{samples}; {summary.calls_failed} cases failed"
    )


def _progress(reviewer: str, run: int, case: EvalCase, score: CaseScore) -> None:
    status = f"FAILED ({score.error})" if score.error else f"{score.findings} findings"
    say(f"{reviewer} run {run} {case.id}: {status} in {score.latency_s:.1f}s")


def evaluate(
    cases_dir: Annotated[Path, typer.Argument(help="Folder of <slug>.md + <slug>.yaml cases.")] = Path("evals/cases"),
    model: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="Reviewer to compare; repeatable. 'builtin' = no LLM."),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Repeat each reviewer; mean and spread reported.")] = 1,
    out: Annotated[
        Path | None, typer.Option("--out", help="Results folder (default: <home>/evals/runs/<time>).")
    ] = None,
    threshold: Annotated[float | None, typer.Option(help="Cosine threshold for matching (default calibrated).")] = None,
    min_recall: Annotated[float | None, typer.Option(help="Gate: minimum recall.")] = None,
    min_grounding: Annotated[float | None, typer.Option(help="Gate: minimum grounding rate.")] = None,
    min_specificity: Annotated[float | None, typer.Option(help="Gate: minimum specificity.")] = None,
    max_answered_raised: Annotated[float | None, typer.Option(help="Gate: maximum answered-raised rate.")] = None,
    max_failures: Annotated[float, typer.Option(help="Gate: maximum failed reviews per run.")] = 0,
    max_findings: Annotated[
        float | None, typer.Option(help="Gate: maximum number of findings on any one case.")
    ] = None,
    split: Annotated[
        Split | None, typer.Option("--split", help="Only this split: dev, or heldout (cases under a heldout folder).")
    ] = None,
    judge_model: Annotated[
        str | None,
        typer.Option("--judge-model", help="Model that labels every finding specific | generic | wrong."),
    ] = None,
    saved: Annotated[
        list[str] | None,
        typer.Option("--reports", help="NAME=DIR of saved JSON reports (<case id>.json) to score as a reviewer."),
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels", help="CSV of your own labels (case,finding_id,label[,reviewer]); wins over the judge."
        ),
    ] = None,
) -> None:
    """Score reviewers (and the fixed checklist baseline) on labelled cases."""
    judge: JudgeSummary | None = None
    unmatched = 0
    try:
        settings = load_settings()
        cases = load_cases(cases_dir, split)
        human = load_labels(labels) if labels is not None else []
        embedder = make_embedder(settings)
        reviewers = [make_reviewer(settings, m, embedder) for m in (model or ([] if saved else ["builtin"]))]
        reviewers += [saved_reviewer(*parse_saved(value), cases) for value in saved or []]
        reviewers.append(checklist_reviewer())
        scorer = build_scorer(embedder, cases, threshold)
        reports: dict[ReportKey, ReviewReport] = {}
        scores = run_eval(cases, reviewers, scorer, runs=runs, on_case=_progress, reports=reports)
        if judge_model:
            judge = judge_scores(cases, scores, reports, make_judge_client(settings, judge_model))
        unmatched = merge_labels(scores, human)
        results = aggregate(scores)
        splits = aggregate_splits(scores)
        config = {
            "cases": str(cases_dir),
            "case_ids": [c.id for c in cases],
            "split": split or "all",
            "split_sizes": {name: sum(c.split == name for c in cases) for name in ("dev", "heldout")},
            "judge_model": judge_model,
            "judge": None if judge is None else {k: v for k, v in vars(judge).items()},
            "labels": None if labels is None else {"file": str(labels), "rows": len(human), "unmatched": unmatched},
            "runs": runs,
            "threshold": scorer.threshold,
            "anchor_floor": scorer.anchor_floor,
            "embedder": embedder.name,
            "settings": settings.public_summary(),
        }
        target = out or settings.home / "evals" / "runs" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        document = results_document(results, scores, config, splits)
        written = write_results(document, results, target, settings.home, splits)
    except GapreviewError as exc:
        say(f"error: {exc}")
        raise typer.Exit(2) from None
    for table in split_tables(splits, runs):
        out_console.print(table)
    if judge is not None:
        for warning in judge.warnings:
            say(warning)
        say(_judge_line(judge))
    if unmatched:
        say(f"labels: {unmatched} of {len(human)} rows match no finding of this eval (case or id not found)")
    say(f"results: {written[0]} ({len(written) - 3} charts in {target / 'charts'})")
    gates = Thresholds(min_recall, min_grounding, min_specificity, max_answered_raised, max_failures, max_findings)
    violations = gates.violations(results)
    for violation in violations:
        say(f"threshold: {violation}")
    raise typer.Exit(1 if violations else 0)
