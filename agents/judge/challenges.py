"""Assumption challenges: a claim in the proposal, quoted and put to the other side.

Why its own data: "we don't need IT because it's a cloud tool" and "no impact on users" are wrong
in different ways and are challenged by different people (IT for the first, the business for the
second). The wording is keyed by the claim's kind in `challenges.yaml`, not one template for all.

Two readings keep a challenge pertinent:
- Who must confirm a claim follows from its subject, a typed fact of the claim's sentence: "the
  formats do not change, so partners only need to change the connection" is for the partners to
  confirm, not for "the floor" (`by_subject`, with `subjects` mapping people words to a subject).
- Only claims the plan rests on are challenged. A weak claim (an expectation, "easy", "free") is a
  side remark when its sentence hopes for a benefit ("after go-live we expect to save time") or it
  stands in a section about effort, benefits or next steps (`side_remarks`). Firm claims ("we don't
  need IT because", "tested without errors", "nobody uses it") are always challenged.
- A claim word may be about something other than the plan (`not_when`): "the limits of the free
  version" names a product tier, "exported at the end of the contract, at no cost" is an exit term;
  neither says what the proposal costs to adopt or run, so neither meets the hidden-hours challenge.
- "Who confirmed that?" is answered where the claim stands when its sentence, or the one before it,
  names who confirmed or checked it (`confirmed_when`): "Records Management confirmed journaling runs
  in the cloud. No impact on retention."
- A vague expectation ("we expect little resistance") names nothing the plan would have to change:
  a claim kind with `rests_on` is challenged only where its sentence carries such a fact (a date,
  an amount, a group of people, an absolute), so the quoted clause shows what rests on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agents.judge.cues import cue_hits
from agents.judge.vectors import TextVectors, sentence_scores
from agents.lenses.library import Answer, Fact, FactType, Texts
from agents.schemas import Kind, Perspective, Severity
from agents.state import Proposal
from core.data_files import Patterns

CHALLENGES_FILE = Path(__file__).with_name("challenges.yaml")
ANSWERED_ON_MEANING = 0.87


class Wording(BaseModel):
    """A challenge's words for one subject; `{claim}` is the claim, `{subject}` the people it concerns."""

    model_config = ConfigDict(extra="forbid")
    challenger: Perspective | None = None
    question: Texts
    why: Texts | None = None


class ChallengeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    challenger: Perspective
    kind: Kind
    severity: Severity
    question: Texts
    why: Texts
    answered_when: Answer
    weak: bool = Field(default=False, description="an expectation the plan may not rest on: side remarks dropped")
    by_subject: dict[str, Wording] = Field(default_factory=dict, description="subject -> wording for it")
    not_when: Patterns = Field(
        default_factory=list, description="regexes: a claim sentence matching one is about something else"
    )
    rests_on: list[FactType] = Field(
        default_factory=list, description="challenged only where the claim's sentence carries one of these facts"
    )
    answered_elsewhere: bool = Field(
        default=False,
        description="the claim's own sentence does not answer it: 'on my OneDrive, not on the team site' names the "
        "answer it lacks",
    )
    confirmed_when: Patterns = Field(
        default_factory=list,
        description="regexes: the claim's sentence, or the one before it in its paragraph, saying who confirmed "
        "or checked it answers the challenge",
    )
    said_by: list[FactType] = Field(
        default_factory=list,
        description="challenged only where the claim's first word (who says it) is a fact of these types the "
        "proposal names: 'PeakGate says' where PeakGate is a system or vendor, not 'Fiona said'",
    )
    defers_to: list[str] = Field(
        default_factory=list,
        description="check ids: while one of them is open, it raises this gap and this challenge is not listed",
    )


class SideRemarks(BaseModel):
    """What makes a weak claim a side remark: a hoped-for benefit, or a section that is not the plan."""

    model_config = ConfigDict(extra="forbid")
    benefit: Patterns = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)


class ChallengeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    subjects: dict[str, list[str]] = Field(default_factory=dict, description="subject -> people words")
    side_remarks: SideRemarks = Field(default_factory=SideRemarks)
    challenges: dict[str, ChallengeSpec]


@lru_cache(maxsize=1)
def load_challenges(path: Path = CHALLENGES_FILE) -> ChallengeFile:
    from core.data_files import load_yaml

    return load_yaml(path, ChallengeFile)


@dataclass(frozen=True)
class Challenge:
    """A claim the proposal makes and the challenge it meets (answered when the text answers it)."""

    claim: Fact
    spec: ChallengeSpec
    answered: bool
    subject: Fact | None = None  # the people the claim concerns, when its wording is for them

    @property
    def open(self) -> bool:
        return not self.answered

    @property
    def wording(self) -> Wording:
        special = self.spec.by_subject.get(self.subject.role or "") if self.subject else None
        return special or Wording(challenger=self.spec.challenger, question=self.spec.question, why=self.spec.why)

    @property
    def challenger(self) -> Perspective:
        return self.wording.challenger or self.spec.challenger

    def question(self, language: str, claim: str) -> str:
        return self.wording.question.get(language).format(claim=claim, subject=subject_words(self.subject))

    def why(self, language: str) -> str:
        return (self.wording.why or self.spec.why).get(language)


def challenge_texts(specs: ChallengeFile) -> list[str]:
    return [m for s in specs.challenges.values() for m in s.answered_when.meaning]


