"""synthesize: choose, order and cap the findings, and build the report.

A reader acts on about ten findings; the rest go to the appendix rather than being lost. Which ten
depends on the mode: without a model the deterministic policy ranks the engine's findings (its done
divergences go beside the definitions of done, see DONE_SECTION_ORIGINS); with a
model, the model leads (a synthesis call merges, drops and scores every candidate), and when that
call fails or the budget forbids it, the fallback policy puts the model's findings first. The
report says which path ran (`meta.synthesis`).
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from langgraph.runtime import Runtime

from agents.judge.analysis import library_version
from agents.lenses.rules import rules_version
from agents.nodes.llm_precedents import update_precedents
from agents.nodes.ranking import (
    ENGINE_ORIGINS,
    READING_CAP,
    fallback_order,
    keep_each_kind_visible,
    merge_duplicates,
    rank,
    unique_ids,
)
from agents.schemas import Commitment, DoneDefinitions, Finding, Relation, ReviewMeta, ReviewReport, SynthesisPath
from agents.state import ReviewContext, ReviewState
from core.errors import ModelError
from core.version import package_version

__all__ = ["READING_CAP", "Ordering", "synthesize", "order_findings"]

DONE_SECTION_ORIGINS = frozenset({"done"})
"""Builtin done divergences are shown beside the criteria they are about (the report's definitions
of done, and the appendix), not in the ranked list: judged blind on the development cases, 8 of 17
were wrong (a criterion misread, or a side's test the proposal answers elsewhere) against 6
specific, too few for the handful of findings a committee reads. With a model, the model's
synthesis decides where each candidate goes."""


class Ordering(NamedTuple):
    """The path taken, all findings in order, how many are visible, invalid model items, warnings,
    and the precedent relations the model decided (decision id -> (model's relation, detected))."""

    path: SynthesisPath
    ordered: list[Finding]
    visible: int
    invalid: int
    warnings: list[str]
    relations: dict[str, tuple[Relation | None, Relation]] = {}


def synthesize(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    ctx = runtime.context
    commitment = state.get("commitment") or Commitment()
    findings = unique_ids(state.get("findings", []))
    path, ordered, visible_count, invalid, warnings, relations = order_findings(state, ctx, findings, commitment)
    timings = {**state.get("timings", {}), "synthesize": time.perf_counter() - started}
    report = ReviewReport(
        findings=ordered[:visible_count],
        appendix=ordered[visible_count:],
        commitment=commitment,
        done_definitions=state.get("done_definitions") or DoneDefinitions(),
        precedents=update_precedents(state.get("precedents", []), relations),
        coverage=state.get("coverage", []),
        exchanges=state.get("exchanges", []),
        meta=build_meta(state, ctx, timings, path, invalid, warnings),
    )
    return {"report": report, "timings": {"synthesize": timings["synthesize"]}}


def order_findings(state: ReviewState, ctx: ReviewContext, findings: list[Finding], commitment: Commitment) -> Ordering:
    """The final order: builtin policy, the model's synthesis, or the fallback policy."""
    if ctx.llm is None:
        listed, aside = done_aside(findings)
        ranked = keep_each_kind_visible(rank(merge_duplicates(listed, None), commitment))
        return Ordering("builtin", ranked + aside, min(len(ranked), READING_CAP), 0, [])
    warnings: list[str] = []
    model = ctx.llm_for("synthesis")
    if model is None:  # only a perspective has a model: its findings lead by the deterministic policy
        pass
    elif not any(f.origin == "llm" for f in findings):
        warnings.append("synthesis: no model findings to lead, fallback policy applied")
    elif not budget_left(ctx):
        warnings.append("synthesis: LLM budget spent, fallback policy applied")
    else:
        from agents.nodes.llm_synthesis import model_synthesis

        try:
            judged = state.get("judged_precedents", [])
            result = model_synthesis(state["proposal"], findings, state.get("coverage", []), model, judged)
        except ModelError as exc:
            warnings.append(f"synthesis: model failed, fallback policy applied ({exc})")
        else:
            if result.kept or not result.invalid:
                if result.invalid:
                    warnings.append(f"synthesis: {result.invalid} invalid item(s) in the model's answer dropped")
                if result.invalid_precedents:
                    warnings.append(
                        f"synthesis: {result.invalid_precedents} invalid precedent verdict(s) dropped, "
                        "their builtin relation kept"
                    )
                visible = result.kept[:READING_CAP]
                appendix = result.kept[READING_CAP:] + [f for f in result.omitted if f.origin not in ENGINE_ORIGINS]
                return Ordering("model", visible + appendix, len(visible), result.invalid, warnings, result.relations)
            warnings.append("synthesis: the model's answer named no candidate, fallback policy applied")
            return fallback_ordering(findings, commitment, ctx, result.invalid, warnings)
    return fallback_ordering(findings, commitment, ctx, 0, warnings)


def fallback_ordering(
    findings: list[Finding], commitment: Commitment, ctx: ReviewContext, invalid: int, warnings: list[str]
) -> Ordering:
    listed, aside = done_aside(findings)
    ordered, visible = fallback_order(listed, commitment, ctx.embedder)
    return Ordering("fallback", ordered + aside, visible, invalid, warnings)


def done_aside(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(findings to rank, the engine's done divergences): the latter go to the appendix and the done
    section before ranking, so they never take a place, or an engine slot, in the reading list."""
    return (
        [f for f in findings if f.origin not in DONE_SECTION_ORIGINS],
        [f for f in findings if f.origin in DONE_SECTION_ORIGINS],
    )


def budget_left(ctx: ReviewContext) -> bool:
    """Whether one more call fits the review's budget (calls and tokens)."""
    usage = getattr(ctx.llm, "usage", None)
    if usage is None:
        return True
    settings = ctx.settings
    return usage.calls < settings.max_llm_calls and usage.total_tokens < settings.max_llm_tokens


def build_meta(
    state: ReviewState,
    ctx: ReviewContext,
    timings: dict[str, float],
    path: SynthesisPath,
    invalid: int,
    warnings: list[str],
) -> ReviewMeta:
    usage = getattr(ctx.llm, "usage", None)
    proposal = state.get("proposal")
    all_warnings = state.get("warnings", []) + list(getattr(ctx.llm, "warnings", [])) + warnings
    return ReviewMeta(
        gapreview_version=package_version(),
        mode="llm" if ctx.llm is not None else "builtin",
        model=ctx.settings.headline_model() if ctx.llm is not None else None,
        language=proposal.language if proposal else "en",
        llm_calls=getattr(usage, "calls", 0),
        prompt_tokens=getattr(usage, "prompt_tokens", 0),
        completion_tokens=getattr(usage, "completion_tokens", 0),
        cost_usd=getattr(usage, "cost_usd", None),
        dropped_findings=state.get("dropped_findings", 0) + invalid,
        synthesis=path,
        catalog_version=str(library_version()),
        archetypes=list(state.get("archetypes", [])),
        node_durations={k: round(v, 4) for k, v in timings.items()},
        settings_used=ctx.settings.public_summary(),
        rules_version=rules_version(ctx.settings),
        warnings=list(dict.fromkeys(all_warnings)),
    )
