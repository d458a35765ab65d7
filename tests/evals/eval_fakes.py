"""Deterministic stand-ins: a bag-of-words embedder and hand-made reports and cases."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from agents.schemas import Finding, ProposalEvidence, ReviewMeta, ReviewReport
from evals.cases import EvalCase, ExpectedGap

DIM = 1024


class WordEmbedder:
    """Cosine = word overlap: texts sharing most words are close. Counts calls to show caching."""

    name = "fake/words"

    def __init__(self) -> None:
        self.calls = 0

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % DIM] += 1.0
            norm = np.linalg.norm(rows[i])
            if norm:
                rows[i] /= norm
        return rows

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


PROPOSAL = (
    "# Zebra scanners for the Tilburg warehouse\n\n"
    "We replace the paper pick lists with Zebra TC52 scanners for all 140 warehouse pickers on 1 March.\n"
    "Training is two hours per shift, given by the team leads.\n"
    "Success: 100% of picks scanned.\n"
)


def make_case(tmp: Path | None = None, **overrides: object) -> EvalCase:
    fields: dict[str, object] = {
        "id": "zebra",
        "language": "en",
        "origin": "business",
        "stage": "committed",
        "expected": [
            ExpectedGap(
                kind="hidden_dependency", perspective="it", gap="scanner wifi coverage in the freezer aisles"
            ),
            ExpectedGap(
                kind="unasked_question", perspective="business", gap="who repairs broken scanners at night"
            ),
            ExpectedGap(
                kind="done_divergence",
                perspective="both",
                gap="picks scanned versus pickers faster",
                anchors=["speed"],
            ),
        ],
        "answered": ["training for the pickers"],
        "text": PROPOSAL,
        "path": (tmp or Path(".")) / "zebra.yaml",
    }
    fields.update(overrides)
    return EvalCase.model_validate(fields)


def finding(
    title: str, detail: str = "", quote: str = "Zebra TC52 scanners", severity: str = "medium"
) -> Finding:
    return Finding(
        id=title[:8],
        kind="unasked_question",
        perspective="it",
        title=title,
        detail=detail,
        severity=severity,  # type: ignore[arg-type]
        evidence=[ProposalEvidence(quote=quote)],
    )


def report(findings: list[Finding], stage: str = "committed", **meta: object) -> ReviewReport:
    result = ReviewReport(findings=findings, meta=ReviewMeta(gapreview_version="test", **meta))  # type: ignore[arg-type]
    result.commitment.stage = stage  # type: ignore[assignment]
    return result
