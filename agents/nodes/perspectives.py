"""it_view and business_view: each side's unasked questions and hidden dependencies.

Both run in parallel. The lens engine always runs (offline, deterministic); with a model
configured the LLM adds its findings, and if the model fails the lens findings still stand.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from langgraph.runtime import Runtime

from agents.lenses.catalog import load_catalog, load_vocabulary
from agents.lenses.engine import LensEngine
from agents.schemas import Finding
from agents.state import ReviewContext, ReviewState
from core.errors import ModelError


def it_view(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    return perspective_view("it", state, runtime.context)


def business_view(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    return perspective_view("business", state, runtime.context)


def perspective_view(side: Literal["it", "business"], state: ReviewState, ctx: ReviewContext) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = state["proposal"]
    engine = LensEngine(load_catalog(), load_vocabulary(), ctx.embedder)
    findings: list[Finding] = engine.findings(proposal, state.get("judgements", []), side)
    warnings: list[str] = []
    dropped = 0
    if (llm := ctx.llm_for(side)) is not None:
        from agents.nodes.llm_views import llm_perspective

        try:
            llm_findings, dropped = llm_perspective(side, proposal, findings, state.get("precedents", []), llm)
            findings = findings + llm_findings
        except ModelError as exc:
            warnings.append(f"{side} perspective: model failed, builtin findings only ({exc})")
    return {
        "findings": findings,
        "warnings": warnings,
        "dropped_findings": dropped,
        "timings": {f"{side}_view": time.perf_counter() - started},
    }
