"""`gapreview batch`: a thin typer command over app.batch (registered on the main app by app.cli).

Settings are loaded here, at the edge, through the one settings loader; errors meant for users
(bad settings included) become one line on stderr and exit 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, cast

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

from agents.schemas import SEVERITIES, Severity
from app.batch import BatchProgress, DraftOutcome, ReviewFn, pipeline_review, run_batch
from app.batch_summary import write_summaries
from core.errors import GapreviewError
from core.file_types import SUPPORTED_SUFFIXES
from core.settings import Settings, load_settings

err = Console(stderr=True)


def say(message: str) -> None:
    """One plain line on stderr: no markup interpretation, no wrapping (logs stay greppable)."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


FailOn = StrEnum("FailOn", [(severity, severity) for severity in SEVERITIES])  # type: ignore[misc]
"""--fail-on's choices: the report contract's severities, highest first."""


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
    """Settings from env and gapreview.toml; `--model` as in `review` ('builtin' = every role builtin)."""
    return load_settings() if model is None else load_settings(model=model)


def batch(
    drafts: Annotated[
        Path, typer.Argument(help=f"Folder of drafts ({' '.join(SUPPORTED_SUFFIXES)}), searched recursively.")
    ],
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
    severity = cast(Severity, fail_on.value) if fail_on else None  # FailOn's values are SEVERITIES
    for gated in result.gated(severity):
        say(f"gate: {gated.name} has findings of severity {severity} or higher")
    raise typer.Exit(result.exit_code(severity))


def rules_file(settings: Settings) -> object:
    from agents.lenses.rules import rules_file as load

    return load(settings)


def register(app: typer.Typer) -> None:
    """Add `batch` to a typer app (the main gapreview app, or a test's)."""
    app.command("batch")(batch)
