"""Embeddings through litellm, for users with an embedding server or provider.

Why a module of its own (in knowledge/, which depends on nothing above it): importing litellm is
slow and, without the local cost map, reaches for the network; it happens lazily here, only when a
non-default GAPREVIEW_EMBEDDING_MODEL is used.
"""

from __future__ import annotations

import os
from typing import Any

from core.errors import KnowledgeBaseError


def embed_texts(model: str, texts: list[str], api_base: str | None) -> list[list[float]]:
    """One embedding per text, in order; provider failures become a KnowledgeBaseError."""
    if not texts:
        return []
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm
    import openai

    try:
        response = litellm.embedding(model=model, input=texts, api_base=api_base, num_retries=0, timeout=60)
    except openai.OpenAIError as exc:  # litellm's exceptions all derive from openai's
        where = f" at {api_base}" if api_base else ""
        raise KnowledgeBaseError(f"embedding model {model!r}{where} failed: {exc}") from exc
    data = sorted(response.data, key=lambda item: _field(item, "index"))
    vectors = [list(map(float, _field(item, "embedding"))) for item in data]
    if len(vectors) != len(texts):
        raise KnowledgeBaseError(f"embedding model {model!r} returned {len(vectors)} vectors for {len(texts)} texts")
    return vectors


def _field(item: Any, name: str) -> Any:
    """litellm returns dicts from some providers and objects from others."""
    return item[name] if isinstance(item, dict) else getattr(item, name)
