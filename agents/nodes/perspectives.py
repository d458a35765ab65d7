"""it_view and business_view: each side's unasked questions and hidden dependencies.

Both run in parallel. The builtin reviewer lists the open gaps of checks that blind reviewers did not
reject (agents/lenses/track_record.py); the rest stay in the coverage map. Its findings (from the analyse
node's judgements) always stand; with a model configured the LLM adds its findings, and if the model
fails the lens findings still stand.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from langgraph.runtime import Runtime

from agents.judge.findings import side_findings
from agents.lenses import track_record
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
    findings: list[Finding] = side_findings(
        side, state.get("judgements", []), proposal, state.get("facts", []), record=track_record.load_track_record()
    )
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
