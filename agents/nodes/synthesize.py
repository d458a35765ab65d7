"""synthesize: merge both sides' findings, drop near-duplicates, rank, cap, and build the report.

A reader acts on about a dozen findings; the rest go to the appendix rather than being lost.
"""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
from langgraph.runtime import Runtime

from agents.lenses.rules import rules_version
from agents.schemas import SEVERITY_RANK, Commitment, DoneDefinitions, Finding, ReviewMeta, ReviewReport
from agents.state import ReviewContext, ReviewState

READING_CAP = 12
DUPLICATE_SIMILARITY = 0.93
ORIGIN_RANK = {"done": 0, "lens": 1, "llm": 2}


def synthesize(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    ctx = runtime.context
    commitment = state.get("commitment") or Commitment()
    findings = unique_ids(deduplicate(state.get("findings", []), ctx))
    ranked = keep_each_kind_visible(sorted(findings, key=lambda f: rank_key(f, commitment)))
    timings = {**state.get("timings", {}), "synthesize": time.perf_counter() - started}
    report = ReviewReport(
        findings=ranked[:READING_CAP],
        appendix=ranked[READING_CAP:],
        commitment=commitment,
        done_definitions=state.get("done_definitions") or DoneDefinitions(),
        precedents=state.get("precedents", []),
        coverage=state.get("coverage", []),
        exchanges=state.get("exchanges", []),
        meta=build_meta(state, ctx, timings),
    )
    return {"report": report, "timings": {"synthesize": timings["synthesize"]}}


def rank_key(finding: Finding, commitment: Commitment) -> tuple[int, int, int]:
    """Severity first; then gaps whose evidence touches a commitment already made."""
    quotes = {getattr(e, "quote", "") for e in finding.evidence}
    blocks_commitment = commitment.stage == "committed" and bool(quotes & set(commitment.signals))
    return (
        SEVERITY_RANK[finding.severity],
        0 if blocks_commitment else 1,
        ORIGIN_RANK.get(finding.origin, len(ORIGIN_RANK)),
    )


def keep_each_kind_visible(ranked: list[Finding], cap: int = READING_CAP) -> list[Finding]:
    """Each kind of gap the tool promises (questions, dependencies, 'done') keeps a place in the top
    `cap`: a low-severity divergence in 'done' is still the one thing both sides must agree on."""
    head, tail = ranked[:cap], ranked[cap:]
    for kind in ("done_divergence", "hidden_dependency", "unasked_question"):
        if any(f.kind == kind for f in head):
            continue
        promoted = next((f for f in tail if f.kind == kind), None)
        if promoted is None:
            continue
        counts = {k: sum(1 for f in head if f.kind == k) for k in {f.kind for f in head}}
        demoted = next(f for f in reversed(head) if counts[f.kind] > 1)
        head = [f for f in head if f is not demoted] + [promoted]
        tail = [demoted] + [f for f in tail if f is not promoted]
    return head + tail


def deduplicate(findings: list[Finding], ctx: ReviewContext) -> list[Finding]:
    """Keep the first of any findings that ask the same thing (same concern or near-identical meaning).

    Only LLM findings need embedding: lens findings are unique by concern already.
    """
    by_concern: dict[str, Finding] = {}
    rest: list[Finding] = []
    for finding in findings:
        if finding.concern and finding.origin != "llm":
            by_concern.setdefault(finding.concern, finding)
        else:
            rest.append(finding)
    kept = list(by_concern.values())
    if not rest:
        return kept
    vectors = ctx.embedder.embed_queries([f"{f.title}. {f.detail}" for f in kept + rest])
    kept_vecs = list(vectors[: len(kept)])
    for finding, vec in zip(rest, vectors[len(kept) :], strict=True):
        if kept_vecs and float(np.max(np.vstack(kept_vecs) @ vec)) >= DUPLICATE_SIMILARITY:
            continue
        kept.append(finding)
        kept_vecs.append(vec)
    return kept


def unique_ids(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        count = seen.get(finding.id, 0)
        seen[finding.id] = count + 1
        result.append(finding if count == 0 else finding.model_copy(update={"id": f"{finding.id}-{count + 1}"}))
    return result


def build_meta(state: ReviewState, ctx: ReviewContext, timings: dict[str, float]) -> ReviewMeta:
    usage = getattr(ctx.llm, "usage", None)
    proposal = state.get("proposal")
    return ReviewMeta(
        gapreview_version=package_version(),
        mode="llm" if ctx.llm is not None else "builtin",
        model=ctx.settings.model if ctx.llm is not None else None,
        language=proposal.language if proposal else "en",
        llm_calls=getattr(usage, "calls", 0),
        prompt_tokens=getattr(usage, "prompt_tokens", 0),
        completion_tokens=getattr(usage, "completion_tokens", 0),
        cost_usd=getattr(usage, "cost_usd", None),
        dropped_findings=state.get("dropped_findings", 0),
        node_durations={k: round(v, 4) for k, v in timings.items()},
        settings_used=ctx.settings.public_summary(),
        rules_version=rules_version(ctx.settings),
        warnings=list(dict.fromkeys(state.get("warnings", []) + list(getattr(ctx.llm, "warnings", [])))),
    )


def package_version() -> str:
    try:
        return version("gapreview")
    except PackageNotFoundError:
        return "0+unknown"
