"""`gapreview eval`: compare reviewers on the labelled cases; thresholds set the exit code.

Exit codes: 0 all thresholds met, 1 a threshold missed (CI gate), 2 unusable input (bad case
file, bad settings).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from core.errors import GapreviewError
from core.settings import Settings, load_settings
from evals.cases import EvalCase, load_cases
from evals.runner import (
    Reviewer,
    Thresholds,
    aggregate,
    build_scorer,
    checklist_reviewer,
    pipeline_reviewer,
    results_document,
    run_eval,
    write_results,
)
from evals.scoring import CaseScore
from evals.table import results_table
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
) -> None:
    """Score reviewers (and the fixed checklist baseline) on labelled cases."""
    try:
        settings = load_settings()
        cases = load_cases(cases_dir)
        embedder = make_embedder(settings)
        reviewers = [make_reviewer(settings, m, embedder) for m in (model or ["builtin"])]
        reviewers.append(checklist_reviewer())
        scorer = build_scorer(embedder, cases, threshold)
        scores = run_eval(cases, reviewers, scorer, runs=runs, on_case=_progress)
        results = aggregate(scores)
        config = {
            "cases": str(cases_dir),
            "case_ids": [c.id for c in cases],
            "runs": runs,
            "threshold": scorer.threshold,
            "anchor_floor": scorer.anchor_floor,
            "embedder": embedder.name,
            "settings": settings.public_summary(),
        }
        target = out or settings.home / "evals" / "runs" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        written = write_results(results_document(results, scores, config), results, target, settings.home)
    except GapreviewError as exc:
        say(f"error: {exc}")
        raise typer.Exit(2) from None
    out_console.print(results_table(results, runs))
    say(f"results: {written[0]} ({len(written) - 3} charts in {target / 'charts'})")
    gates = Thresholds(min_recall, min_grounding, min_specificity, max_answered_raised, max_failures)
    violations = gates.violations(results)
    for violation in violations:
        say(f"threshold: {violation}")
    raise typer.Exit(1 if violations else 0)
