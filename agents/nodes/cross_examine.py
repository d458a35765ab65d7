"""cross_examine: each side answers the other side's top questions before anything is committed.

The seed's core point: the damage is done because IT and the business meet too late. Here they
meet inside the review: each side's top questions are put to the other side, and the answer is
one of: the proposal already answers it (a checked quote), the other side can answer it now (its
simulated view), or it stays open or contested (both positions side by side). What stays open or
contested is the divergence list.

Without a model the same structure is filled from data: a question whose concern the coverage map
finds covered is answered by the covering quote; otherwise it is open, each side's position taken
from what is known (the asking side's finding, the sentence the proposal actually states).
"""

from __future__ import annotations

import time
from typing import Any, Literal

from langgraph.runtime import Runtime

from agents.nodes.ranking import rank_key
from agents.schemas import Commitment, CoverageItem, Exchange, Finding, ProposalEvidence
from agents.state import ReviewContext, ReviewState
from core.errors import ModelError

Side = Literal["it", "business"]
SIDES: tuple[Side, Side] = ("it", "business")
TOP_PER_SIDE = 3  # questions each side puts to the other
COVERED_PER_SIDE = 1  # covered concerns shown as "answered by the proposal" in builtin mode


def cross_examine(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    ctx = runtime.context
    questions = top_questions(state.get("findings", []), state.get("commitment") or Commitment(), ctx.llm is not None)
    coverage = state.get("coverage", [])
    builtin = builtin_exchanges(questions, coverage)
    warnings: list[str] = []
    invalid = 0
    exchanges = builtin
    model = ctx.llm_for("synthesis")  # the synthesis role also runs the cross-examination
    if model is not None and any(f.origin == "llm" for _, f in questions):  # else the model is down
        from agents.nodes.llm_cross_examine import model_exchanges

        try:
            answered, invalid = model_exchanges(state["proposal"], questions, model)
        except ModelError as exc:
            warnings.append(f"cross-examination: model failed, builtin exchange kept ({exc})")
        else:
            # the model's answers replace the data-derived ones; the lens engine's covered concerns
            # are hints in LLM mode, so they are not put forward as questions of their own
            exchanges = [answered.get(x.id, x) for x in builtin if x.finding_id is not None]
            if invalid:
                warnings.append(f"cross-examination: {invalid} invalid answer(s) from the model dropped")
    return {
        "exchanges": exchanges,
        "warnings": warnings,
        "dropped_findings": invalid,
        "timings": {"cross_examine": time.perf_counter() - started},
    }


def top_questions(findings: list[Finding], commitment: Commitment, model_leads: bool) -> list[tuple[str, Finding]]:
    """Each side's top questions (not 'done' divergences: those are the next section's), with an
    exchange id. With a model, its own findings come first: the lens engine only hints."""
    picked: list[tuple[str, Finding]] = []
    for side in SIDES:
        mine = [f for f in findings if f.perspective == side and f.kind != "done_divergence"]
        if model_leads and any(f.origin == "llm" for f in mine):
            mine = [f for f in mine if f.origin == "llm"]  # the engine's templates are hints, not questions
        mine.sort(key=lambda f: (model_leads and f.origin != "llm", rank_key(f, commitment)))
        picked += [(f"x-{side}-{n}", f) for n, f in enumerate(mine[:TOP_PER_SIDE], start=1)]
    return picked


def other(side: str) -> Side:
    return "business" if side == "it" else "it"


def proposal_quote(finding: Finding) -> str | None:
    return next((e.quote for e in finding.evidence if isinstance(e, ProposalEvidence)), None)


def builtin_exchanges(questions: list[tuple[str, Finding]], coverage: list[CoverageItem]) -> list[Exchange]:
    """The exchange from data: covered concerns answered by their quote, the rest open."""
    covered = {c.concern: c for c in coverage if c.status == "covered" and c.quote}
    out: list[Exchange] = []
    for xid, finding in questions:
        side: Side = "it" if finding.perspective == "it" else "business"
        hit = covered.get(finding.concern or "")
        if hit is not None:
            out.append(_answered(xid, side, finding.title, hit.quote or "", finding.id))
            continue
        quote = proposal_quote(finding)
        stated = f"The proposal states only: “{quote}”" if quote else "The proposal does not address it."
        out.append(
            Exchange(
                id=xid,
                asked_by=side,
                question=finding.title,
                finding_id=finding.id,
                status="open",
                positions={side: finding.detail or finding.title, other(side): stated},
                simulated=False,
            )
        )
    raised = {f.concern for _, f in questions if f.concern}
    for side in SIDES:
        answered = [c for c in covered.values() if c.perspective == side and c.concern not in raised]
        for n, item in enumerate(answered[:COVERED_PER_SIDE], start=1):
            out.append(_answered(f"x-{side}-covered-{n}", side, item.title, item.quote or "", None))
    return out


def _answered(xid: str, side: Side, question: str, quote: str, finding_id: str | None) -> Exchange:
    return Exchange(
        id=xid,
        asked_by=side,
        question=question,
        finding_id=finding_id,
        status="answered_by_proposal",
        quote=quote,
        simulated=False,
    )


def divergences(exchanges: list[Exchange]) -> list[Exchange]:
    """What stays open or contested: the list both sides must settle, positions side by side."""
    return [x for x in exchanges if x.status in ("open", "contested")]
