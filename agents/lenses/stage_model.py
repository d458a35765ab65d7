"""A learned weighing of a proposal's commitment signals: it keeps a committed reading, or vetoes it.

Why: the rule (agents/nodes/commitment.py) reads a proposal as committed when one sentence carries an
unhedged committed signal. On memos written by people who never saw the rules, that over-calls: one
past action in the background ("we renewed the contract in October"), a vendor's own booking or a plan
described in the passive commits a memo that asks for a decision. Pattern rules fixed what they were
found on and moved nothing on the next round. What does carry over is the balance of the memo: how many
committed signals of which kind it carries against how much exploring language and how many hedges.

So a logistic model on the counts of each kind of signal (and the rule's own verdict) weighs them,
learned by `python -m evals.stage_model` from memos two blind readers agreed on and from the written
stage set. It only vetoes: a proposal the rule reads as exploring stays exploring; one it reads as
committed stays so when the model gives at least one half. Its weights are data (`stage_model.json`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agents.lenses.commitment_signals import COMMITTED_KINDS, EXPLORING_KINDS, SentenceSignal

MODEL_FILE = Path(__file__).with_name("stage_model.json")
SIGNAL_KINDS = (*COMMITTED_KINDS, "choice", *EXPLORING_KINDS)
KIND_FEATURES = tuple(k for k in SIGNAL_KINDS if k != "question")
"""Not the number of questions on its own: in the labelled memos it went with committed memos as often as
not (colleagues asking how a settled plan will work), so the model weighed a memo towards committed for
asking; a question still counts among the exploring signals and in `asks`."""
FEATURES = (*KIND_FEATURES, "committed", "exploring_all", "asks", "rule")


def stage_features(signals: Sequence[SentenceSignal], asks: bool, rule_committed: bool) -> dict[str, float]:
    """The memo's signals as numbers: log(1 + count) per kind of signal and per label, whether it asks
    for a decision, and the rule's verdict."""
    kinds = Counter(s.kind for s in signals if s.label != "neutral")
    labels = Counter(s.label for s in signals)
    features = {kind: math.log1p(kinds[kind]) for kind in KIND_FEATURES}
    features["committed"] = math.log1p(labels["committed"])
    features["exploring_all"] = math.log1p(labels["exploring"])
    features["asks"] = float(asks)
    features["rule"] = float(rule_committed)
    return features


class StageModel(BaseModel):
    """Logistic weights per feature; written by evals.stage_model."""

    model_config = ConfigDict(extra="forbid")
    version: int = 1
    trained_on: list[str] = Field(description="the labelled sets it learned from")
    memos: int = Field(ge=1)
    bias: float
    weights: dict[str, float]
    heldout: dict[str, list[int]] = Field(
        default_factory=dict,
        description="set -> [memos, right by the rule alone, right with the model], on memos it never learned from",
    )

    @model_validator(mode="after")
    def _known_features(self) -> StageModel:
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown feature {unknown[0]!r}; known: {', '.join(FEATURES)}")
        return self

    def probability(self, features: dict[str, float]) -> float:
        """The probability that the proposal is committed."""
        logit = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-logit))

    def keeps(self, features: dict[str, float]) -> bool:
        """Whether a committed reading by the rule stands."""
        return self.probability(features) >= 0.5


@lru_cache(maxsize=2)
def load_stage_model(path: Path = MODEL_FILE) -> StageModel:
    from core.data_files import load_json

    return load_json(path, StageModel)
