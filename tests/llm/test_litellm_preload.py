"""litellm is imported once, early, in the background, when a review's LLM client is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, threading
from agents.llm import LLMClient
from core.settings import Settings
assert "litellm" not in sys.modules
LLMClient(Settings(model="openai/x", api_base="http://127.0.0.1:9/v1"))
LLMClient(Settings(model="openai/x", api_base="http://127.0.0.1:9/v1"))  # a second client starts nothing new
threads = [t for t in threading.enumerate() if t.name == "litellm-preload"]
assert len(threads) == 1, threads
threads[0].join(120)
assert "litellm" in sys.modules
print("ok")
"""


def test_the_client_starts_one_background_import_of_litellm() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
