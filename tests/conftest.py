"""Suite-wide safety: no test touches the user's real data directory or a configured model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))  # shared fakes: `from fakes import ...`


@pytest.fixture(scope="session")
def embedding_cache(request: pytest.FixtureRequest) -> Path:
    """Embeddings are pure functions of model and text: share them across tests and sessions."""
    return Path(request.config.cache.mkdir("gapreview-embeddings"))


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, embedding_cache: Path
) -> Path:
    home = tmp_path_factory.mktemp("gapreview-home")
    monkeypatch.setenv("GAPREVIEW_HOME", str(home))
    monkeypatch.setenv("GAPREVIEW_EMBEDDING_CACHE", str(embedding_cache))
    for name in ("GAPREVIEW_MODEL", "GAPREVIEW_CHROMA_URL", "GAPREVIEW_API_BASE", "GAPREVIEW_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return home
