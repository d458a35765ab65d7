"""`gapreview kb ...`: add, search, inspect and prune the knowledge base of past decisions.

Thin on purpose: every rule lives in `knowledge/`; this module turns arguments into calls and
results into text, JSON and exit codes (0 ok, 1 some files failed or nothing to remove, 2 a user
error such as an unreachable Chroma server).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from core.errors import GapreviewError
from core.settings import load_settings

if TYPE_CHECKING:  # chromadb is heavy: import it only when a kb command runs, not on every CLI start
    from knowledge.ingest import IngestReport
    from knowledge.store import DecisionStore

kb_app = typer.Typer(help="The knowledge base of past decisions.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _store() -> DecisionStore:
    from knowledge.store import open_knowledge

    try:
        return open_knowledge(load_settings())
    except GapreviewError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


@kb_app.command()
def add(paths: Annotated[list[Path], typer.Argument(help="record files or folders (recursive)")]) -> None:
    """Add or update decision records (.md, .txt, .docx, .pdf); unchanged files are skipped."""
    from knowledge.ingest import ingest_paths

    store = _store()
    try:
        if err.is_terminal:
            with Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("ingest", total=None)
                report = ingest_paths(
                    store, paths, progress=lambda done, total: bar.update(task, completed=done, total=total)
                )
        else:
            report = ingest_paths(store, paths)
    except GapreviewError as exc:
        _fail(str(exc))
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: IngestReport) -> None:
    out.print(
        f"added {len(report.added)}, replaced {len(report.replaced)}, unchanged {report.unchanged}, "
        f"chunks written {report.chunks_written}, failed {len(report.failures)}"
    )
    for skip in report.skipped:
        out.print(f"skipped {escape(skip.path)}: {escape(skip.reason)}", style="dim", soft_wrap=True)
    for failure in report.failures:
        err.print(f"[red]failed[/] {escape(failure.path)}: {escape(failure.reason)}", soft_wrap=True)


@kb_app.command()
def search(
    query: Annotated[str, typer.Argument(help="what to look for, in any language")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="number of records")] = 5,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Find past decisions relevant to QUERY (superseded ones are flagged and ranked lower)."""
    if fmt not in {"text", "json"}:
        _fail(f"--format must be text or json, not {fmt!r}")
    try:
        hits = _store().search(query, k)
    except GapreviewError as exc:
        _fail(str(exc))
    if fmt == "json":
        typer.echo(json.dumps([hit.model_dump() for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        out.print("no matching decisions (is the knowledge base empty? try `gapreview kb add`)")
    for hit in hits:
        flag = "" if hit.is_current else f" [bold yellow]{escape(f'[{hit.status}: not current]')}[/]"
        out.print(
            f"[bold]{escape(hit.decision_id)}[/] {escape(hit.title)}{flag}  "
            f"[dim]{hit.score:.2f} {escape(hit.section or '')} {escape(hit.source)}[/]",
            soft_wrap=True,
        )
        quote = " ".join(hit.quote.split())
        more = "..." if len(quote) > 300 else ""
        out.print(f"    {escape(quote[:300])}{more}", highlight=False, soft_wrap=True)


@kb_app.command()
def stats() -> None:
    """Records, chunks, sources, embedding model, store location and size on disk."""
    try:
        figures = _store().stats()
    except GapreviewError as exc:
        _fail(str(exc))
    size = f"{figures.size_on_disk / 1e6:.1f} MB" if figures.size_on_disk is not None else "n/a (server)"
    for name, value in [
        ("records", figures.records),
        ("chunks", figures.chunks),
        ("sources", figures.sources),
        ("statuses", ", ".join(f"{k} {v}" for k, v in sorted(figures.statuses.items())) or "-"),
        ("embedding model", figures.embedding_model),
        ("location", figures.location),
        ("size on disk", size),
    ]:
        out.print(f"{name:16} {escape(str(value))}", soft_wrap=True, highlight=False)


@kb_app.command()
def remove(
    decision_id: Annotated[str | None, typer.Argument(help="decision id, e.g. ADR-0021")] = None,
    source: Annotated[Path | None, typer.Option("--source", help="remove the record read from this file")] = (None),
) -> None:
    """Remove one record, by decision id or by its source file."""
    if (decision_id is None) == (source is None):
        _fail("give either a DECISION_ID or --source PATH (exactly one)")
    try:
        removed = _store().remove(decision_id=decision_id, source=source)
    except GapreviewError as exc:
        _fail(str(exc))
    if not removed:
        what = f"decision id {decision_id!r}" if decision_id else f"source {source}"
        _fail(f"nothing to remove: no record with {what} (see `gapreview kb search` for ids)", code=1)
    out.print(f"removed {removed} chunks of {escape(decision_id or str(source))}")
