"""One proposal, analysed once: facts, archetypes, judged pitfalls, challenges, timeline gaps, coverage map.

Why one entry point: the analyse node, the tests and the benchmark all need the same sequence, and
an organisation's own rules join as `extra` archetypes that always apply (no recognition needed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from agents.facts import extract_facts, field_lines
from agents.facts.absences import absences
from agents.facts.options import other_options
from agents.facts.scope import read_scope
from agents.facts.timeline import timeline
from agents.judge.absence_checks import absence_gaps
from agents.judge.challenges import Challenge, challenge_claims, challenge_texts, load_challenges
from agents.judge.kind_model import memo_vector, model_for, reread
from agents.judge.pitfalls import Judgement, judge_pitfall, old_state_only
from agents.judge.recognise import ArchetypeScore, score_archetypes
from agents.judge.timeline_checks import TimelineGap, timeline_gaps
from agents.judge.vectors import TextVectors
from agents.lenses.library import Archetype, Fact, Library, Texts, load_library
from agents.schemas import CoverageItem, CoverageStatus
from agents.state import Proposal
from knowledge.embeddings import Embedder

PLAN_FACTS = ("claim", "date", "action", "absolute", "external_commitment")  # what a set-aside option does not add
PROBABILITY_GAP = 0.05  # kinds a full probability apart weigh as kinds 0.05 apart by description (findings.py)
TIMELINE = Texts(en="The proposal's dates", nl="De data in het voorstel")  # the coverage group of date checks


@lru_cache(maxsize=1)
def default_library() -> Library:
    return load_library()


def library_version() -> int:
    """The pre-mortem library's version (archetypes/index.yaml), recorded in every report."""
    return default_library().version


@dataclass
class Analysis:
    facts: list[Fact]
    scores: list[ArchetypeScore]
    judgements: list[Judgement | Challenge | TimelineGap] = field(default_factory=list)
    coverage: list[CoverageItem] = field(default_factory=list)

    @property
    def archetypes(self) -> list[str]:
        return [s.archetype.id for s in self.scores if s.recognised]


def library_texts(archetypes: Sequence[Archetype]) -> list[str]:
    texts: list[str] = []
    for a in archetypes:
        texts += a.recognise
        for p in a.pitfalls:
            texts += p.applies_when.meaning + p.answered_when.meaning
            texts += [m for part in p.answered_when.parts for m in part.meaning]
    return texts


def analyse_proposal(
    proposal: Proposal,
    sentence_vecs: np.ndarray,
    embedder: Embedder,
    library: Library | None = None,
    extra: Sequence[Archetype] = (),
    kind_model: Path | None = None,
) -> Analysis:
    """Judge the library (and `extra` archetypes, which always apply) against one proposal. The kinds
    it is are read from its sentences and re-read by the kind model (`kind_model`: an organisation's
    own file; the one shipped otherwise) where that model knows the embedder's vectors."""
    library = library or default_library()
    challenges = load_challenges()
    vectors = TextVectors(embedder, library_texts([*library.archetypes, *extra]) + challenge_texts(challenges))
    texts = [s.text for s in proposal.sentences]
    header = field_lines(proposal)
    set_aside = other_options(proposal)
    usable = plan_sentences(proposal, header, set_aside)
    vecs = np.asarray(sentence_vecs, dtype=np.float32).reshape(len(texts), -1)
    facts = plan_facts(proposal, set_aside)
    scope = read_scope(proposal, header)
    scores = score_archetypes(library.archetypes, vectors, vecs, texts, usable, facts)
    model = model_for(getattr(embedder, "name", ""), kind_model)
    if model is not None:
        scores = reread(scores, model, memo_vector(vecs, usable))
    always = [ArchetypeScore(a, 1.0, 0, True) for a in extra]
    judgements: list[Judgement | Challenge | TimelineGap] = []
    old_state = old_state_only(facts, len(texts))  # not the situation of an archetype `about: new`
    rows = np.array([s.row for s in proposal.sentences], dtype=bool)
    for score in [*scores, *always]:
        if not score.recognised:
            continue
        behind = 0.0 if score.archetype in extra else behind_main(score, scores)
        for pitfall in score.archetype.pitfalls:
            judgements.append(
                judge_pitfall(
                    score.archetype.id,
                    behind,
                    pitfall,
                    facts,
                    vectors,
                    vecs,
                    texts,
                    usable,
                    scope,
                    _not_situation(score.archetype, texts, old_state),
                    rows,
                )
            )
    judgements += challenge_claims(facts, challenges, vectors, vecs, texts, usable, proposal)
    events = timeline(proposal, facts)
    away = absence_gaps(absences(proposal, events), events, proposal, texts + proposal.sections)
    judgements += timeline_gaps(events, texts + proposal.sections, also=away)
    scores += always
    return Analysis(facts, scores, judgements, coverage_map(judgements, proposal, scores))


