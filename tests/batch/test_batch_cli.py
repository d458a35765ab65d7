"""`gapreview batch` through typer's CliRunner, with a fake reviewer and GAPREVIEW_HOME in tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import typer
from batch_fakes import FakeReviewer, draft_text
from typer.testing import CliRunner

import app.batch_cli as batch_cli
from core.settings import Settings


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("GAPREVIEW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GAPREVIEW_MODEL", raising=False)
    seen: list[Settings] = []

    def fake_review_fn(settings: Settings) -> FakeReviewer:
        seen.append(settings)
        return FakeReviewer()

    monkeypatch.setattr(batch_cli, "make_review_fn", fake_review_fn)
    app = typer.Typer()
    app.command("noop")(lambda: None)  # two commands, so typer keeps subcommand names
    batch_cli.register(app)
    app.seen = seen  # type: ignore[attr-defined]  # lets a test inspect the settings the command built
    return app


def _invoke(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_batch_writes_reviews_and_summaries(cli: typer.Typer, drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "reviews"
    code, output = _invoke(cli, "batch", str(drafts), "--out", str(out))

    assert code == 0, output
    assert "[3/3]" in output and "3 drafts: 3 reviewed, 0 unchanged, 0 failed" in output
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [r["draft"] for r in rows] == ["alpha.md", "q3/beta.txt", "q3/gamma.md"]
    beta = rows[1]
    assert (beta["stage"], beta["findings"], beta["high"], beta["low"]) == ("exploring", "1", "1", "0")
    assert beta["top_findings"] == "[high] Who supports Beta scanners?"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "[q3/beta.txt](q3/beta.md)" in summary


def test_rerun_reports_unchanged_drafts(cli: typer.Typer, drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "reviews"
    _invoke(cli, "batch", str(drafts), "--out", str(out))
    code, output = _invoke(cli, "batch", str(drafts), "--out", str(out))
    assert code == 0
    assert "0 reviewed, 3 unchanged" in output
    assert len(list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))) == 3


def test_failures_are_listed_and_set_exit_code_1(cli: typer.Typer, drafts: Path, tmp_path: Path) -> None:
    (drafts / "broken.md").write_text(draft_text("Broken BOOM"), encoding="utf-8")
    out = tmp_path / "reviews"
    code, output = _invoke(cli, "batch", str(drafts), "--out", str(out))

    assert code == 1
    assert "failed: broken.md: RuntimeError: model exploded" in output
    rows = {r["draft"]: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8"))}
    assert rows["broken.md"]["status"] == "failed" and "model exploded" in rows["broken.md"]["error"]
    assert "## Failed drafts" in (out / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("fail_on", "expected"), [("high", 3), ("medium", 3), ("low", 3)])
def test_fail_on_sets_exit_code_3(cli: typer.Typer, drafts: Path, tmp_path: Path, fail_on: str, expected: int) -> None:
    code, output = _invoke(cli, "batch", str(drafts), "--out", str(tmp_path / "r"), "--fail-on", fail_on)
    assert code == expected
    assert "gate: q3/beta.txt" in output


def test_fail_on_high_passes_without_high_findings(cli: typer.Typer, tmp_path: Path) -> None:
    root = tmp_path / "calm"
    root.mkdir()
    (root / "a.md").write_text(draft_text("Calm", "medium"), encoding="utf-8")
    code, output = _invoke(cli, "batch", str(root), "--out", str(tmp_path / "r"), "--fail-on", "high")
    assert code == 0, output
    assert "gate:" not in output


def test_model_flag_reaches_the_reviewer_settings(cli: typer.Typer, drafts: Path, tmp_path: Path) -> None:
    _invoke(cli, "batch", str(drafts), "--out", str(tmp_path / "r"), "--model", "openai/gpt-4o-mini")
    seen = cli.seen  # type: ignore[attr-defined]
    assert seen[-1].model == "openai/gpt-4o-mini"
    assert seen[-1].home == tmp_path / "home"


def test_missing_drafts_folder_is_one_clear_line(cli: typer.Typer, tmp_path: Path) -> None:
    code, output = _invoke(cli, "batch", str(tmp_path / "nope"), "--out", str(tmp_path / "r"))
    assert code == 2
    assert output.strip() == f"error: {tmp_path / 'nope'}: not a directory of drafts"


def test_bad_fail_on_value_is_a_usage_error(cli: typer.Typer, drafts: Path, tmp_path: Path) -> None:
    code, output = _invoke(cli, "batch", str(drafts), "--out", str(tmp_path / "r"), "--fail-on", "urgent")
    assert code == 2
    assert "urgent" in output
