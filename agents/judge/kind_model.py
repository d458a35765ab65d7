"""A learned second reading of which kinds of decision a proposal is: it vetoes and admits kinds.

Why: `recognise.py` reads kinds from the best matches of single sentences to a few descriptions, plus
cue words. Readers labelled which kinds 288 development memos really are (`evals/recognition/`); that
reading was right for about half of the kinds it recognised and found under a third of the kinds they
named. The kinds it got wrong are where reviewers judged most findings wrong: a check for a kind of
decision the memo is not (lost MFA factors on a month-end close tool) is wrong however well it is worded.

The whole memo says more than its two best sentences. One logistic model per kind, on the mean of the
proposal's sentence vectors, learned from those labelled memos (`python -m evals.kind_model`), reads the
kind from everything the memo talks about. It acts only where it is sure: a recognised kind it gives less
than `veto_below` is dropped, a kind it gives at least `admit_above` is added, and at most `max_kinds`
are kept, the likeliest first. Everything between stays with the description reading.

It applies only to vectors of the embedder it learned from (`embedder`); with another embedder the
description reading stands alone.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from agents.judge.recognise import ArchetypeScore

MODEL_FILE = Path(__file__).parents[1] / "lenses" / "kind_model.json"


class KindWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bias: float
    weights: list[float]


class Agreement(BaseModel):
    """How the kinds read agreed with a reader's labels: kinds right, wrong, missed; primary kinds found."""

    model_config = ConfigDict(extra="forbid")
    right: int = Field(ge=0)
    wrong: int = Field(ge=0)
    missed: int = Field(ge=0)
    primary: int = Field(ge=0)
    memos: int = Field(ge=0)

    @property
    def precision(self) -> float:
        return self.right / max(self.right + self.wrong, 1)

    @property
    def recall(self) -> float:
        return self.right / max(self.right + self.missed, 1)


class KindModel(BaseModel):
    """Per kind, a logistic model on the proposal's mean sentence vector; written by evals.kind_model."""

    model_config = ConfigDict(extra="forbid")
    version: int = 1
    embedder: str = Field(description="the embedder whose vectors it was trained on")
    trained_on: list[str] = Field(description="the label files (evals/recognition/) it learned from")
    memos: int = Field(ge=1, description="labelled memos it learned from")
    veto_below: float = Field(ge=0.0, le=1.0)
    admit_above: float = Field(ge=0.0, le=1.0)
    max_kinds: int = Field(ge=1)
    cross_validated: dict[str, Agreement] = Field(
        default_factory=dict,
        description="on the memos it learned from, each source folder left out in turn: 'description' (the "
        "description reading alone) and 'model' (re-read by this model)",
    )
    kinds: dict[str, KindWeights]

    @model_validator(mode="after")
    def _one_dimension(self) -> KindModel:
        sizes = {len(k.weights) for k in self.kinds.values()}
        if len(sizes) > 1:
            raise ValueError(f"every kind needs weights of one length, found {sorted(sizes)}")
        return self

    def probabilities(self, memo_vector: np.ndarray) -> dict[str, float]:
        """Kind id -> probability that the proposal is that kind of decision."""
        ids = list(self.kinds)
        weights = np.array([self.kinds[k].weights for k in ids], dtype=np.float64)
        bias = np.array([self.kinds[k].bias for k in ids], dtype=np.float64)
        logits = weights @ np.asarray(memo_vector, dtype=np.float64) + bias
        return dict(zip(ids, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def choose(self, recognised: list[str], probabilities: dict[str, float]) -> list[str]:
        """The kinds kept: recognised ones it does not veto and the ones it admits, likeliest first."""
        kept = [k for k in recognised if probabilities.get(k, 1.0) >= self.veto_below]
        kept += [k for k, p in probabilities.items() if p >= self.admit_above and k not in kept]
        kept.sort(key=lambda k: -probabilities.get(k, 0.0))
        return kept[: self.max_kinds]


def memo_vector(sentence_vecs: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """The proposal as one vector: the normalised mean of its usable sentences (all, if none is)."""
    rows = sentence_vecs[usable] if usable.any() else sentence_vecs
    if not len(rows):
        return np.zeros(sentence_vecs.shape[1] if sentence_vecs.ndim == 2 else 0, dtype=np.float32)
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


@lru_cache(maxsize=4)
def load_kind_model(path: Path | None = None) -> KindModel:
    """The model at `path`, or the one shipped."""
    from core.data_files import load_json

    return load_json(path or MODEL_FILE, KindModel)


def model_for(embedder_name: str, path: Path | None = None) -> KindModel | None:
    """The kind model (an organisation's own at `path`, or the one shipped), when it was trained on this
    embedder's vectors; None otherwise."""
    model = load_kind_model(path)
    return model if model.embedder == embedder_name else None


def reread(scores: list[ArchetypeScore], model: KindModel, vector: np.ndarray) -> list[ArchetypeScore]:
    """The description reading's scores, with `recognised` as the model keeps them and each kind's probability."""
    probabilities = model.probabilities(vector)
    kept = set(model.choose([s.archetype.id for s in scores if s.recognised], probabilities))
    return [
        replace(s, recognised=s.archetype.id in kept, probability=probabilities.get(s.archetype.id)) for s in scores
    ]
