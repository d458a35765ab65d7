"""Fixtures: a scorer over the deterministic word embedder with thresholds fit for it."""

from __future__ import annotations

import pytest
from eval_fakes import WordEmbedder

from evals.baseline import CHECKLIST
from evals.scoring import Scorer
from evals.specificity import SubjectTerms


@pytest.fixture
def scorer() -> Scorer:
    terms = SubjectTerms([q for _, _, q in CHECKLIST])
    return Scorer(WordEmbedder(), terms, threshold=0.75, anchor_floor=0.3)
