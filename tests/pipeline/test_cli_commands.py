"""Each command is registered from its own module: review and app in app.cli, batch in app.batch_cli,
eval in app.eval_cli (over evals/cli.py), kb in app.kb_cli."""

from __future__ import annotations

import typer

from app import batch_cli, eval_cli
from app.cli import app


def test_the_main_app_has_every_command() -> None:
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert {"review", "app", "batch", "eval"} <= commands
    assert "kb" in {g.name for g in app.registered_groups}


def test_batch_and_eval_register_only_themselves() -> None:
    only_batch, only_eval = typer.Typer(), typer.Typer()
    batch_cli.register(only_batch)
    eval_cli.register(only_eval)
    assert [c.name for c in only_batch.registered_commands] == ["batch"]
    assert [c.name for c in only_eval.registered_commands] == ["eval"]
