"""Every web test gets its own data directory and a fast, offline pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from web_fakes import FakeEmbedder, ScriptedPipeline, make_report, revised_report  # noqa: E402

from agents import review as pipeline  # noqa: E402
from core.settings import Settings  # noqa: E402


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "home"
    monkeypatch.setenv("GAPREVIEW_HOME", str(data))
    monkeypatch.delenv("GAPREVIEW_MODEL", raising=False)
    monkeypatch.setattr(pipeline, "default_embedder", lambda settings: FakeEmbedder())
    return data


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings()


@pytest.fixture
def scripted(home: Path, monkeypatch: pytest.MonkeyPatch) -> ScriptedPipeline:
    fake = ScriptedPipeline(make_report(), revised_report())
    monkeypatch.setattr(pipeline, "run_review", fake)
    return fake
