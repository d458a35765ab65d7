"""The model leads: one structured call that turns all candidates into the final list.

Why a second pass: a capable model's own findings are specific, the lens engine's are templates,
and ranking by severity put templates on top. Here the model sees every candidate (its own, the
lens engine's, the precedents', each with its id) and the coverage map, merges duplicates, drops
generic or answered items, and scores what it keeps (a self-reflection pass, as PR-Agent does for
its code suggestions). Nothing the model says is taken on trust: an unknown id, an invented quote
or an item that is not a candidate is dropped and counted, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.model import ModelClient
from agents.nodes.llm_precedents import PrecedentVerdict, apply_verdicts, precedents_block
from agents.nodes.llm_views import ground_quote
from agents.prompts import SYNTHESIS_SYSTEM, SYNTHESIS_USER, fence_data, language_name, render
from agents.schemas import CoverageItem, Finding, ProposalEvidence, Relation
from agents.state import JudgedPrecedent, Proposal

MAX_KEEP = 14  # more than the reading cap, so the appendix keeps the next best
MAX_COVERAGE_LINES = 40
MAX_REASON_CHARS = 300
ALSO_RAISED = {"en": "Also raised:", "nl": "Ook genoemd:"}


class KeptItem(BaseModel):
    """One candidate the model keeps, with the ids merged into it and its scores."""

    model_config = ConfigDict(extra="ignore")
    id: str
    merged: list[str] = Field(default_factory=list)
    reason: str = ""
    importance: float = Field(ge=0, le=1)
    specificity: float = Field(ge=0, le=1)
    quote: str | None = None

    @field_validator("importance", "specificity", mode="before")
    @classmethod
    def _scale(cls, value: Any) -> Any:
        """Accept a 0..10 score (PR-Agent style) as well as 0..1."""
        if isinstance(value, int | float) and 1 < value <= 10:
            return value / 10
        return value


class DroppedItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    why: str = ""


class SynthesisAnswer(BaseModel):
    """The model's whole answer: what to keep (in order), what it dropped on purpose, and its
    verdict on the listed precedents (relation and wording; see llm_precedents)."""

    model_config = ConfigDict(extra="ignore")
    keep: list[KeptItem]
    drop: list[DroppedItem] = Field(default_factory=list)
    precedents: list[PrecedentVerdict] = Field(default_factory=list)


@dataclass
class SynthesisResult:
    """The final order (kept, most important first) and what was rejected as bad output."""

    kept: list[Finding]
    omitted: list[Finding]
    invalid: int = 0
    dropped_on_purpose: dict[str, str] = field(default_factory=dict)
    relations: dict[str, tuple[Relation | None, Relation]] = field(default_factory=dict)  # the model's relations
    invalid_precedents: int = 0


def build_synthesis_messages(
    proposal: Proposal,
    candidates: list[Finding],
    coverage: list[CoverageItem],
    judged: list[JudgedPrecedent] | None = None,
) -> list[dict[str, str]]:
    system = render(SYNTHESIS_SYSTEM, max_keep=MAX_KEEP, language=language_name(proposal.language))
    user = render(
        SYNTHESIS_USER,
        title=fence_data(proposal.title).replace('"', "'"),
        proposal=fence_data(proposal.text),
        candidates=fence_data("\n".join(_candidate_line(f) for f in candidates)) or "(none)",
        coverage=_coverage_block(coverage),
        precedents=precedents_block(judged or [], candidates),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _candidate_line(finding: Finding) -> str:
    quote = next((e.quote for e in finding.evidence if isinstance(e, ProposalEvidence)), "")
    cited = next((e.decision_id for e in finding.evidence if e.source == "decision"), "")
    line = (
        f"- id: {finding.id} | origin: {finding.origin} | side: {finding.perspective} | kind: {finding.kind}"
        f" | severity: {finding.severity} | title: {finding.title}"
    )
    if finding.detail and finding.detail != finding.title:
        line += f" | detail: {' '.join(finding.detail.split())[:300]}"
    if quote:
        line += f' | quote: "{" ".join(quote.split())[:240]}"'
    if cited:
        line += f" | cites: {cited}"
    return line


def _coverage_block(coverage: list[CoverageItem]) -> str:
    judged = [c for c in coverage if c.status != "not_applicable"][:MAX_COVERAGE_LINES]
    lines = [
        f"- {c.concern} ({c.perspective}): {c.status}" + (f' | "{" ".join(c.quote.split())[:200]}"' if c.quote else "")
        for c in judged
    ]
    return fence_data("\n".join(lines)) if lines else "(none)"


def model_synthesis(
    proposal: Proposal,
    candidates: list[Finding],
    coverage: list[CoverageItem],
    client: ModelClient,
    judged: list[JudgedPrecedent] | None = None,
) -> SynthesisResult:
    """Raises ModelError when the model (and its fallbacks) fail or the budget is spent."""
    messages = build_synthesis_messages(proposal, candidates, coverage, judged)
    answer = client.structured("synthesis", messages, SynthesisAnswer)
    return apply_answer(answer, proposal, candidates, judged)


def with_merged_titles(detail: str, merged: list[Finding], language: str) -> str:
    """A kept finding names what was merged into it: a merge joins two angles on one gap (IT's and the
    business's), and the angle of the finding that is no longer listed must not vanish with it."""
    titles = [f.title for f in merged if f.title and f.title not in detail]
    if not titles:
        return detail
    return f"{detail}\n\n{ALSO_RAISED.get(language, ALSO_RAISED['en'])} " + " · ".join(titles)


def apply_answer(
    answer: SynthesisAnswer,
    proposal: Proposal,
    candidates: list[Finding],
    judged: list[JudgedPrecedent] | None = None,
) -> SynthesisResult:
    """Turn the model's verdicts into findings, checking every id and quote against the input."""
    reworded = apply_verdicts(answer.precedents, judged or [], candidates, proposal)
    candidates = reworded.candidates
    set_aside = {f.id for f in reworded.not_relevant}
    by_id = {f.id: f for f in candidates}
    used: set[str] = set()
    kept: list[tuple[float, Finding]] = []
    invalid = reworded.invalid
    for item in answer.keep:
        source = by_id.get(item.id.strip())
        if source is None:
            invalid += item.id.strip() not in set_aside  # not a candidate: invented or misspelt, never shown
            continue
        if source.id in used:
            continue
        evidence = list(source.evidence)
        if item.quote:
            grounded = ground_quote(item.quote, proposal)
            if grounded is None:
                invalid += 1  # an invented quote discredits the whole item
                continue
            if all(getattr(e, "quote", None) != grounded for e in evidence):
                evidence = [ProposalEvidence(quote=grounded), *evidence]
        merged = [m.strip() for m in item.merged if m.strip() != source.id]
        invalid += sum(1 for m in merged if m not in by_id)
        merged = [m for m in merged if m in by_id and m not in used]
        used.update([source.id, *merged])
        reason = " ".join(item.reason.split())[:MAX_REASON_CHARS] or None
        if source.id in reworded.worded:  # say where the wording came from
            reason = f"{reason} ({source.reason})" if reason else source.reason
        updated = source.model_copy(
            update={
                "detail": with_merged_titles(source.detail, [by_id[m] for m in merged], proposal.language),
                "reason": reason,
                "importance": round(item.importance, 3),
                "specificity": round(item.specificity, 3),
                "merged_ids": list(dict.fromkeys([*source.merged_ids, *merged])),
                "evidence": evidence,
            }
        )
        kept.append((item.importance, updated))
    dropped = {d.id.strip(): d.why for d in answer.drop if d.id.strip() in by_id and d.id.strip() not in used}
    kept.sort(key=lambda pair: -pair[0])  # stable: the model's order breaks ties
    omitted = [f for f in candidates if f.id not in used and f.id not in dropped] + reworded.not_relevant
    return SynthesisResult(
        [f for _, f in kept], omitted, invalid, dropped, reworded.relations, invalid_precedents=reworded.invalid
    )
