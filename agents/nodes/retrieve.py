"""retrieve: past decisions like the proposal, and how each bears on it.

For every relevant record now in force the node decides the relation (builds on, reverses,
repeats, related; a superseded record is followed to the record in force) and writes a finding
that names the relation in its title and quotes where the record and the proposal meet. A
reversal of an accepted decision is what a reviewer would lead with, so it carries the highest
importance; a record the proposal merely builds on is raised only when it adds something.
"""

from __future__ import annotations

import re
import time
from typing import Any

from langgraph.runtime import Runtime

from agents.nodes.precedent_findings import builtin_finding
from agents.nodes.precedent_relations import RelationJudge, RelationVerdict, follow_superseded, is_boilerplate
from agents.nodes.read import parse_proposal
from agents.schemas import Finding, Precedent
from agents.state import JudgedPrecedent, Proposal, ReviewContext, ReviewState
from core.errors import KnowledgeBaseError
from knowledge.base import RecordLookup, RecordView, SearchHit

QUERY_CHARS = 1200
MAX_PRECEDENT_FINDINGS = 3
# e5 query/passage cosine of a proposal and a record: records of the same organisation sit at
# ~0.83-0.91 (the better matches above ~0.85); unrelated text falls below ~0.80.
MIN_CITE_SIMILARITY = 0.85
CANDIDATE_FACTOR = 2
WORD = re.compile(r"\w{4,}")
# What a proposal is about: its title, problem and decision sections, not headers and planning.
ABOUT_SECTIONS = re.compile(
    r"why|problem|context|background|situation|propos|decision|what we|summary|goal|"
    r"waarom|aanleiding|probleem|achtergrond|situatie|voorstel|besluit|wat we|samenvatting|doel",
    re.IGNORECASE,
)


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
    vectors = state.get("sentence_vectors")
    judge = RelationJudge(proposal, vectors, ctx.embedder) if vectors is not None and len(vectors) else None
    precedents, judged = judge_precedents(hits, proposal, judge, ctx.knowledge)
    return {
        "precedents": precedents[:k],
        "judged_precedents": judged,
        "findings": precedent_findings(judged, proposal),
        "warnings": warnings,
        "timings": {"retrieve": time.perf_counter() - started},
    }


def precedent_query(proposal: Proposal) -> str:
    """Title, problem and decision sentences: what the proposal is about, not its boilerplate
    (author/date/status lines, planning tables, cost lines)."""
    about = [s.text for s in proposal.sentences if ABOUT_SECTIONS.search(s.section) and not is_boilerplate(s.text)]
    if not about:
        about = [s.text for s in proposal.sentences if not is_boilerplate(s.text)]
    return f"{proposal.title}. {' '.join(about)}"[:QUERY_CHARS]


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
            similarity=hit.similarity,
            status=hit.status,
            section=hit.section,
            quote=hit.quote,
        )
    return list(seen.values())


def relate(
    hits: list[SearchHit], proposal: Proposal, judge: RelationJudge | None, knowledge: object
) -> tuple[list[Precedent], list[Finding]]:
    """Precedents with their relation set, and a finding per relation worth a reviewer's time."""
    precedents, judged = judge_precedents(hits, proposal, judge, knowledge)
    return precedents, precedent_findings(judged, proposal)


def judge_precedents(
    hits: list[SearchHit], proposal: Proposal, judge: RelationJudge | None, knowledge: object
) -> tuple[list[Precedent], list[JudgedPrecedent]]:
    """Precedents with their relation set, and each record in force that meets the proposal."""
    precedents = to_precedents(hits)
    by_id = {hit.decision_id: hit for hit in reversed(hits)}
    lookup = knowledge if isinstance(knowledge, RecordLookup) else None
    verdicts: dict[str, tuple[RecordView, RelationVerdict | None]] = {}
    for precedent in precedents:
        hit = by_id[precedent.decision_id]
        if not similar_enough(hit):
            continue
        view = (lookup.record(hit.source) if lookup else None) or _view_of(hit)
        if not view.is_current:
            precedent.relation = "superseded"
            precedent.relation_by = "builtin"
            current = follow_superseded(view, lookup) if lookup else None
            if current is None:
                continue
            precedent.current_id = current.decision_id
            view = current
        if view.decision_id not in verdicts:  # a record reached twice (directly, via a chain) is judged once
            verdict = judge.judge(view) if judge else _fallback_verdict(view, hit, proposal)
            verdicts[view.decision_id] = (view, verdict)
        verdict = verdicts[view.decision_id][1]
        if precedent.relation is None and verdict is not None:
            precedent.relation = verdict.relation
            precedent.relation_by = "builtin"
    judged = [_judged(view, verdict) for view, verdict in verdicts.values() if verdict is not None]
    return precedents, judged


def precedent_findings(judged: list[JudgedPrecedent], proposal: Proposal) -> list[Finding]:
    """The builtin findings, most important first, at most MAX_PRECEDENT_FINDINGS."""
    findings = [f for j in judged if (f := builtin_finding(j, proposal))]
    findings.sort(key=lambda f: -(f.importance or 0.0))
    return findings[:MAX_PRECEDENT_FINDINGS]


def _judged(view: RecordView, verdict: RelationVerdict) -> JudgedPrecedent:
    record_text = "\n".join(t for k, t in view.sections.items() if k in {"decision", "summary", "body", "consequences"})
    if verdict.record_quote not in record_text:  # the best chunk of a record known only by its hit
        record_text = f"{record_text}\n{verdict.record_quote}"
    return JudgedPrecedent(
        decision_id=view.decision_id,
        title=view.title,
        status=view.status,
        relation=verdict.relation,
        record_quote=verdict.record_quote,
        record_section=verdict.record_section,
        proposal_quote=verdict.proposal_quote,
        strength=verdict.strength,
        record_text=record_text,
    )


def _view_of(hit: SearchHit) -> RecordView:
    """A record known only by its best chunk (a knowledge base without record lookup)."""
    section = (hit.section or "decision").lower()
    name = "consequences" if section.startswith(("consequence", "gevolg")) else "decision"
    return RecordView(
        decision_id=hit.decision_id, title=hit.title, status=hit.status, source=hit.source, sections={name: hit.quote}
    )


def _fallback_verdict(view: RecordView, hit: SearchHit, proposal: Proposal) -> RelationVerdict | None:
    """Without sentence vectors: the record's most word-sharing sentence, relation "related"."""
    words = set(WORD.findall(proposal.text.lower()))
    quote = most_relevant_passage(hit.quote, words)
    first = proposal.sentences[0].text if proposal.sentences else proposal.title
    return RelationVerdict("related", quote, hit.section, first, 0.0)
