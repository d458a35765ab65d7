"""Start the web page with `streamlit run`, bound to this machine unless the user says otherwise.

Why a subprocess: Streamlit owns its server loop and CLI; running its own command keeps every
Streamlit option available (`gapreview app --server.port 8600`), and the defaults here come
before the user's arguments so the user's value wins.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("streamlit_app.py")
DEFAULT_ARGS = (
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--client.toolbarMode",
    "minimal",  # no "Deploy" button: this is a local tool, not a Streamlit Cloud app
)


def streamlit_command(extra_args: list[str]) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(SCRIPT), *DEFAULT_ARGS, *extra_args]


def launch(extra_args: list[str]) -> int:
    """Run the server in the foreground; returns its exit code (130 after Ctrl-C)."""
    try:
        return subprocess.call(streamlit_command(extra_args))
    except KeyboardInterrupt:
        return 130
