"""Fixtures: a drafts folder and settings whose data directory is the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_fakes import draft_text

from core.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", model=None)


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    root = tmp_path / "drafts"
    (root / "q3").mkdir(parents=True)
    (root / "alpha.md").write_text(draft_text("Alpha portal"), encoding="utf-8")
    (root / "q3" / "beta.txt").write_text(draft_text("Beta scanners", "high"), encoding="utf-8")
    (root / "q3" / "gamma.md").write_text(draft_text("Gamma roster", "medium"), encoding="utf-8")
    (root / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.md").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return root
