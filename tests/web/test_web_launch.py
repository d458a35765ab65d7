"""`gapreview app` becomes the Streamlit server on localhost, so stopping it stops the server."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from servers import free_port, stop_process

from app.web import launch

REPO = Path(__file__).resolve().parents[2]


def test_launch_execs_streamlit_on_localhost_with_options_after_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: seen.append((path, list(argv))))

    launch.launch(["--server.port", "8600"])

    [(path, cmd)] = seen
    assert path == sys.executable == cmd[0]
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("app/web/streamlit_app.py")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert cmd[-2:] == ["--server.port", "8600"]  # after the defaults, so the user's value wins


def test_a_failing_exec_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(path: str, argv: list[str]) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "execv", refuse)
    assert launch.launch([]) == 2
    assert capsys.readouterr().err.strip().startswith("error: cannot start Streamlit")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.integration
def test_sigterm_to_gapreview_app_leaves_nothing_on_the_port(isolated_home: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "app", "--server.port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group: a leftover child could not hide in ours
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert proc.poll() is None, "gapreview app exited before serving"
                assert time.monotonic() < deadline, "the page did not come up"
                time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        deadline = time.monotonic() + 10
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), "something still answers on the port after SIGTERM"
    finally:
        stop_process(proc)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # never leave an orphan behind, even when the test fails
