"""retrieve: past decisions similar to the proposal, and what they imply for it.

A current precedent's consequences become a hidden-dependency finding ("last time we decided X;
consequence: Y"); superseded or deprecated records are listed as such but never cited as current.
"""

from __future__ import annotations

import re
import time
from typing import Any

from langgraph.runtime import Runtime

from agents.nodes.read import parse_proposal
from agents.schemas import DecisionEvidence, Finding, Precedent
from agents.state import Proposal, ReviewContext, ReviewState
from core.errors import KnowledgeBaseError
from knowledge.base import SearchHit

QUERY_CHARS = 1200
MAX_PRECEDENT_FINDINGS = 2
CITABLE_SECTIONS = ("consequence", "gevolg", "decision", "besluit", "outcome", "uitkomst")
# e5 query/passage cosine of a whole proposal and a chunk: records of the same organisation sit at
# ~0.83-0.91 (the better matches above ~0.85); unrelated text falls below ~0.80.
MIN_CITE_SIMILARITY = 0.85
CANDIDATE_FACTOR = 2
WORD = re.compile(r"\w{4,}")

TEXTS = {
    "en": (
        "Earlier decision applies: {title}",
        "Last time we decided \u201c{title}\u201d ({id}). Check whether this "
        "proposal builds on it, conflicts with it, or repeats what went wrong then.",
    ),
    "nl": (
        "Eerder besluit is van toepassing: {title}",
        "Eerder besloten we \u201c{title}\u201d ({id}). Ga na of dit "
        "voorstel erop voortbouwt, ermee botst, of herhaalt wat toen misging.",
    ),
}


def retrieve(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = state["proposal"]
    ctx = runtime.context
    warnings: list[str] = []
    k = ctx.settings.precedents_k
    try:
        hits = ctx.knowledge.search(precedent_query(proposal), k=k * CANDIDATE_FACTOR)
    except KnowledgeBaseError as exc:
        hits, warnings = [], [f"knowledge base unavailable, no precedents cited: {exc}"]
    return {
        "precedents": to_precedents(hits)[:k],
        "findings": precedent_findings(hits, proposal),
        "warnings": warnings,
        "timings": {"retrieve": time.perf_counter() - started},
    }


def precedent_query(proposal: Proposal) -> str:
    """Title plus the opening sentences: what the proposal is about, not its boilerplate."""
    body = " ".join(s.text for s in proposal.sentences)
    return f"{proposal.title}. {body}"[:QUERY_CHARS]


def similar_enough(hit: SearchHit) -> bool:
    """Cite only real matches: a fused rank says nothing about absolute relevance."""
    return hit.similarity is None or hit.similarity >= MIN_CITE_SIMILARITY


def most_relevant_passage(chunk: str, proposal_words: set[str]) -> str:
    """The sentence or bullet of a precedent that shares most words with the proposal (verbatim)."""
    units = [s.text for s in parse_proposal(chunk).sentences] or [chunk]
    return max(units, key=lambda unit: len(set(WORD.findall(unit.lower())) & proposal_words))


def to_precedents(hits: list[SearchHit]) -> list[Precedent]:
    """One entry per decision, best chunk first."""
    seen: dict[str, Precedent] = {}
    for hit in hits:
        if hit.decision_id in seen:
            continue
        seen[hit.decision_id] = Precedent(
            decision_id=hit.decision_id,
            title=hit.title,
            source=hit.source,
            score=round(hit.score, 4),
            status=hit.status,
            section=hit.section,
            quote=hit.quote,
        )
    return list(seen.values())


def precedent_findings(hits: list[SearchHit], proposal: Proposal) -> list[Finding]:
    title_t, detail_t = TEXTS.get(proposal.language, TEXTS["en"])
    proposal_words = set(WORD.findall(proposal.text.lower()))
    findings: list[Finding] = []
    cited: set[str] = set()
    for hit in hits:
        section = (hit.section or "").lower()
        if not hit.is_current or hit.decision_id in cited or not similar_enough(hit):
            continue
        if not any(word in section for word in CITABLE_SECTIONS):
            continue
        cited.add(hit.decision_id)
        findings.append(
            Finding(
                id=f"precedent-{hit.decision_id}",
                kind="hidden_dependency",
                perspective="both",
                title=title_t.format(title=hit.title),
                detail=detail_t.format(title=hit.title, id=hit.decision_id),
                severity="medium",
                evidence=[
                    DecisionEvidence(
                        decision_id=hit.decision_id,
                        title=hit.title,
                        quote=most_relevant_passage(hit.quote, proposal_words),
                        section=hit.section,
                        status=hit.status,
                    )
                ],
                origin="lens",
                concern="precedent",
            )
        )
        if len(findings) >= MAX_PRECEDENT_FINDINGS:
            break
    return findings
