"""Assumption challenges: a claim in the proposal, quoted and put to the other side.

Why its own data: "we don't need IT because it's a cloud tool" and "no impact on users" are wrong
in different ways and are challenged by different people (IT for the first, the business for the
second). The wording is keyed by the claim's kind in `challenges.yaml`, not one template for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from agents.judge.cues import cue_hits
from agents.judge.vectors import TextVectors, sentence_scores
from agents.lenses.library import Answer, Fact, Texts
from agents.schemas import Kind, Perspective, Severity

CHALLENGES_FILE = Path(__file__).with_name("challenges.yaml")
ANSWERED_ON_MEANING = 0.87


class ChallengeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    challenger: Perspective
    kind: Kind
    severity: Severity
    question: Texts
    why: Texts
    answered_when: Answer


class ChallengeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
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

    @property
    def open(self) -> bool:
        return not self.answered


def challenge_texts(specs: ChallengeFile) -> list[str]:
    return [m for s in specs.challenges.values() for m in s.answered_when.meaning]


def challenge_claims(
    facts: list[Fact], specs: ChallengeFile, vectors: TextVectors, sentence_vecs: np.ndarray, texts: list[str],
    usable: np.ndarray,
) -> list[Challenge]:  # fmt: skip
    """One challenge per claim kind (its first statement), unless the proposal already answers it."""
    seen: set[str] = set()
    challenges = []
    for claim in facts:
        if claim.type != "claim" or claim.role in seen or claim.role not in specs.challenges:
            continue
        seen.add(claim.role or "")
        spec = specs.challenges[claim.role or ""]
        scores = sentence_scores(sentence_vecs, vectors.matrix(spec.answered_when.meaning), usable)
        cues = np.array(cue_hits(spec.answered_when.cues, texts), dtype=bool) & usable
        answered = bool(cues.any()) or bool(len(texts)) and float(scores.max()) >= ANSWERED_ON_MEANING
        challenges.append(Challenge(claim, spec, answered))
    return challenges
