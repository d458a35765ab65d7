"""`gapreview app` starts Streamlit on localhost with the user's extra options passed through."""

from __future__ import annotations

import subprocess

import pytest

from app.web import launch


def test_launch_binds_localhost_and_passes_options_after_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_call(cmd: list[str]) -> int:
        seen.append(cmd)
        return 0

    monkeypatch.setattr(subprocess, "call", fake_call)

    assert launch.launch(["--server.port", "8600"]) == 0

    [cmd] = seen
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("app/web/streamlit_app.py")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert cmd[-2:] == ["--server.port", "8600"]  # after the defaults, so the user's value wins


def test_ctrl_c_is_a_normal_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(cmd: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess, "call", interrupted)
    assert launch.launch([]) == 130
