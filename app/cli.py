"""The `gapreview` command line: review, app, kb, batch, eval.

User mistakes become one clear line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app import model_worker

if __name__ == "__main__" or Path(sys.argv[0]).stem == "gapreview":  # a real command line, not an import
    model_worker.start_early(sys.argv[1:])  # litellm's import starts on another core, before ours

from enum import StrEnum  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from agents.schemas import ReviewReport  # noqa: E402
from core import settings as core_settings  # noqa: E402
from core.errors import GapreviewError  # noqa: E402
from core.file_types import SUPPORTED_SUFFIXES  # noqa: E402
from core.settings import Settings  # noqa: E402

app = typer.Typer(
    name="gapreview",
    help="Perspective-gap review: what IT and the business\nhave not asked each other yet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


class OutputFormat(StrEnum):
    markdown = "markdown"
    json = "json"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one user-facing error line and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code)


def load_settings(
    model: str | None = None,
    api_base: str | None = None,
    roles: dict[str, str | None] | None = None,
    fallbacks: list[str] | None = None,
    no_kb: bool = False,
) -> Settings:
    """Settings from env and gapreview.toml, with CLI flags taking precedence.

    `--model builtin` switches every role off except those given a model by flag in the same command;
    a role's own flag (`--it-model x`) switches that role to LLM mode and leaves the others as they are.
    """
    overrides: dict[str, object] = {}
    if model is not None:
        overrides["model"] = model
    if api_base is not None:
        overrides["api_base"] = api_base
    for role, role_model in (roles or {}).items():
        if role_model is not None:
            overrides[f"{role}_model"] = role_model
    if fallbacks:
        overrides["fallback_models"] = fallbacks
    if no_kb:
        overrides["no_kb"] = True
    try:
        return core_settings.load_settings(**overrides)
    except GapreviewError as exc:
        raise fail(str(exc)) from None


def with_rules(settings: Settings, rules: Path | None) -> Settings:
    """Apply a --rules flag and validate the rules file now: a broken file is one clear line, exit 2."""
    from agents.lenses.rules import rules_file

    if rules is not None:
        settings = settings.model_copy(update={"rules": rules})
    try:
        rules_file(settings)
    except GapreviewError as exc:
        raise fail(escape(str(exc))) from exc
    return settings


def parse_format(value: str) -> OutputFormat:
    try:
        return OutputFormat(value.lower())
    except ValueError:
        choices = ", ".join(f.value for f in OutputFormat)
        raise fail(f"unknown --format {value!r} (choose one of: {choices})") from None


def read_proposal(source: str, settings: Settings) -> tuple[str, str]:
    """(text, name) from a path or '-' for stdin."""
    from app.documents import decode_document, read_document

    if source == "-":
        data = sys.stdin.buffer.read()
        return decode_document(data, "-", settings.max_proposal_bytes), "stdin"
    path = Path(source)
    return read_document(path, settings.max_proposal_bytes), path.stem


@app.command()
def review(
    source: Annotated[str, typer.Argument(help=f"proposal file ({' '.join(SUPPORTED_SUFFIXES)}) or '-' for stdin")],
    output_format: Annotated[str, typer.Option("--format", "-f", help="markdown or json")] = "markdown",
    model: Annotated[str | None, typer.Option(help="litellm model string, or 'builtin'")] = None,
    api_base: Annotated[str | None, typer.Option("--api-base", help="OpenAI-compatible server URL")] = None,
    no_kb: Annotated[bool, typer.Option("--no-kb", help="do not consult the knowledge base")] = False,
    it_model: Annotated[str | None, typer.Option("--it-model", help="model for the IT view")] = None,
    business_model: Annotated[str | None, typer.Option("--business-model", help="model for the business view")] = None,
    synthesis_model: Annotated[
        str | None,
        typer.Option("--synthesis-model", help="model for done definitions, cross-examination and synthesis"),
    ] = None,
    fallback_model: Annotated[
        list[str] | None, typer.Option("--fallback-model", help="tried in order when a model fails (repeatable)")
    ] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="the organisation's own rules file (YAML)")] = None,
) -> None:
    """Review a draft proposal and print the gaps between the IT and business perspectives."""
    fmt = parse_format(output_format)
    roles = {"it": it_model, "business": business_model, "synthesis": synthesis_model}
    settings = with_rules(load_settings(model, api_base, roles, fallback_model, no_kb=no_kb), rules)
    try:
        text, name = read_proposal(source, settings)
        report = _review(text, settings)
    except GapreviewError as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        from app.render import render_markdown

        sys.stdout.write(render_markdown(report, name))


def _review(text: str, settings: Settings) -> ReviewReport:
    """One review; the knowledge base (unless --no-kb) and the model client come from the settings.

    With a model, litellm runs in a worker process (started early, see app.model_worker), so its
    multi-second import overlaps this process's own imports and the first nodes on another core.
    """
    worker = model_worker.worker_for(settings.llm_enabled)
    llm = None
    if worker is not None:
        from agents.llm import LLMClient

        llm = LLMClient(settings, litellm=worker)
    from agents.review import build_context, run_review

    try:
        context = build_context(settings, llm=llm)
        context.knowledge  # noqa: B018 - open it now: an unreachable knowledge base is the user's error to fix
        return run_review(text, settings, context=context)
    finally:
        if worker is not None:
            worker.close()


@app.command(
    "app",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def web_app(ctx: typer.Context) -> None:
    """Start the web page on 127.0.0.1 (extra Streamlit options pass through)."""
    from app.web.launch import launch

    load_settings()  # a bad setting stops here with one line, not later inside the page

    raise typer.Exit(launch(list(ctx.args)))


def _register_subcommands() -> None:
    from app import batch_cli, eval_cli
    from app.kb_cli import kb_app

    app.add_typer(kb_app, name="kb", help="Knowledge base of past decisions: add, search, stats, remove.")
    batch_cli.register(app)
    eval_cli.register(app)


_register_subcommands()


def main() -> None:
    try:
        app()
    except GapreviewError as exc:
        err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
        raise SystemExit(2) from exc
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
