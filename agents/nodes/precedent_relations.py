"""How a past decision bears on a proposal: builds on it, reverses it, repeats it, or was superseded.

Why not one template: "an earlier decision applies, check it" leaves the reviewing to the reader.
A reviewer names the relation and shows where the two texts meet. Without a model this is
decided from meaning (e5 similarity of the proposal's sentences to the record's sentences) plus
the facts the texts state: a record that decided X *instead of* Y, and a proposal sentence that
*requires* Y for the same system, people or control, is a reversal. Markers exist in English and
Dutch. Thresholds were set on the sample knowledge base and the fixture records in
tests/pipeline/test_precedent_relations.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agents.facts.timeline import load_timeline
from agents.nodes.read import parse_proposal
from agents.schemas import Relation
from agents.state import Proposal
from core.data_files import load_yaml
from knowledge.base import RecordView
from knowledge.embeddings import Embedder

# A proposal sentence that adopts, requires or keeps something ...
ADOPT = re.compile(
    r"\b(requires?|required|enforce[sd]?|mandatory|must use|use[sd]?|introduce[sd]?|roll(?:s|ed)? out|switch(?:es)? to|"
    r"move[sd]? to|migrat\w*|adopt[sd]?|verhuiz\w*|migreren|verplicht\w*|invoer\w*|gebruik\w*|overstap\w*|"
    r"afdwing\w*|inzet\w*|voeren \w+ in)\b",
    re.IGNORECASE,
)
# ... or drops something.
DROP = re.compile(
    r"\b(remove[sd]?|drop(?:s|ped)?|stop(?:s|ped)?|retire[sd]?|abolish\w*|replace[sd]?|no longer|"
    r"afschaf\w*|verwijder\w*|schaffen \w+ af|stoppen|vervang\w*|niet langer|uitzetten)\b",
    re.IGNORECASE,
)
# What a record explicitly decided against: "badge tap instead of phone-based MFA".
REJECTED = re.compile(
    r"\b(?:instead of|rather than|in plaats van|not|no|without|zonder|geen|niet)\s+([^.;:()\n]{4,80})",
    re.IGNORECASE,
)
BAD_CONSEQUENCE = re.compile(r"\b(bad|negative|slecht|nadeel|negatief|stopped|gestopt|failed|mislukt)\b", re.I)
WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)

# e5 passage/passage cosines: paraphrases ~0.88+, the same topic ~0.83-0.87, unrelated < 0.80.
CONFLICT_SIMILARITY = 0.84
REPEAT_SIMILARITY = 0.90
BUILDS_ON_SIMILARITY = 0.83
MAX_SUPERSEDED_HOPS = 5


class ConceptTable(BaseModel):
    """`precedent_concepts.yaml`: concept id -> the word stems that name it (EN and NL)."""

    model_config = ConfigDict(extra="forbid")
    version: int
    concepts: dict[str, list[str]] = Field(min_length=1)


@lru_cache(maxsize=1)
def concept_patterns() -> dict[str, re.Pattern[str]]:
    table = load_yaml(Path(__file__).with_name("precedent_concepts.yaml"), ConceptTable)
    return {
        name: re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")", re.I
        )
        for name, stems in table.concepts.items()
    }


def concepts(text: str) -> set[str]:
    """The concepts a text names ("Authenticator prompt" -> {"mfa"}); typed, not guessed from nouns."""
    return {name for name, pattern in concept_patterns().items() if pattern.search(text)}


BOILERPLATE = re.compile(r"^\W*(?:\*\*|__)?[\w ]{2,24}(?:\*\*|__)?\s*:|\|", re.UNICODE)


def is_boilerplate(sentence: str) -> bool:
    """Header fields ("**Author:** ...") and table rows: where a proposal says nothing it decides."""
    return bool(BOILERPLATE.match(sentence)) and len(sentence) < 160 or sentence.count("|") >= 2


@dataclass(frozen=True)
class RelationVerdict:
    """The relation with the two sentences where record and proposal meet (both verbatim)."""

    relation: Relation
    record_quote: str
    record_section: str | None
    proposal_quote: str
    strength: float


def sentences_of(text: str) -> list[str]:
    """Sentences and bullets of a record section, verbatim."""
    return [s.text for s in parse_proposal(text).sentences if len(s.text) > 12] or ([text] if text.strip() else [])


NAME = re.compile(r"(?<![\w.])(?:[A-Z][a-z]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*|(?<=\w )[A-Z][a-z][\w-]+)")


# Names that every organisation's memos share, so sharing one says nothing about building on a decision: a vendor
# umbrella ("Microsoft 365 E3 licences" is no step on "Use Microsoft Entra ID ... for SSO") and the acronyms of a
# department or a card ("IT Information Security", "a university ID card"). On s58 both were listed as "Builds on"
# the sample knowledge base's identity and SaaS-intake records, and all three such findings were wrong to both
# blind labellers; the sample 2FA proposal still builds on the Entra ID record by "Entra".
UMBRELLA_NAMES = frozenset(
    {"it", "ict", "id", "hr", "ai", "pc", "eu", "uk", "nl", "us", "microsoft", "google", "apple", "amazon"}
)


def names(text: str) -> set[str]:
    """Names of systems and products ("Entra", "SCALE", "Power BI"), lowercased: capitalised inside a sentence
    or written in capitals. Sharing one is how a proposal builds on what a record chose; an umbrella name every
    memo shares (`UMBRELLA_NAMES`), a stop word or a calendar word is none."""
    ignored = _STOP | _calendar() | UMBRELLA_NAMES
    return {n.lower() for n in NAME.findall(text) if n.lower() not in ignored and len(n) >= 2}


@lru_cache(maxsize=1)
def _calendar() -> frozenset[str]:
    """Month and weekday names in English and Dutch (`agents/facts/timeline.yaml`): calendar words, never names."""
    spec, _ = load_timeline()
    words = [*spec.month_names.values(), *spec.weekday_names.values()]
    return frozenset(w.lower() for names in words for w in names)


def terms(text: str) -> set[str]:
    """Content words (4+ letters, lowercased): enough to see "the same system, people or control"."""
    return {w.lower() for w in WORD.findall(text)} - _STOP


_STOP = {
    "that",
    "this",
    "with",
    "from",
    "have",
    "will",
    "should",
    "would",
    "their",
    "they",
    "were",
    "been",
    "because",
    "also",
    "every",
    "voor",
    "door",
    "wordt",
    "worden",
    "deze",
    "niet",
    "geen",
    "onze",
    "alle",
    "instead",
    "rather",
    "plaats",
}


class RelationJudge:
    """Decides the relation of records to one proposal; the proposal's sentence vectors are reused."""

    def __init__(self, proposal: Proposal, sentence_vectors: np.ndarray, embedder: Embedder) -> None:
        self.proposal = proposal
        keep = [i for i, s in enumerate(proposal.sentences) if not is_boilerplate(s.text)]
        self.sentences = [proposal.sentences[i].text for i in keep]
        self.vectors = np.asarray(sentence_vectors, dtype=np.float32)[keep] if keep else np.zeros((0, 1))
        self.embedder = embedder
        self.proposal_terms = terms(proposal.text)
        self.proposal_names = names(proposal.text)

    def judge(self, record: RecordView) -> RelationVerdict | None:
        """The relation of a current record to the proposal, None when they do not meet."""
        if not self.sentences or not len(self.vectors):
            return None
        decision_text = "\n".join(t for k, t in record.sections.items() if k in {"decision", "summary", "body"})
        decided = [record.title, *sentences_of(decision_text)]
        consequences = sentences_of(record.sections.get("consequences", ""))
        units = decided + consequences
        unit_vecs = self.embedder.embed_passages(units)
        sims = self.vectors @ unit_vecs.T  # (proposal sentences, record units)
        conflict = self._conflict(record, decided, sims)
        if conflict is not None:
            return conflict
        n_decided = len(decided)
        p_idx, u_idx = self._meeting(sims[:, :n_decided], decided)
        best = float(sims[p_idx, u_idx])
        shared = terms(" ".join(decided)) & self.proposal_terms
        if best >= REPEAT_SIMILARITY and ADOPT.search(self.sentences[p_idx]):
            quote, section = self._consequence(consequences, sims[:, n_decided:], decided[u_idx])
            return RelationVerdict("repeats", quote, section, self.sentences[p_idx], best)
        if best >= BUILDS_ON_SIMILARITY and names(record.title) & self.proposal_names:
            section = "decision" if u_idx else None
            return RelationVerdict("builds_on", decided[u_idx], section, self.sentences[p_idx], best)
        if best >= BUILDS_ON_SIMILARITY and shared:
            return RelationVerdict(
                "related", decided[u_idx], "decision" if u_idx else None, self.sentences[p_idx], best
            )
        return None

    def _meeting(self, sims: np.ndarray, units: list[str]) -> tuple[int, int]:
        """The (proposal sentence, record unit) pair where the texts meet: meaning first, shared
        words and concepts as evidence that they speak of the same thing."""
        bonus = np.zeros_like(sims)
        for p, sentence in enumerate(self.sentences):
            words, named = terms(sentence), concepts(sentence)
            for u, unit in enumerate(units):
                bonus[p, u] = 0.01 * min(len(words & terms(unit)), 3) + 0.01 * min(len(named & concepts(unit)), 2)
        best_p, best_u = np.unravel_index(int(np.argmax(sims + bonus)), sims.shape)
        return int(best_p), int(best_u)

    def _conflict(self, record: RecordView, decided: list[str], sims: np.ndarray) -> RelationVerdict | None:
        """A proposal sentence that adopts what the record decided against ("instead of Y", "no Y",
        "in plaats van Y") naming the same concept, about the same systems or people (shared
        words) and on the same topic (meaning)."""
        record_words = terms(" ".join(decided))
        best: RelationVerdict | None = None
        for text in decided:
            for match in REJECTED.finditer(text):
                rejected = concepts(match.group(1)) - concepts(text[: match.start()])
                if not rejected:
                    continue
                for p, sentence in enumerate(self.sentences):
                    if not ADOPT.search(sentence) or not (concepts(sentence) & rejected):
                        continue
                    u = int(np.argmax(sims[p, : len(decided)]))
                    meet = float(sims[p, u])
                    if meet < CONFLICT_SIMILARITY or not (terms(sentence) & record_words):
                        continue
                    if best is None or meet > best.strength:
                        quote = text if text in decided[1:] else decided[u]
                        section = "decision" if quote != decided[0] else None
                        best = RelationVerdict("conflicts", quote, section, sentence, meet)
        return best

    def _consequence(self, consequences: list[str], sims: np.ndarray, fallback: str) -> tuple[str, str | None]:
        """What the earlier decision's consequences said: the bad one closest to the proposal first."""
        if not consequences:
            return fallback, "decision"
        order = np.argsort(-sims.max(axis=0))
        for i in order:
            if BAD_CONSEQUENCE.search(consequences[int(i)]):
                return consequences[int(i)], "consequences"
        return consequences[int(order[0])], "consequences"


def follow_superseded(start: RecordView, lookup: object) -> RecordView | None:
    """Follow "superseded by" links to the record now in force (None if the chain breaks or loops)."""
    find = getattr(lookup, "record", None)
    if find is None:
        return None
    seen = {start.decision_id}
    current = start
    for _ in range(MAX_SUPERSEDED_HOPS):
        ref = current.superseded_by
        if not ref:
            return current if current is not start else None
        nxt = find(ref, current.source)
        if nxt is None or nxt.decision_id in seen:
            return None
        seen.add(nxt.decision_id)
        current = nxt
        if current.is_current:
            return current
    return None
