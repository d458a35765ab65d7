"""`gapreview batch` and `gapreview eval`: thin typer commands over app.batch and evals.runner.

Registered on the main app by `register(app)`. Settings are created here, at the edge, and
derived per run with `model_copy`; errors meant for users become one line on stderr.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from agents.schemas import Severity
from app.batch import BatchProgress, DraftOutcome, ReviewFn, pipeline_review, run_batch
from app.batch_summary import write_summaries
from core.errors import GapreviewError
from core.settings import Settings

err = Console(stderr=True)


def say(message: str) -> None:
    """One plain line on stderr: no markup interpretation, no wrapping (logs stay greppable)."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


class FailOn(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


def make_review_fn(settings: Settings) -> ReviewFn:
    """The reviewer a batch uses (a seam for tests, which pass a fake)."""
    return pipeline_review(settings)


class PlainProgress(BatchProgress):
    """One line per draft: readable in CI logs, where a redrawn bar would be noise."""

    def __init__(self) -> None:
        self.total, self.done = 0, 0

    def start(self, total: int) -> None:
        self.total = total
        say(f"{total} drafts")

    def advance(self, outcome: DraftOutcome) -> None:
        self.done += 1
        detail = f"{len(outcome.report.findings)} findings" if outcome.report is not None else outcome.error or ""
        say(f"[{self.done}/{self.total}] {outcome.status} {outcome.name}: {detail}")


class BarProgress(BatchProgress):
    """A rich progress bar with counts and ETA, for terminals."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("reviewing", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def advance(self, outcome: DraftOutcome) -> None:
        self.progress.update(self.task, advance=1, description=f"{outcome.status} {outcome.name}"[:40])


def _settings(model: str | None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"model": model}) if model else settings


def batch(
    drafts: Annotated[Path, typer.Argument(help="Folder of drafts (.md .txt .docx .pdf), searched recursively.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <name>.json/.md, summary.csv, summary.md.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Drafts reviewed at once.")] = 4,
    model: Annotated[str | None, typer.Option("--model", help="litellm model string; 'builtin' = no LLM.")] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 3 if any draft has a finding of this severity or higher."),
    ] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="The organisation's own rules file (YAML).")] = None,
) -> None:
    """Review every draft in a folder; unchanged drafts keep their review.

    Exit 0 = all reviewed, 1 = a draft failed, 2 = unusable input, 3 = the --fail-on gate tripped.
    """
    try:
        settings = _settings(model)
        if rules is not None:
            settings = settings.model_copy(update={"rules": rules})
        rules_file(settings)  # a broken rules file stops here, before any draft is reviewed
        review = make_review_fn(settings)
        if err.is_terminal:
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err) as bar:
                result = run_batch(drafts, out, settings, review, jobs=jobs, progress=BarProgress(bar))
        else:
            result = run_batch(drafts, out, settings, review, jobs=jobs, progress=PlainProgress())
        csv_path, md_path = write_summaries(result, out)
    except GapreviewError as exc:
        say(f"error: {exc}")
        raise typer.Exit(2) from None
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("reviewed", "skipped", "failed")}
    say(
        f"{len(result.outcomes)} drafts: {counts['reviewed']} reviewed, {counts['skipped']} unchanged, "
        f"{counts['failed']} failed. Summary: {md_path} and {csv_path}"
    )
    for warning in result.warnings:
        say(f"warning: {warning}")
    for failed in result.failures:
        say(f"failed: {failed.name}: {failed.error}")
    severity: Severity | None = fail_on.value if fail_on else None
    for gated in result.gated(severity):
        say(f"gate: {gated.name} has findings of severity {severity} or higher")
    raise typer.Exit(result.exit_code(severity))


def rules_file(settings: Settings) -> object:
    from agents.lenses.rules import rules_file as load

    return load(settings)


def register(app: typer.Typer) -> None:
    """Add `batch` and `eval` to the main gapreview app."""
    from evals.cli import evaluate

    app.command("batch")(batch)
    app.command("eval")(evaluate)


if __name__ == "__main__":  # pragma: no cover - `python -m app.batch_cli batch|eval ...` before cli.py wires it
    standalone = typer.Typer()
    register(standalone)
    standalone()
