"""Cross-examination by a model: one call answers both sides' top questions as the other side.

Kept apart from the node so the parsing rules can be read and tested alone: an answer about a
question that was not asked, an "answered by the proposal" whose quote is not in the proposal, or
an open/contested answer without both positions is dropped and counted, never shown. A question
the model left unanswered keeps its builtin (data-derived) entry.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.llm_output import normalise_choice
from agents.model import ModelClient
from agents.nodes.llm_views import ground_quote
from agents.prompts import CROSS_EXAMINE_SYSTEM, CROSS_EXAMINE_USER, fence_data, language_name, render
from agents.schemas import Exchange, ExchangeStatus, Finding, ProposalEvidence
from agents.state import Proposal

MAX_TEXT = 400
_STATUS_ALIASES = {"answered": "answered_by_proposal", "answerable": "answerable_now"}


class ExchangeAnswer(BaseModel):
    """The model's answer to one question."""

    model_config = ConfigDict(extra="ignore")
    question_id: str
    status: ExchangeStatus
    answer: str | None = None
    quote: str | None = None
    it_position: str | None = None
    business_position: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return normalise_choice(value, _STATUS_ALIASES)


class CrossExamination(BaseModel):
    model_config = ConfigDict(extra="ignore")
    exchanges: list[ExchangeAnswer] = Field(default_factory=list)


def build_cross_messages(proposal: Proposal, questions: list[tuple[str, Finding]]) -> list[dict[str, str]]:
    lines = []
    for xid, finding in questions:
        asker = "IT" if finding.perspective == "it" else "business"
        answerer = "business" if asker == "IT" else "IT"
        line = f"- question_id: {xid} | asked by: {asker} | answered by: {answerer} | question: {finding.title}"
        quote = next((e.quote for e in finding.evidence if isinstance(e, ProposalEvidence)), "")
        if quote:
            line += f' | about: "{" ".join(quote.split())[:240]}"'
        lines.append(line)
    system = render(CROSS_EXAMINE_SYSTEM, language=language_name(proposal.language))
    user = render(
        CROSS_EXAMINE_USER,
        title=fence_data(proposal.title).replace('"', "'"),
        proposal=fence_data(proposal.text),
        questions=fence_data("\n".join(lines)),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def model_exchanges(
    proposal: Proposal, questions: list[tuple[str, Finding]], client: ModelClient
) -> tuple[dict[str, Exchange], int]:
    """Exchanges by question id, and how many answers were invalid. Raises ModelError on failure."""
    answer = client.structured("synthesis", build_cross_messages(proposal, questions), CrossExamination)
    return parse_exchanges(answer, proposal, questions)


def parse_exchanges(
    answer: CrossExamination, proposal: Proposal, questions: list[tuple[str, Finding]]
) -> tuple[dict[str, Exchange], int]:
    asked = dict(questions)
    out: dict[str, Exchange] = {}
    invalid = 0
    for item in answer.exchanges:
        xid = item.question_id.strip()
        finding = asked.get(xid)
        if finding is None:
            invalid += 1  # an exchange about a question nobody asked
            continue
        if xid in out:
            continue
        exchange = _exchange(xid, finding, item, proposal)
        if exchange is None:
            invalid += 1
            continue
        out[xid] = exchange
    return out, invalid


def _exchange(xid: str, finding: Finding, item: ExchangeAnswer, proposal: Proposal) -> Exchange | None:
    side: Literal["it", "business"] = "it" if finding.perspective == "it" else "business"
    base: dict[str, Any] = {
        "id": xid,
        "asked_by": side,
        "question": finding.title,
        "finding_id": finding.id,
        "status": item.status,
    }
    if item.status == "answered_by_proposal":
        quote = ground_quote(item.quote or "", proposal)
        return None if quote is None else Exchange(**base, quote=quote, simulated=False)
    if item.status == "answerable_now":
        text = _clean(item.answer)
        return None if not text else Exchange(**base, answer=text, simulated=True)
    it_pos, biz_pos = _clean(item.it_position), _clean(item.business_position)
    if not (it_pos and biz_pos):
        return None
    return Exchange(**base, positions={"it": it_pos, "business": biz_pos}, simulated=True)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_TEXT]
