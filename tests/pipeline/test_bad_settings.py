"""A bad setting is one clear line and exit 2 in every command and on the page, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "proposals" / "2fa-warehouse.md"


def gapreview(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_MAX_LLM_CALLS": "abc"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "command",
    [
        ["review", str(SAMPLE)],
        ["batch", str(SAMPLE.parent), "--out", "out"],
        ["eval", str(REPO / "evals" / "cases")],
        ["kb", "stats"],
        ["kb", "search", "sso"],
        ["app", "--server.port", "9"],  # refused before Streamlit starts
    ],
    ids=lambda c: " ".join(c[:2]) if c[0] == "kb" else c[0],
)
def test_every_command_refuses_a_bad_setting_in_one_line(command: list[str], tmp_path: Path) -> None:
    result = gapreview(command, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "max_llm_calls" in lines[0] and "GAPREVIEW_MAX_LLM_CALLS" in lines[0]
    assert "Traceback" not in result.stderr and not result.stdout.strip()
    assert not (tmp_path / "out").exists()  # nothing written before the settings were checked


def test_the_loader_names_the_setting_and_the_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_MAX_LLM_CALLS", "abc")
    with pytest.raises(ConfigError, match=r"^invalid setting max_llm_calls \(GAPREVIEW_MAX_LLM_CALLS.*integer"):
        load_settings()


def test_a_malformed_toml_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gapreview.toml").write_text("model = [unclosed", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="gapreview.toml"):
        load_settings()


def test_the_page_shows_the_same_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GAPREVIEW_MAX_LLM_CALLS", "abc")
    page = AppTest.from_file(str(REPO / "app" / "web" / "page_scripts" / "history.py"), default_timeout=60).run()
    assert not page.exception
    assert [e.value for e in page.error] and "invalid setting max_llm_calls" in page.error[0].value