def challenge_claims(
    facts: list[Fact], specs: ChallengeFile, vectors: TextVectors, sentence_vecs: np.ndarray, texts: list[str],
    usable: np.ndarray, proposal: Proposal | None = None,
) -> list[Challenge]:  # fmt: skip
    """One challenge per claim kind (its first statement the plan rests on), unless already answered."""
    seen: set[str] = set()
    challenges = []
    for claim in facts:
        if claim.type != "claim" or claim.role in seen or claim.role not in specs.challenges:
            continue
        if proposal is not None and proposal.sentences[claim.sentence].row:
            continue  # a table row lists a step or an amount ("ask how they'd likely react | Jas"), not a claim
        spec = specs.challenges[claim.role or ""]
        if spec.weak and side_remark(claim, facts, texts, specs.side_remarks, proposal):
            continue
        if not about_the_plan(claim, spec, facts, texts):
            continue
        seen.add(claim.role or "")
        scores = sentence_scores(sentence_vecs, vectors.matrix(spec.answered_when.meaning), usable)
        cues = np.array(cue_hits(spec.answered_when.cues, texts, loose=True), dtype=bool) & usable
        if spec.answered_elsewhere:
            cues[claim.sentence] = False
        answered = bool(cues.any()) or bool(len(texts)) and float(scores.max()) >= ANSWERED_ON_MEANING
        answered = answered or confirmed_beside(claim.sentence, spec.confirmed_when, texts, proposal)
        subject = claim_subject(claim, facts, specs.subjects) if spec.by_subject else None
        challenges.append(Challenge(claim, spec, answered, subject))
    return challenges


def side_remark(
    claim: Fact, facts: list[Fact], texts: list[str], remarks: SideRemarks, proposal: Proposal | None
) -> bool:
    """A claim the plan does not rest on: a hoped-for benefit, or one said in a side section (unless
    it is absolute: "we expect all 40 partners to test within a week" is a premise wherever it stands)."""
    sentence = texts[claim.sentence]
    if any(re.search(p, sentence, re.IGNORECASE) for p in remarks.benefit):
        return True
    absolute = any(f.type == "absolute" and f.sentence == claim.sentence for f in facts)
    if proposal is None or not remarks.sections or absolute:
        return False
    heading = proposal.sentences[claim.sentence].section.lower()
    return any(re.search(rf"(?<!\w){re.escape(word)}", heading) for word in remarks.sections)


def confirmed_beside(index: int, patterns: list[str], texts: list[str], proposal: Proposal | None) -> bool:
    """Whether the claim's sentence, or the sentence before or after it in the same paragraph or list
    item, says who confirmed it or who checks it: "Records Management confirmed journaling runs in the
    cloud. No impact on retention." answers "who confirmed that?" where it stands, as "... probably means
    three quotes. I need to check this with Procurement." answers "what is it based on?"."""
    beside = [index]
    if proposal is not None:
        sentences = proposal.sentences
        for other in (index - 1, index + 1):
            first, second = sorted((other, index))
            if (
                first >= 0
                and second < len(sentences)
                and "\n" not in proposal.text[sentences[first].end : sentences[second].start]
            ):
                beside.append(other)
    return any(re.search(p, texts[i], re.IGNORECASE) for p in patterns for i in beside)


def about_the_plan(claim: Fact, spec: ChallengeSpec, facts: list[Fact], texts: list[str]) -> bool:
    """Whether the claim says something the plan rests on: not a name or term that merely contains the
    claim word (`not_when`), said by whom `said_by` asks for, and, for kinds with `rests_on`, a sentence
    carrying such a fact."""
    sentence = texts[claim.sentence]
    if any(re.search(p, sentence, re.IGNORECASE) for p in spec.not_when):
        return False
    if spec.said_by and not said_by(claim, spec.said_by, facts):
        return False
    if not spec.rests_on:
        return True
    return any(f.sentence == claim.sentence and f.type in spec.rests_on for f in facts)


def said_by(claim: Fact, types: list[FactType], facts: list[Fact]) -> bool:
    """Whether the claim's speaker, its first word, is one of the proposal's facts of these types."""
    speaker = claim.value.split()[0].lower()
    return any(f.type in types and f.value.split()[0].lower() == speaker for f in facts)


def claim_subject(claim: Fact, facts: list[Fact], subjects: dict[str, list[str]]) -> Fact | None:
    """The people fact in the claim's sentence whose words name a subject (e.g. 'partners' -> outside
    parties), as a copy whose `role` is that subject; None when the claim concerns no such group."""
    for fact in facts:
        if fact.sentence != claim.sentence or fact.type != "people":
            continue
        noun = subject_words(fact).lower()
        for subject, words in subjects.items():
            if any(re.search(rf"(?<!\w){re.escape(w.lower())}$", noun) for w in words):
                return fact.model_copy(update={"role": subject})
    return None


QUANTIFIERS = {"all", "every", "each", "our", "the", "both", "alle", "elke", "iedere", "onze", "de", "beide", "some"}


def subject_words(fact: Fact | None) -> str:
    """The group's own words without its count or quantifier: '80 partners' -> 'partners'."""
    if fact is None:
        return ""
    words = fact.value.split()
    while len(words) > 1 and (words[0].lower() in QUANTIFIERS or re.fullmatch(r"[\d.,]+", words[0])):
        words = words[1:]
    return " ".join(words)
