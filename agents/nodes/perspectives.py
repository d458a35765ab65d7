"""it_view and business_view: each side's unasked questions and hidden dependencies.

Both run in parallel. The lens engine always runs (offline, deterministic); with a model
configured the LLM adds its findings, and if the model fails the lens findings still stand.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Literal

from langgraph.runtime import Runtime

from agents.errors import ModelError
from agents.lenses.catalog import load_catalog, load_vocabulary
from agents.lenses.engine import ConcernJudgement, LensEngine
from agents.schemas import Finding
from agents.state import Proposal, ReviewContext, ReviewState

_ENGINE_LOCK = threading.Lock()


def it_view(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    return perspective_view("it", state, runtime.context)


def business_view(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    return perspective_view("business", state, runtime.context)


def lens_engine(ctx: ReviewContext) -> LensEngine:
    """One engine per run context, so catalogue vectors are embedded once per review at most."""
    with _ENGINE_LOCK:
        engine = ctx.scratch.get("lens_engine")
        if engine is None:
            engine = LensEngine(load_catalog(), load_vocabulary(), ctx.embedder)
            engine._concern_vectors()
            ctx.scratch["lens_engine"] = engine
        return engine


def lens_judgements(ctx: ReviewContext, engine: LensEngine, proposal: Proposal, vectors: Any) -> list[ConcernJudgement]:
    """Both sides need the same judgements: the first branch computes them, the other reuses them."""
    with _ENGINE_LOCK:
        cached = ctx.scratch.get("lens_judgements")
        if cached is None or cached[0] is not proposal:
            cached = (proposal, engine.judge(proposal, vectors))
            ctx.scratch["lens_judgements"] = cached
        return list(cached[1])


def perspective_view(side: Literal["it", "business"], state: ReviewState, ctx: ReviewContext) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = state["proposal"]
    engine = lens_engine(ctx)
    judgements = lens_judgements(ctx, engine, proposal, state["sentence_vectors"])
    findings: list[Finding] = engine.findings(proposal, judgements, side)
    warnings: list[str] = []
    dropped = 0
    if ctx.llm is not None:
        from agents.nodes.llm_views import llm_perspective

        try:
            llm_findings, dropped = llm_perspective(side, proposal, findings, state.get("precedents", []), ctx.llm)
            findings = findings + llm_findings
        except ModelError as exc:
            warnings.append(f"{side} perspective: model failed, builtin findings only ({exc})")
    return {
        "findings": findings,
        "warnings": warnings,
        "dropped_findings": dropped,
        "timings": {f"{side}_view": time.perf_counter() - started},
    }
