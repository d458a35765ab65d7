"""One perspective (IT or business) simulated by an LLM, with every finding grounded.

Why the grounding step: a model, especially a small one, invents plausible quotes and decision ids.
The report promises that every proposal quote occurs verbatim in the input, so each answer is
checked against the text (after whitespace normalisation), near misses are repaired to the closest
proposal sentence, and whatever cannot be grounded is dropped and counted, never shown.
"""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.llm_output import normalise_choice
from agents.model import ModelClient
from agents.prompts import (
    PERSONAS,
    PERSPECTIVE_NAMES,
    PERSPECTIVE_SYSTEM,
    PERSPECTIVE_USER,
    fence_data,
    language_name,
    render,
)
from agents.schemas import DecisionEvidence, Evidence, Finding, Precedent, ProposalEvidence
from agents.state import Proposal

MAX_FINDINGS = 8
FUZZY_THRESHOLD = 0.85  # similarity to a proposal sentence for a near-miss quote to be repaired
MIN_QUOTE_CHARS = 8  # shorter "quotes" (single words) ground nothing
_KIND_ALIASES = {"question": "unasked_question", "dependency": "hidden_dependency"}


class LLMGap(BaseModel):
    """What the model returns per gap: small and flat, so small models can fill it in."""

    model_config = ConfigDict(extra="ignore")
    kind: Literal["unasked_question", "hidden_dependency"]
    title: str = Field(min_length=1, max_length=300)
    detail: str = ""
    severity: Literal["high", "medium", "low"] = "medium"
    quote: str = ""
    decision_id: str | None = None

    @field_validator("kind", "severity", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        """Accept 'High' or 'Question': casing is not worth a repair round trip."""
        return normalise_choice(value, _KIND_ALIASES)


class LLMGapList(BaseModel):
    """The model's whole answer for one perspective."""

    model_config = ConfigDict(extra="ignore")
    findings: list[LLMGap] = Field(default_factory=list)

    @field_validator("findings", mode="after")
    @classmethod
    def _cap(cls, value: list[LLMGap]) -> list[LLMGap]:
        return value[:MAX_FINDINGS]


def llm_perspective(
    perspective: Literal["it", "business"],
    proposal: Proposal,
    lens_findings: list[Finding],
    precedents: list[Precedent],
    client: ModelClient,
) -> tuple[list[Finding], int]:
    """Ask the perspective's model for gaps; return grounded findings and how many were dropped.

    Raises ModelError (from the client) when no model produced a usable answer; the caller falls
    back to the lens findings.
    """
    answer = client.structured(
        perspective, build_messages(perspective, proposal, lens_findings, precedents), LLMGapList
    )
    by_id = {p.decision_id.strip().lower(): p for p in precedents}
    findings: list[Finding] = []
    seen: set[str] = set()
    dropped = 0
    for gap in answer.findings:
        evidence = _evidence(gap, proposal, by_id)
        if not evidence:
            dropped += 1
            continue
        finding = _to_finding(perspective, gap, evidence)
        if finding.id in seen:
            continue  # the same gap twice: a repetition, not a second finding
        seen.add(finding.id)
        findings.append(finding)
    return findings, dropped


def build_messages(
    perspective: Literal["it", "business"],
    proposal: Proposal,
    lens_findings: list[Finding],
    precedents: list[Precedent],
) -> list[dict[str, str]]:
    """The chat messages for one perspective: persona and rules, then the fenced data."""
    system = render(
        PERSPECTIVE_SYSTEM,
        persona=PERSONAS[perspective],
        language=language_name(proposal.language),
        max_findings=MAX_FINDINGS,
    )
    user = render(
        PERSPECTIVE_USER,
        perspective_name=PERSPECTIVE_NAMES[perspective],
        title=fence_data(proposal.title).replace('"', "'"),
        proposal=fence_data(proposal.text),
        open_concerns=_concerns_block(perspective, lens_findings),
        precedents=_precedents_block(precedents),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _concerns_block(perspective: str, lens_findings: list[Finding]) -> str:
    lines = [f"- [{f.kind}] {f.title}" for f in lens_findings if f.perspective in (perspective, "both")]
    return fence_data("\n".join(lines)) if lines else "(none)"


def _precedents_block(precedents: list[Precedent]) -> str:
    lines = []
    for p in precedents:
        line = f"- decision_id: {p.decision_id} | title: {p.title}"
        if p.status:
            line += f" | status: {p.status}"
        if p.quote:
            line += f" | excerpt: {' '.join(p.quote.split())[:400]}"
        lines.append(line)
    return fence_data("\n".join(lines)) if lines else "(none)"


def _evidence(gap: LLMGap, proposal: Proposal, by_id: dict[str, Precedent]) -> list[Evidence]:
    evidence: list[Evidence] = []
    quote = ground_quote(gap.quote, proposal)
    if quote:
        evidence.append(ProposalEvidence(quote=quote))
    precedent = by_id.get((gap.decision_id or "").strip().lower())
    if precedent is not None:
        evidence.append(
            DecisionEvidence(
                decision_id=precedent.decision_id,
                title=precedent.title,
                quote=precedent.quote or precedent.title,
                section=precedent.section,
                status=precedent.status,
            )
        )
    return evidence


def _to_finding(perspective: str, gap: LLMGap, evidence: list[Evidence]) -> Finding:
    title = " ".join(gap.title.split())
    anchor = evidence[0].quote if isinstance(evidence[0], ProposalEvidence) else evidence[0].decision_id
    digest = hashlib.sha1(f"{gap.kind}|{title.lower()}|{anchor}".encode()).hexdigest()[:10]
    return Finding(
        id=f"llm-{perspective}-{digest}",
        kind=gap.kind,
        perspective="it" if perspective == "it" else "business",
        title=title,
        detail=" ".join(gap.detail.split()) or title,
        severity=gap.severity,
        evidence=evidence,
        origin="llm",
    )


def ground_quote(quote: str, proposal: Proposal) -> str | None:
    """The exact substring of the proposal that `quote` stands for, or None if it is invented.

    Exact match after whitespace normalisation first (case-insensitively, still returning the
    original text), then a fuzzy match to the closest proposal sentence.
    """
    wanted = " ".join(quote.split()).strip("\"'“”‘’«»").strip()
    if len(wanted) < MIN_QUOTE_CHARS:
        return None
    norm, positions = _normalise_with_map(proposal.text)
    at = norm.find(wanted)
    if at < 0 and len(norm.lower()) == len(norm):  # lower() may change lengths in rare scripts
        at = norm.lower().find(wanted.lower())
    if at >= 0:
        return proposal.text[positions[at] : positions[at + len(wanted) - 1] + 1]
    return _closest_sentence(wanted, proposal)


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space, remembering where each kept char came from."""
    chars: list[str] = []
    positions: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            positions.append(i - 1)
            pending_space = False
        chars.append(ch)
        positions.append(i)
    return "".join(chars), positions


def _closest_sentence(wanted: str, proposal: Proposal) -> str | None:
    """Repair a near-miss quote (a typo, a changed word) to the proposal sentence it came from."""
    best_score, best = 0.0, None
    for sentence in _sentences(proposal):
        score = _similarity(wanted.lower(), " ".join(sentence.split()).lower())
        if score > best_score:
            best_score, best = score, sentence
    if best is None or best_score < FUZZY_THRESHOLD:
        return None
    return best.strip()


def _sentences(proposal: Proposal) -> list[str]:
    """Verbatim sentences: the read node's spans when present, else the text's non-empty lines."""
    found = [proposal.text[s.start : s.end] for s in proposal.sentences if s.end > s.start]
    found = [s for s in found if s.strip() and s in proposal.text]
    if not found:
        found = [s.strip() for s in proposal.text.splitlines() if s.strip()]
    return found


def _similarity(quote: str, sentence: str) -> float:
    """Best ratio of the quote against the sentence, or against the part of it the quote aligns with."""
    matcher = SequenceMatcher(None, quote, sentence, autojunk=False)
    best = matcher.ratio()
    if len(sentence) <= len(quote):
        return best
    for i, j, size in matcher.get_matching_blocks():
        if size == 0:
            continue
        start = max(0, j - i)
        window = sentence[start : start + len(quote)]
        best = max(best, SequenceMatcher(None, quote, window, autojunk=False).ratio())
    return best
