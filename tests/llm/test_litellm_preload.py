"""litellm is imported once, early, in the background, when a review's LLM client is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import agents.llm as llm
from core.settings import Settings
assert "litellm" not in sys.modules
llm.LLMClient(Settings(model="openai/x", api_base="http://127.0.0.1:9/v1"))
first = llm._preload_thread
assert first is not None and first.name == "litellm-preload"
llm.LLMClient(Settings(model="openai/x", api_base="http://127.0.0.1:9/v1"))
assert llm._preload_thread is first  # a second client starts nothing new
first.join(120)
assert "litellm" in sys.modules
print("ok")
"""


def test_the_client_starts_one_background_import_of_litellm() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
