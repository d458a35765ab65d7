"""The finding a precedent relation becomes: title naming the relation, the two quotes, its weight.

Why a module of its own: two steps write these findings. The retrieve node words them from
templates (no model); in LLM mode the synthesis step lets the model reword them and correct the
relation. Both must give a relation the same kind, severity and importance, and the same evidence
shape, so the weights and the builder live here once.
"""

from __future__ import annotations

import re

from agents.schemas import DecisionEvidence, Finding, Kind, ProposalEvidence, Relation, Severity
from agents.state import JudgedPrecedent, Proposal

WORD = re.compile(r"\w{4,}")

# relation -> (kind, severity, importance); a reversal of a decision not (yet) accepted weighs less.
WEIGHT: dict[Relation, tuple[Kind, Severity, float]] = {
    "conflicts": ("unasked_question", "high", 0.95),
    "repeats": ("unasked_question", "high", 0.8),
    "related": ("hidden_dependency", "medium", 0.45),
    "builds_on": ("hidden_dependency", "low", 0.3),
}
STATUS_NL = {"accepted": "aanvaard", "proposed": "voorgesteld", "unknown": "status onbekend"}
TEXTS: dict[str, dict[Relation, tuple[str, str]]] = {
    "en": {
        "conflicts": (
            "Reverses {id} ({status}): {title}",
            "{id} decided otherwise and is still {status}. The proposal does not say why that decision no "
            "longer holds or what changed since; say so, or align with it.",
        ),
        "repeats": (
            "Repeats {id} ({status}): {title}",
            "This was decided before. Its consequences are quoted: say what is different this time.",
        ),
        "builds_on": (
            "Builds on {id}: {title}",
            "The proposal relies on this decision; what it committed to applies here as well.",
        ),
        "related": (
            "Related decision {id}: {title}",
            "An earlier decision on the same ground; check what it committed to before deciding.",
        ),
    },
    "nl": {
        "conflicts": (
            "Draait {id} ({status}) terug: {title}",
            "{id} besliste anders en is nog steeds {status}. Het voorstel zegt niet waarom dat besluit niet "
            "meer geldt of wat er sindsdien veranderd is; benoem dat, of sluit erop aan.",
        ),
        "repeats": (
            "Herhaalt {id} ({status}): {title}",
            "Dit is al eens besloten. De gevolgen van toen staan erbij: zeg wat er nu anders is.",
        ),
        "builds_on": (
            "Bouwt voort op {id}: {title}",
            "Het voorstel leunt op dit besluit; wat daarin is afgesproken geldt hier ook.",
        ),
        "related": (
            "Verwant besluit {id}: {title}",
            "Een eerder besluit over hetzelfde onderwerp; ga na wat daarin is afgesproken.",
        ),
    },
}


PRECEDENT_PREFIX = "precedent-"


def finding_id(decision_id: str) -> str:
    return f"{PRECEDENT_PREFIX}{decision_id}"


def builtin_finding(judged: JudgedPrecedent, proposal: Proposal) -> Finding | None:
    """The template finding for a relation worth a reviewer's time, None when it is only listed."""
    relation = judged.relation
    if relation == "superseded":
        return None
    if relation == "related" and judged.strength > 0:  # judged by meaning: listed, not raised
        return None
    if relation == "builds_on" and not adds_something(judged.record_quote, proposal):
        return None
    return precedent_finding(judged, relation, proposal)


def precedent_finding(
    judged: JudgedPrecedent,
    relation: Relation,
    proposal: Proposal,
    *,
    title: str | None = None,
    detail: str | None = None,
    record_quote: str | None = None,
    proposal_quote: str | None = None,
    reason: str | None = None,
) -> Finding:
    """The finding for `relation`: the given wording and quotes, else the template and the judged ones."""
    kind, severity, importance = WEIGHT[relation]
    raw_status = (judged.status or "unknown").split(" ")[0]
    if relation == "conflicts" and raw_status != "accepted":
        severity, importance = "medium", 0.7
    status = STATUS_NL.get(raw_status, raw_status) if proposal.language == "nl" else raw_status
    title_t, detail_t = TEXTS.get(proposal.language, TEXTS["en"])[relation]
    record_title = judged.title
    if relation in {"conflicts", "repeats"}:
        record_title = record_title[:1].lower() + record_title[1:]
    quote = record_quote or judged.record_quote
    evidence: list[DecisionEvidence | ProposalEvidence] = [
        DecisionEvidence(
            decision_id=judged.decision_id,
            title=judged.title,
            quote=quote,
            section=judged.record_section if quote == judged.record_quote else None,
            status=judged.status,
        ),
    ]
    meeting = proposal_quote or judged.proposal_quote
    if meeting and meeting in proposal.text:
        evidence.append(ProposalEvidence(quote=meeting))
    return Finding(
        id=finding_id(judged.decision_id),
        kind=kind,
        perspective="both",
        title=title or title_t.format(id=judged.decision_id, status=status, title=record_title),
        detail=detail or detail_t.format(id=judged.decision_id, status=status),
        severity=severity,
        evidence=evidence,
        origin="precedent",
        concern=finding_id(judged.decision_id),  # one per record: deduplication keeps each
        reason=reason or f"relation {relation} (strength {judged.strength:.2f})",
        importance=importance,
    )


def adds_something(record_quote: str, proposal: Proposal) -> bool:
    """A record the proposal builds on is worth a finding only when its quoted sentence says
    something the proposal does not (most of its content words are absent from the proposal)."""
    quote_words = set(WORD.findall(record_quote.lower()))
    if not quote_words:
        return False
    known = set(WORD.findall(proposal.text.lower()))
    return len(quote_words - known) / len(quote_words) >= 0.5
