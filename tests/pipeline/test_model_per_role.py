"""A model for one role switches that role to LLM mode; the other roles stay builtin unless set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fakes import HashEmbedder, ScriptedModel

from agents.nodes.llm_views import LLMGapList
from agents.review import build_context, run_review
from app.cli import load_settings
from core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "proposals" / "2fa-warehouse.md"
PROPOSAL = SAMPLE.read_text(encoding="utf-8")
QUOTE = "Set the sign-in frequency on shared devices to once per shift (10 hours)."


def test_a_role_flag_alone_switches_that_role_on() -> None:
    settings = load_settings(roles={"it": "openai/gpt-4o"})
    assert settings.llm_enabled
    assert settings.model_for("it") == "openai/gpt-4o"
    assert settings.model_for("business") is None and settings.model_for("synthesis") is None
    context = build_context(settings)
    assert context.llm_for("it") is not None
    assert context.llm_for("business") is None and context.llm_for("synthesis") is None


def test_builtin_switches_every_role_off_but_the_flagged_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GAPREVIEW_BUSINESS_MODEL", "openai/from-env")
    assert not load_settings("builtin").llm_enabled
    only_it = load_settings("builtin", roles={"it": "openai/x"})
    assert only_it.model_for("it") == "openai/x" and only_it.model_for("business") is None


def test_only_the_configured_role_asks_the_model_and_meta_says_so(settings: Settings) -> None:
    it_only = settings.model_copy(update={"it_model": "openai/gpt-4o"})
    gap = {"kind": "hidden_dependency", "title": "Shift re-login at the 06:00 rush", "severity": "high", "quote": QUOTE}
    model = ScriptedModel.scripted(it=[LLMGapList.model_validate({"findings": [gap]})])
    report = run_review(PROPOSAL, it_only, context=build_context(it_only, embedder=HashEmbedder(), llm=model))
    assert model.roles() == ["it"]  # neither the business view nor the done definitions asked
    llm_findings = [f for f in report.findings + report.appendix if f.origin == "llm"]
    assert [(f.perspective, f.title) for f in llm_findings] == [("it", "Shift re-login at the 06:00 rush")]
    assert report.meta.mode == "llm" and report.meta.model == "openai/gpt-4o" and report.meta.llm_calls == 1
    used = report.meta.settings_used
    assert used["it_model"] == "openai/gpt-4o" and used["business_model"] == "builtin" and used["model"] == "builtin"
    assert not [w for w in report.meta.warnings if "model failed" in w]


def test_the_cli_role_flag_reaches_the_model(tmp_path: Path) -> None:
    """End to end: the IT model is called (here it cannot be reached), the business view is not."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_LLM_RETRIES": "0", "GAPREVIEW_LLM_TIMEOUT_S": "5"}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "review", str(SAMPLE), "--format", "json", "--no-kb"]
        + ["--it-model", "openai/test", "--api-base", "http://127.0.0.1:9/v1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    meta = json.loads(result.stdout)["meta"]
    assert meta["mode"] == "llm" and meta["llm_calls"] >= 1
    assert meta["settings_used"]["it_model"] == "openai/test"
    assert meta["settings_used"]["business_model"] == "builtin"
    failed = [w for w in meta["warnings"] if "model failed" in w]
    assert failed and all(w.startswith(("it perspective", "model openai/test failed for the it")) for w in failed)
