"""`langgraph dev` serves the graph langgraph.json declares, and runs it over HTTP with no context and
with a JSON context (needs the dev extra's langgraph-cli[inmem]; works offline)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from servers import free_port, stop_process

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
PROPOSAL = (REPO / "samples" / "proposals" / "2fa-warehouse.md").read_text(encoding="utf-8")


def _post(url: str, body: dict[str, Any], timeout: float = 180) -> Any:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.load(answer)


@pytest.fixture
def server(isolated_home: Path) -> Any:
    pytest.importorskip("langgraph_api", reason="langgraph-cli[inmem] (dev extra) is not installed")
    cli = shutil.which("langgraph", path=str(Path(sys.executable).parent)) or shutil.which("langgraph")
    if cli is None:
        pytest.skip("the langgraph CLI is not on PATH")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANGSMITH_TRACING": "false"}
    proc = subprocess.Popen(
        [cli, "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,  # langgraph.json's paths are relative to it; its state goes to .langgraph_api/ (git-ignored)
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/ok", timeout=2):
                    break
            except OSError:
                assert proc.poll() is None, "langgraph dev exited before serving"
                assert time.monotonic() < deadline, "langgraph dev did not come up"
                time.sleep(0.5)
        yield base
    finally:
        stop_process(proc)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_run_without_context_and_with_a_json_context(server: str) -> None:
    plain = _post(f"{server}/runs/wait", {"assistant_id": "gapreview", "input": {"raw_text": PROPOSAL}})
    report = plain["report"]  # the pipeline ran: concerns judged into the coverage map (listing follows the record)
    assert report["coverage"] and (report["findings"] or report["appendix"]) and report["meta"]["mode"] == "builtin"
    configured = _post(
        f"{server}/runs/wait",
        {"assistant_id": "gapreview", "input": {"raw_text": PROPOSAL}, "context": {"no_kb": True, "precedents_k": 2}},
    )
    used = configured["report"]["meta"]["settings_used"]
    assert used["knowledge_base"] == "off" and used["precedents_k"] == "2"
