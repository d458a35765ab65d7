"""Embeddings of the library's descriptions, computed once per embedder and reused.

Why a memo on top of the disk cache: a review compares the proposal with several hundred library
descriptions; reading each from the disk cache on every review would cost more than embedding the
proposal itself. The library's texts are embedded in one batch the first time and kept in memory.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from knowledge.embeddings import Embedder

_MEMO: dict[tuple[str, str], np.ndarray] = {}
_MAX_MEMO = 20_000


class TextVectors:
    """Vectors (query role) for a fixed set of texts; `matrix(texts)` stacks the rows asked for."""

    def __init__(self, embedder: Embedder, texts: Iterable[str]) -> None:
        self.name = getattr(embedder, "name", type(embedder).__name__)
        wanted = list(dict.fromkeys(t for t in texts if t))
        missing = [t for t in wanted if (self.name, t) not in _MEMO]
        if missing:
            if len(_MEMO) + len(missing) > _MAX_MEMO:
                _MEMO.clear()
            for text, vec in zip(missing, embedder.embed_queries(missing), strict=True):
                _MEMO[(self.name, text)] = np.asarray(vec, dtype=np.float32)
        self._rows = {t: _MEMO[(self.name, t)] for t in wanted}
        self.dim = next(iter(self._rows.values())).shape[0] if self._rows else 0

    def matrix(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._rows[t] for t in texts])


def best_sentence(sentence_vecs: np.ndarray, descriptions: np.ndarray, usable: np.ndarray) -> tuple[float, int]:
    """(highest similarity, sentence index) of any usable sentence to any description; (0, -1) if none."""
    if descriptions.shape[0] == 0 or not usable.any():
        return 0.0, -1
    scores = (sentence_vecs @ descriptions.T).max(axis=1)
    scores = np.where(usable, scores, -1.0)
    index = int(np.argmax(scores))
    return float(scores[index]), index


def sentence_scores(sentence_vecs: np.ndarray, descriptions: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Per sentence, its best similarity to any description (-1 for unusable sentences)."""
    if descriptions.shape[0] == 0:
        return np.full(sentence_vecs.shape[0], -1.0, dtype=np.float32)
    return np.where(usable, (sentence_vecs @ descriptions.T).max(axis=1), -1.0)