def plan_sentences(proposal: Proposal, header: set[int] | None = None, set_aside: set[int] | None = None) -> np.ndarray:
    """The sentences that state the plan: not a "From:"/"Status:" field line, and not in an option the
    author does not recommend (its sentences are neither evidence nor answer, and what they claim, date or
    do is not the plan's; who and what they name, a vendor or a system, still count as facts)."""
    header = field_lines(proposal) if header is None else header
    set_aside = other_options(proposal) if set_aside is None else set_aside
    return np.array([i not in header and i not in set_aside for i in range(len(proposal.sentences))], dtype=bool)


def plan_facts(proposal: Proposal, set_aside: set[int] | None = None) -> list[Fact]:
    """The proposal's facts, less what an option the author does not recommend claims, dates or does."""
    set_aside = other_options(proposal) if set_aside is None else set_aside
    return [f for f in extract_facts(proposal) if f.sentence not in set_aside or f.type not in PLAN_FACTS]


def behind_main(score: ArchetypeScore, scores: list[ArchetypeScore]) -> float:
    """How far (<= 0) a recognised kind of the library scored below the proposal's main kind: its gaps
    weigh less. By the kind model's probability where it read the kinds (a full probability apart counts
    as PROBABILITY_GAP), by the description reading's score otherwise."""
    recognised = [s for s in scores if s.recognised and s.probability is not None]
    if score.probability is not None and recognised:
        return min(score.probability - max(s.probability or 0.0 for s in recognised), 0.0) * PROBABILITY_GAP
    best = max((s.combined for s in scores if s.recognised), default=0.0)
    return min(score.combined - best, 0.0)


def _not_situation(archetype: Archetype, texts: list[str], old_state: np.ndarray) -> np.ndarray | None:
    """Sentences that cannot be this archetype's situation: the old state (for an archetype about
    the new thing) and sentences that deny the archetype ("no AI is involved")."""
    denied = [any(re.search(p, t, re.IGNORECASE) for p in archetype.denied_by) for t in texts]
    mask = np.array(denied, dtype=bool) | (old_state if archetype.about == "new" else False)
    return mask if mask.any() else None


def coverage_map(
    judgements: list[Judgement | Challenge | TimelineGap], proposal: Proposal, scores: list[ArchetypeScore]
) -> list[CoverageItem]:
    """Every judged pitfall and timeline check with its status and quote: what was checked, not only
    what is missing."""
    names = {s.archetype.id: s.archetype.name.get(proposal.language) for s in scores}
    items = []
    for j in judgements:
        if isinstance(j, TimelineGap):
            opening = proposal.sentences[j.events[0].sentence].text
            items.append(
                CoverageItem(
                    concern=j.concern,
                    title=short_title(j.concern, TIMELINE.get(proposal.language)),
                    perspective=j.spec.perspective,
                    status="open" if j.open else "covered",
                    quote=opening if j.open else j.covered_by,
                )
            )
        if not isinstance(j, Judgement):
            continue
        status: CoverageStatus = "not_applicable" if not j.applies else "covered" if j.answered else "open"
        quote = proposal.sentences[j.trigger].text if status == "open" else " … ".join(j.covered_by) or None
        items.append(
            CoverageItem(
                concern=j.pitfall.id,
                title=short_title(j.pitfall.id, names.get(j.archetype, j.archetype)),
                perspective=j.pitfall.perspective,
                status=status,
                quote=quote,
                archetype=j.archetype,
                source=j.pitfall.source,
            )
        )
    return items


def short_title(pitfall_id: str, archetype_name: str) -> str:
    """'decommission.retention_duty' -> 'Decommission or switch-off: retention duty'."""
    return f"{archetype_name}: {pitfall_id.split('.', 1)[-1].replace('_', ' ')}"
