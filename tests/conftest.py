"""Suite-wide safety: no test touches the user's real data directory or a configured model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))  # shared fakes: `from fakes import ...`


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("gapreview-home")
    monkeypatch.setenv("GAPREVIEW_HOME", str(home))
    for name in ("GAPREVIEW_MODEL", "GAPREVIEW_CHROMA_URL", "GAPREVIEW_API_BASE", "GAPREVIEW_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return home
