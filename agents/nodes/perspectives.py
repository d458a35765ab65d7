"""it_view and business_view: each side's unasked questions and hidden dependencies.

Both run in parallel. Without a model (or when it fails) a side lists the open gaps of checks that blind
reviewers did not reject (agents/lenses/track_record.py); the rest stay in the coverage map. With a model,
every open gap is a candidate beside the model's own findings, and the synthesis weighs them all against
the proposal itself.
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
    judgements, facts = state.get("judgements", []), state.get("facts", [])
    record = track_record.load_track_record(ctx.settings.track_record)
    findings: list[Finding] = side_findings(side, judgements, proposal, facts, record=record)
    warnings: list[str] = []
    dropped = 0
    if (llm := ctx.llm_for(side)) is not None:
        from agents.nodes.llm_views import llm_perspective

        # every open gap is a candidate for the model, whose synthesis weighs it against the proposal; if the
        # model fails, the reader gets what builtin mode lists (without the checks reviewers rejected)
        candidates = side_findings(side, judgements, proposal, facts)
        try:
            llm_findings, dropped = llm_perspective(side, proposal, candidates, state.get("precedents", []), llm)
            findings = candidates + llm_findings
        except ModelError as exc:
            warnings.append(f"{side} perspective: model failed, builtin findings only ({exc})")
    return {
        "findings": findings,
        "warnings": warnings,
        "dropped_findings": dropped,
        "timings": {f"{side}_view": time.perf_counter() - started},
    }
