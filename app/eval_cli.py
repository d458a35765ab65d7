"""`gapreview eval`: the command's place beside review, batch and kb (registered by app.cli).

The command itself (options, scoring, thresholds) lives in evals/cli.py; this module only puts it on
a typer app, so app/ owns the command line and evals/ owns what an evaluation means.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `eval` to a typer app (the main gapreview app, or a test's)."""
    from evals.cli import evaluate

    app.command("eval")(evaluate)
