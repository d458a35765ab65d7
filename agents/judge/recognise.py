"""Which kinds of decision a proposal is (multi-label), by meaning and by cue words.

Why by meaning: the archetypes are described in English and Dutch sentences ("the legacy application
is retired"); a Dutch proposal that says "het oude systeem gaat uit de lucht" matches them without a
word in common. Cue words confirm it. A proposal is often several kinds at once (a SaaS adoption
that replaces a spreadsheet and is built by an agency), so every archetype above the bar is kept.

Calibration (multilingual-e5-small; cosines of related sentences sit in ~0.80-0.92) was done on the
development cases only (evals/cases/*.md and samples/proposals/*.md), never on held-out cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agents.judge.cues import WHOLE_WORD_BELOW, cue_hits
from agents.judge.vectors import TextVectors
from agents.lenses.library import Archetype, Fact, FactType

TOP_SENTENCES = 2  # meaning = mean of the two best sentence matches to one description
CUE_WEIGHT = 0.008  # per sentence carrying the archetype's cue words (up to MAX_CUES)
MAX_CUES = 4
FACT_WEIGHT = 0.015  # when the proposal states the archetype's typical facts (recognition.yaml)
MISSING_FACTS = 0.02  # ... and the penalty when an archetype has typical facts and none is stated
RECOGNISED = 0.87  # combined score an archetype needs
NEAR_BEST = 0.04  # ... and within this of the best archetype
FLOOR = 0.85  # the best archetype is kept when it reaches this
CLEAR_LEAD = 0.03  # ... or when it reaches LOW_FLOOR and leads the runner-up by this much
LOW_FLOOR = 0.83
MAX_ARCHETYPES = 2
SECOND_MEANING = 0.835  # a second archetype must match by meaning on its own, not by cue words alone
SUPPORT_FILE = Path(__file__).with_name("recognition.yaml")


class Support(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actions: list[str] = Field(default_factory=list)
    facts: list[FactType] = Field(default_factory=list)
    required: bool = False  # no typical fact stated -> MISSING_FACTS off the score
    bonus: bool = True  # False: the facts are too common to add FACT_WEIGHT, only their absence counts
    # an action counts only in a sentence that also names one of these: "migrate" is a data migration
    # when a system or data moves, not when "10 staff want to switch over" to the night shift
    actions_with: list[FactType] = Field(default_factory=list)


class SupportFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    support: dict[str, Support]


@lru_cache(maxsize=1)
def load_support(path: Path = SUPPORT_FILE) -> SupportFile:
    from core.data_files import load_yaml

    return load_yaml(path, SupportFile)


def supported(archetype_id: str, facts: list[Fact]) -> bool:
    rule = load_support().support.get(archetype_id)
    if rule is None:
        return False
    named = {f.sentence for f in facts if f.type in rule.actions_with}
    return any(
        f.type in rule.facts
        or (f.type == "action" and f.role in rule.actions and (not rule.actions_with or f.sentence in named))
        for f in facts
    )


def fact_bonus(archetype_id: str, facts: list[Fact]) -> float:
    """+FACT_WEIGHT when the proposal states the archetype's typical facts; -MISSING_FACTS when the
    archetype has typical facts (a device refresh buys devices, a tool adoption brings a new system)
    and the proposal states none of them (`required` in recognition.yaml): meaning alone then has to
    carry it, and rarely does."""
    rule = load_support().support.get(archetype_id)
    if rule is None:
        return 0.0
    if supported(archetype_id, facts):
        return FACT_WEIGHT if rule.bonus else 0.0
    return -MISSING_FACTS if rule.required else 0.0


@dataclass(frozen=True)
class ArchetypeScore:
    archetype: Archetype
    meaning: float
    cue_sentences: int
    recognised: bool
    combined: float = 0.0
    probability: float | None = None  # the kind model's, where it applies (agents/judge/kind_model.py)


def score_archetypes(
    archetypes: list[Archetype],
    vectors: TextVectors,
    sentence_vecs: np.ndarray,
    texts: list[str],
    usable: np.ndarray,
    facts: list[Fact] | None = None,
) -> list[ArchetypeScore]:
    """Every archetype's score; `recognised` marks those the proposal is (at least the best one)."""
    raw = []
    for archetype in archetypes:
        described = vectors.matrix(archetype.recognise)
        sims = np.where(usable[:, None], sentence_vecs @ described.T, -1.0)
        top = np.sort(sims, axis=0)[::-1][:TOP_SENTENCES]
        meaning = float(top.mean(axis=0).max()) if top.size else 0.0
        hits = cue_hits(archetype.cues, texts, WHOLE_WORD_BELOW)  # "bi" is not "binnen", "app" not "apparaat"
        cues = sum(h for h, ok in zip(hits, usable, strict=True) if ok)
        bonus = CUE_WEIGHT * min(cues, MAX_CUES) + fact_bonus(archetype.id, facts or [])
        raw.append((archetype, meaning, cues, meaning + bonus))
    if not raw:
        return []
    best = max(c for *_, c in raw)
    ranked = sorted(raw, key=lambda r: -r[3])
    chosen = {
        id(r[0])
        for n, r in enumerate(ranked[:MAX_ARCHETYPES])
        if r[3] >= RECOGNISED and r[3] >= best - NEAR_BEST and (n == 0 or r[1] >= SECOND_MEANING)
    }
    lead = ranked[0][3] - (ranked[1][3] if len(ranked) > 1 else 0.0)
    if not chosen and (ranked[0][3] >= FLOOR or (ranked[0][3] >= LOW_FLOOR and lead >= CLEAR_LEAD)):
        chosen = {id(ranked[0][0])}  # a proposal is at least one kind of decision
    return [ArchetypeScore(a, m, c, id(a) in chosen, comb) for a, m, c, comb in raw]
