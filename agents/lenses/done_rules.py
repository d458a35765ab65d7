"""What "done" means, as data: the four kinds of criterion, the fallback statements, the findings.

Why four kinds: IT tends to judge a project by delivery and by stability and support, the business
by adoption and outcome and by money. A criterion such as "first response time under 8 hours" is an
outcome, not a delivery; telling the kinds apart is what lets the reviewer say which side's
judgement a proposal leaves unmeasured. Recognised by meaning (e5 prototypes) nudged by literal
cues; the data lives in `done.yaml` and is validated on load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.lenses.library import Texts
from agents.schemas import Perspective, Severity, Stage

CriterionClass = Literal["delivery", "adoption_outcome", "financial", "stability_support"]
CRITERION_CLASSES: tuple[CriterionClass, ...] = ("delivery", "adoption_outcome", "financial", "stability_support")
Side = Literal["it", "business"]
ClassSide = Literal["it", "business", "none"]
DivergenceCase = Literal["missing", "lacks_it", "lacks_business", "lacks_both"]
RULES_FILE = Path(__file__).with_name("done.yaml")


class CriterionKind(BaseModel):
    model_config = ConfigDict(extra="forbid")
    side: ClassSide
    name: Texts
    prototypes: list[str] = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)


class Divergence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    perspective: Perspective
    severity: Severity
    importance: dict[Stage, float]
    title: Texts
    detail: Texts
    title_judged: Texts | None = Field(
        default=None,
        description="title when the recognised archetype says what the unmeasured side will judge; "
        "placeholders {measured}, {judged}",
    )
    detail_judged: Texts | None = Field(
        default=None, description="detail that goes with `title_judged`; placeholders {measured}, {judged}"
    )

    @field_validator("importance")
    @classmethod
    def _in_range(cls, value: dict[Stage, float]) -> dict[Stage, float]:
        if set(value) != {"exploring", "committed"} or not all(0 <= v <= 1 for v in value.values()):
            raise ValueError("needs exploring and committed, each between 0 and 1")
        return value


class DoneRules(BaseModel):
    """`done.yaml`."""

    model_config = ConfigDict(extra="forbid")
    version: int
    criteria_headings: list[str] = Field(min_length=1)
    criteria_heading_names: list[str] = Field(default_factory=list)  # whole headings: "Done", "Klaar"
    criteria_cues: list[str]
    metadata_labels: list[str]
    cue_weight: float = Field(ge=0, le=0.2)
    cue_ignore: list[str] = Field(default_factory=list)
    multi_margin: float = Field(ge=0, le=0.2)
    classes: dict[CriterionClass, CriterionKind]
    fallback: dict[Side, list[list[Texts]]]
    max_statements: int = Field(ge=1, le=8)
    measured_margin: float = Field(ge=0, le=0.2)
    divergence: dict[DivergenceCase, Divergence]
    goal_prototypes: list[str] = Field(min_length=1)
    decision_cues: list[str] = Field(default_factory=list)  # a decision asked: "missing" is raised only then

    @field_validator("classes")
    @classmethod
    def _all_classes(cls, value: dict[CriterionClass, CriterionKind]) -> dict[CriterionClass, CriterionKind]:
        missing = [c for c in CRITERION_CLASSES if c not in value]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        return value

    @field_validator("divergence")
    @classmethod
    def _all_cases(cls, value: dict[DivergenceCase, Divergence]) -> dict[DivergenceCase, Divergence]:
        missing = [c for c in ("missing", "lacks_it", "lacks_business", "lacks_both") if c not in value]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        return value


def load_done_rules(path: Path = RULES_FILE) -> DoneRules:
    from core.data_files import load_yaml

    return load_yaml(path, DoneRules)


@lru_cache(maxsize=1)
def default_done_rules() -> DoneRules:
    return load_done_rules()


def word_stems(stems: list[str]) -> re.Pattern[str] | None:
    """One regex for literal word stems, each starting at a word boundary."""
    if not stems:
        return None
    ordered = sorted((s.lower() for s in stems), key=len, reverse=True)
    alternatives = [r"\s+".join(re.escape(word) for word in stem.split()) for stem in ordered]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


class CriterionClassifier:
    """Classifies a criterion sentence into one of the four kinds: nearest prototype plus cue hits."""

    def __init__(self, rules: DoneRules, prototype_vectors: np.ndarray) -> None:
        self.rules = rules
        self.cues = {c: word_stems(rules.classes[c].cues) for c in CRITERION_CLASSES}
        self.ignore = word_stems(rules.cue_ignore)
        self.rows: dict[CriterionClass, slice] = {}
        start = 0
        for c in CRITERION_CLASSES:
            n = len(rules.classes[c].prototypes)
            self.rows[c] = slice(start, start + n)
            start += n
        self.vectors = prototype_vectors

    @staticmethod
    def prototypes(rules: DoneRules) -> list[str]:
        """All class prototypes in the order the classifier expects their vectors."""
        return [p for c in CRITERION_CLASSES for p in rules.classes[c].prototypes]

    def hits(self, text: str) -> dict[CriterionClass, int]:
        text = self.ignore.sub(" ", text) if self.ignore else text
        return {c: len(p.findall(text)) if (p := self.cues[c]) else 0 for c in CRITERION_CLASSES}

    def scores(self, text: str, vector: np.ndarray) -> dict[CriterionClass, float]:
        hits = self.hits(text)
        return {
            c: float((self.vectors[self.rows[c]] @ vector).max()) + self.rules.cue_weight * hits[c]
            for c in CRITERION_CLASSES
        }

    def classify(self, text: str, vector: np.ndarray) -> CriterionClass:
        """The one kind the criterion is closest to."""
        return self.classify_all(text, vector)[0]

    def classify_all(self, text: str, vector: np.ndarray) -> list[CriterionClass]:
        """The closest kind first, then any other kind it names by a cue and nearly matches."""
        scores = self.scores(text, vector)
        hits = self.hits(text)
        ranked = sorted(CRITERION_CLASSES, key=lambda c: -scores[c])
        best = scores[ranked[0]]
        return [ranked[0]] + [c for c in ranked[1:] if hits[c] and scores[c] >= best - self.rules.multi_margin]
