"""Settings come from gapreview.toml, then the environment, then CLI flags; keys are never recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import load_settings
from core.settings import Settings


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "gapreview.toml").write_text(
        'model = "openai/from-toml"\nbusiness_model = "openai/toml-business"\nmax_llm_calls = 7\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_toml_is_read_from_the_working_directory(project_dir: Path) -> None:
    settings = Settings()
    assert settings.model == "openai/from-toml" and settings.max_llm_calls == 7
    assert settings.model_for("business") == "openai/toml-business"
    assert settings.model_for("it") == "openai/from-toml"


def test_environment_beats_toml_and_flags_beat_both(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_MODEL", "openai/from-env")
    assert Settings().model == "openai/from-env"
    flagged = load_settings("openai/from-flag", roles={"it": "openai/flag-it"}, fallbacks=["openai/backup"])
    assert flagged.model == "openai/from-flag"
    assert flagged.model_for("it") == "openai/flag-it"
    assert flagged.model_for("business") == "openai/toml-business"
    assert flagged.fallback_models == ["openai/backup"]


def test_builtin_flag_switches_the_model_off(project_dir: Path) -> None:
    settings = load_settings("builtin")
    assert not settings.llm_enabled
    assert settings.public_summary()["model"] == "builtin"


def test_recorded_settings_never_hold_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_API_KEY", "sk-secret-123456")
    settings = Settings(model="openai/x", api_base="http://127.0.0.1:8080/v1")
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "sk-secret-123456"
    summary = settings.public_summary()
    assert summary["api_base"] == "http://127.0.0.1:8080/v1"
    assert "sk-secret-123456" not in repr(summary) and "sk-secret-123456" not in repr(settings)
