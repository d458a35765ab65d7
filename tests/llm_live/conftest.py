"""Fixtures for the live LLM tier: a real model server on 127.0.0.1, skipped without the extra.

The session server is terminated afterwards; its log is kept for failure messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_server import LocalServer, gguf_path, start_server, stop_server


@pytest.fixture(scope="session")
def gguf() -> Path:
    return gguf_path()


@pytest.fixture(scope="session")
def llm_server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One server for the whole live tier."""
    server = start_server(gguf, tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    stop_server(server)


@pytest.fixture
def server_factory(gguf: Path, tmp_path: Path) -> Iterator[Callable[[], LocalServer]]:
    """Extra servers a test may kill on purpose; whatever is still running is stopped afterwards."""
    started: list[LocalServer] = []

    def make() -> LocalServer:
        server = start_server(gguf, tmp_path / f"server{len(started)}.log")
        started.append(server)
        return server

    yield make
    for server in started:
        stop_server(server)
