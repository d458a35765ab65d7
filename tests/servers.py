"""Helpers for tests that start real local servers (Chroma, llama.cpp, Streamlit) on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    """A port nobody listens on right now, on the loopback interface only."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """Terminate politely, then kill: a test run must never leave a server behind."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
