"""LLM mode: the model words each precedent relation and may correct it, inside the synthesis call.

Why inside synthesis and not a call of its own: the synthesis model already sees every candidate,
the precedent findings among them, and decides the final list; a separate call would add a full
model round trip to every review with precedents, and its answer would then have to be ranked by
the synthesis call anyway. So the synthesis prompt lists the records that meet the proposal
(id, title, status, the detected relation, the record's sentence and the proposal's sentence where
they meet) and the answer may carry one verdict per record: a relation (or "none": no bearing on
this proposal) and the reader's wording.

Nothing is taken on trust. An unknown record id, a relation outside the list, a quote that is not
verbatim in the proposal or the record, or a second verdict for the same record is dropped and
counted; the builtin finding then stays as it was. A record the model judges not relevant is not
lost: its finding goes to the appendix with the model's reason, and the precedents list shows the
change (`relation_by`, `detected_relation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from agents.llm_output import normalise_choice
from agents.nodes.llm_views import ground_quote
from agents.nodes.precedent_findings import finding_id, precedent_finding
from agents.prompts import fence_data
from agents.schemas import Finding, Precedent, Relation
from agents.state import JudgedPrecedent, Proposal

NOT_RELEVANT = "none"
# What the model may answer: every relation a record in force can have ("superseded" is a fact of
# the knowledge base, not a judgement), or "none".
MODEL_RELATIONS: tuple[str, ...] = ("conflicts", "repeats", "builds_on", "related", NOT_RELEVANT)
RELATION_ALIASES = {
    "reverses": "conflicts",
    "reversal": "conflicts",
    "reverses_or_conflicts": "conflicts",
    "conflict": "conflicts",
    "conflicts_with": "conflicts",
    "contradicts": "conflicts",
    "repeat": "repeats",
    "repetition": "repeats",
    "builds": "builds_on",
    "builds_upon": "builds_on",
    "builds-on": "builds_on",
    "relates": "related",
    "not_relevant": NOT_RELEVANT,
    "irrelevant": NOT_RELEVANT,
    "unrelated": NOT_RELEVANT,
    "no_relation": NOT_RELEVANT,
}
MAX_PRECEDENTS = 6
MAX_RECORD_CHARS = 1600  # decision and consequences of a typical record: what a reviewer would quote
MAX_TITLE_CHARS = 200
MAX_DETAIL_CHARS = 900


class PrecedentVerdict(BaseModel):
    """The model's verdict on one listed record: the relation and, optionally, its own wording."""

    model_config = ConfigDict(extra="ignore")
    decision_id: str
    relation: str  # validated against MODEL_RELATIONS when applied, so one bad verdict costs only itself
    title: str = ""
    detail: str = ""
    record_quote: str | None = None
    proposal_quote: str | None = None

    @field_validator("relation", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        return normalise_choice(value, RELATION_ALIASES)


@dataclass
class PrecedentRewording:
    """The candidates with the model's verdicts applied, and what changed."""

    candidates: list[Finding]
    not_relevant: list[Finding] = field(default_factory=list)
    relations: dict[str, tuple[Relation | None, Relation]] = field(default_factory=dict)  # id -> (model, detected)
    worded: set[str] = field(default_factory=set)  # finding ids the model worded
    invalid: int = 0


def precedents_block(judged: list[JudgedPrecedent], candidates: list[Finding]) -> str:
    """The records in force that meet the proposal, as the synthesis prompt shows them."""
    raised = {f.id for f in candidates}
    lines: list[str] = []
    for j in judged[:MAX_PRECEDENTS]:
        fid = finding_id(j.decision_id)
        lines.append(
            f"- decision_id: {j.decision_id} | status: {j.status or 'unknown'} | title: {_flat(j.title)}"
            f" | detected relation: {j.relation} | candidate: {fid if fid in raised else '(not raised)'}"
        )
        lines.append(f'  record ({j.record_section or "title"}): "{_flat(j.record_quote)}"')
        lines.append(f'  proposal: "{_flat(j.proposal_quote)}"')
        lines.append(f'  record text: "{_flat(j.record_text)[:MAX_RECORD_CHARS]}"')
    return fence_data("\n".join(lines)) if lines else "(none)"


def apply_verdicts(
    verdicts: list[PrecedentVerdict], judged: list[JudgedPrecedent], candidates: list[Finding], proposal: Proposal
) -> PrecedentRewording:
    """Reword, correct, add or set aside precedent findings; every verdict is checked first."""
    by_record = {j.decision_id.lower(): j for j in judged[:MAX_PRECEDENTS]}
    out = PrecedentRewording(candidates=list(candidates))
    for verdict in verdicts:
        record = by_record.pop(_record_key(verdict.decision_id), None)
        if record is None:  # unknown, or a second verdict on the same record
            out.invalid += 1
            continue
        checked = _checked(verdict, record, proposal)
        if checked is None:
            out.invalid += 1
            continue
        relation, record_quote, proposal_quote = checked
        _apply(out, record, relation, verdict, record_quote, proposal_quote, proposal)
    return out


def _apply(
    out: PrecedentRewording,
    record: JudgedPrecedent,
    relation: str,
    verdict: PrecedentVerdict,
    record_quote: str | None,
    proposal_quote: str | None,
    proposal: Proposal,
) -> None:
    fid = finding_id(record.decision_id)
    existing = next((i for i, f in enumerate(out.candidates) if f.id == fid), None)
    if relation == NOT_RELEVANT:
        out.relations[record.decision_id] = (None, record.relation)
        if existing is not None:
            finding = out.candidates.pop(existing)
            why = _flat(verdict.detail)[:MAX_DETAIL_CHARS] or "no bearing on this proposal"
            note = f"the model judged this decision not relevant: {why} (detected: {record.relation})"
            out.not_relevant.append(finding.model_copy(update={"reason": note, "importance": 0.0}))
        return
    rel: Relation = relation  # type: ignore[assignment]  # checked against MODEL_RELATIONS
    title = _flat(verdict.title)[:MAX_TITLE_CHARS]
    if title and record.decision_id.lower() not in title.lower():
        title = f"{record.decision_id}: {title}"  # the reader must see which record it is
    changed = f", detected without a model: {record.relation}" if rel != record.relation else ""
    worded = precedent_finding(
        record,
        rel,
        proposal,
        title=title or None,
        detail=_flat(verdict.detail)[:MAX_DETAIL_CHARS] or None,
        record_quote=record_quote,
        proposal_quote=proposal_quote,
        reason=f"relation {rel} by the model{changed}",
    )
    if existing is None:
        out.candidates.append(worded)
    else:
        out.candidates[existing] = worded
    out.worded.add(fid)
    out.relations[record.decision_id] = (rel, record.relation)


def _checked(
    verdict: PrecedentVerdict, record: JudgedPrecedent, proposal: Proposal
) -> tuple[str, str | None, str | None] | None:
    """(relation, record quote, proposal quote) with both quotes grounded, or None to drop it."""
    if verdict.relation not in MODEL_RELATIONS:
        return None
    proposal_quote = None
    if verdict.proposal_quote:
        proposal_quote = ground_quote(verdict.proposal_quote, proposal)
        if proposal_quote is None:
            return None
    record_quote = None
    if verdict.record_quote:
        record_quote = ground_in(verdict.record_quote, f"{record.title}\n{record.record_text}")
        if record_quote is None:
            return None
    return verdict.relation, record_quote, proposal_quote


def ground_in(quote: str, text: str) -> str | None:
    """`quote` as it stands in `text` (whitespace and case aside), or None when it is not there."""
    wanted = _flat(quote).strip("\"'“”‘’«»").strip()
    if len(wanted) < 8:
        return None
    words = text.split()
    flat = " ".join(words)
    at = flat.lower().find(wanted.lower()) if len(flat.lower()) == len(flat) else flat.find(wanted)
    return flat[at : at + len(wanted)] if at >= 0 else None


def update_precedents(
    precedents: list[Precedent], relations: dict[str, tuple[Relation | None, Relation]]
) -> list[Precedent]:
    """The precedents list with the model's relations (and what was detected, when it differs)."""
    out: list[Precedent] = []
    for precedent in precedents:
        change = relations.get(precedent.decision_id)
        if change is None or precedent.relation == "superseded":
            out.append(precedent)
            continue
        model, detected = change
        update: dict[str, Any] = {"relation": model, "relation_by": "model"}
        if model != detected:
            update["detected_relation"] = detected
        out.append(precedent.model_copy(update=update))
    return out


def _record_key(value: str) -> str:
    key = value.strip().lower()
    return key.removeprefix("precedent-")  # the candidate's id names the same record: not worth a drop


def _flat(text: str) -> str:
    return " ".join(text.split())
