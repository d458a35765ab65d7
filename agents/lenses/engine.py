"""The lens engine: which catalogue concerns apply to this proposal, and which are already answered.

Relevance and coverage are judged by meaning (multilingual e5 similarities between the catalogue's
descriptions and the proposal's sentences) together with literal word stems, so that an English
concern recognises a Dutch proposal and an answered concern is not raised again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents.lenses.catalog import Catalog, Concern, Vocabulary, stem_pattern
from agents.lenses.tailor import Slots, fill, proposal_slots, slots_for
from agents.schemas import Finding, ProposalEvidence
from agents.state import Proposal
from knowledge.embeddings import Embedder

# e5 cosine similarities sit in a narrow band (~0.70 unrelated .. ~0.90 paraphrase); thresholds
# were calibrated on the development eval set (evals/cases) and the sample proposals.
RELEVANT_WITH_TRIGGER = 0.80
RELEVANT_ON_MEANING = 0.86
ANSWERED_ON_MEANING = 0.865
TRIGGER_BONUS = 0.01
MAX_PER_PERSPECTIVE = 6


@dataclass(frozen=True)
class ConcernJudgement:
    """The engine's verdict on one concern, kept for explanations and the eval harness."""

    concern: Concern
    relevance: float
    coverage: float
    triggered: bool
    trigger_sentences: int
    answered_literally: bool
    evidence_index: int

    @property
    def relevant(self) -> bool:
        if self.concern.always:
            return True
        if self.triggered:
            return self.relevance >= RELEVANT_WITH_TRIGGER
        return self.relevance >= RELEVANT_ON_MEANING

    @property
    def priority(self) -> float:
        """Ranks relevant concerns: meaning first, literal evidence as a tie-breaker."""
        return self.relevance + TRIGGER_BONUS * min(self.trigger_sentences, 3)

    @property
    def answered(self) -> bool:
        return self.answered_literally or self.coverage >= ANSWERED_ON_MEANING


class LensEngine:
    """Judges every concern of a catalogue against one proposal's embedded sentences."""

    def __init__(self, catalog: Catalog, vocabulary: Vocabulary, embedder: Embedder) -> None:
        self.catalog = catalog
        self.vocabulary = vocabulary
        self.embedder = embedder
        self._relevant_vecs: list[np.ndarray] = []
        self._answered_vecs: list[np.ndarray] = []

    def _concern_vectors(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Embed all catalogue descriptions in one batch (cached on disk by the embedder)."""
        if not self._relevant_vecs:
            texts: list[str] = []
            for concern in self.catalog.concerns:
                texts += concern.relevant_when + concern.answered_when
            vectors = self.embedder.embed_queries(texts)
            cursor = 0
            for concern in self.catalog.concerns:
                n_rel, n_ans = len(concern.relevant_when), len(concern.answered_when)
                self._relevant_vecs.append(vectors[cursor : cursor + n_rel])
                self._answered_vecs.append(vectors[cursor + n_rel : cursor + n_rel + n_ans])
                cursor += n_rel + n_ans
        return self._relevant_vecs, self._answered_vecs

    def judge(self, proposal: Proposal, sentence_vecs: np.ndarray) -> list[ConcernJudgement]:
        relevant_vecs, answered_vecs = self._concern_vectors()
        lowered = [s.text.lower() for s in proposal.sentences]
        judgements = []
        for concern, rel, ans in zip(self.catalog.concerns, relevant_vecs, answered_vecs, strict=True):
            judgements.append(self._judge_one(concern, rel, ans, lowered, sentence_vecs))
        return judgements

    def _judge_one(
        self, concern: Concern, rel: np.ndarray, ans: np.ndarray, lowered: list[str], sentence_vecs: np.ndarray
    ) -> ConcernJudgement:
        trigger = stem_pattern(tuple(concern.triggers))
        answer = stem_pattern(tuple(concern.answers))
        trigger_hits = np.array([bool(trigger and trigger.search(t)) for t in lowered], dtype=bool)
        rel_scores = (sentence_vecs @ rel.T).max(axis=1) if len(rel) else np.zeros(len(lowered))
        ranked = rel_scores + TRIGGER_BONUS * trigger_hits
        best = int(np.argmax(ranked))
        coverage = float((sentence_vecs @ ans.T).max()) if len(ans) else 0.0
        return ConcernJudgement(
            concern=concern,
            relevance=float(rel_scores.max()),
            coverage=coverage,
            triggered=bool(trigger_hits.any()),
            trigger_sentences=int(trigger_hits.sum()),
            answered_literally=any(answer.search(t) for t in lowered) if answer else False,
            evidence_index=best,
        )

    def findings(self, proposal: Proposal, judgements: list[ConcernJudgement], perspective: str) -> list[Finding]:
        """Raised findings for one perspective ('both' concerns go to the IT side's node)."""
        defaults = proposal_slots(proposal, self.vocabulary)
        wanted = {perspective, "both"} if perspective == "it" else {perspective}
        open_concerns = [j for j in judgements if j.concern.perspective in wanted and j.relevant and not j.answered]
        open_concerns.sort(key=lambda j: j.priority, reverse=True)
        return [self._finding(proposal, j, defaults) for j in open_concerns[:MAX_PER_PERSPECTIVE]]

    def _finding(self, proposal: Proposal, judgement: ConcernJudgement, defaults: Slots) -> Finding:
        concern = judgement.concern
        sentence = proposal.sentences[judgement.evidence_index]
        language = proposal.language if proposal.language in concern.question else "en"
        slots = slots_for(sentence.text, defaults, self.vocabulary)
        return Finding(
            id=concern.id,
            kind=concern.kind,
            perspective=concern.perspective,
            title=fill(concern.text_for(concern.question, language), slots, language, self.vocabulary),
            detail=concern.text_for(concern.why, language),
            severity=concern.severity,
            evidence=[ProposalEvidence(quote=sentence.text)],
            origin="rule" if concern.source == "rules" else "lens",
            concern=concern.id,
        )
