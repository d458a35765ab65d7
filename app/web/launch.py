"""Start the web page with `streamlit run`, bound to this machine unless the user says otherwise.

Why exec: Streamlit owns its server loop and CLI; running its own command keeps every Streamlit
option available (`gapreview app --server.port 8600`), and replacing this process with Streamlit's
(rather than running it as a child) means a SIGTERM from a supervisor, a container stop or `kill`
reaches the server itself, so nothing is left answering on the port. The defaults here come before
the user's arguments so the user's value wins.
"""

from __future__ import annotations

import os
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
    """Replace this process with the Streamlit server (returns only if exec itself fails)."""
    command = streamlit_command(extra_args)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execv(command[0], command)
    except OSError as exc:
        print(f"error: cannot start Streamlit ({exc})", file=sys.stderr)
        return 2
    return 0  # pragma: no cover - execv does not return
