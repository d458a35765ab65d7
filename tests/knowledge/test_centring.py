"""Mean-centred ranking of dense candidates: the math, the stored mean, and the reported similarity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fakes import HashEmbedder
from kb_fakes import record_md

from core.settings import Settings
from knowledge.centring import PRIOR_CHUNKS, centred_scores, mean_vector
from knowledge.ingest import ingest_paths
from knowledge.store import open_knowledge


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def test_the_specific_passage_outranks_the_generic_one_once_the_common_direction_is_removed() -> None:
    common, topic, other = np.eye(4, dtype=np.float32)[:3]
    centre = common * 0.9
    generic = _unit(common + 0.1 * other)  # close to what every passage shares
    specific = _unit(0.8 * common + 0.6 * topic)
    query = _unit(common + 0.3 * topic)
    raw = np.array([generic @ query, specific @ query])
    assert raw[0] > raw[1]  # raw cosine prefers the generic passage
    centred = centred_scores(query, [generic, specific], centre)
    assert centred[1] > centred[0]
    assert np.all(np.abs(centred) <= 1.0 + 1e-6)


class _PagedCollection:
    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = vectors

    def get(self, include: list[str], limit: int, offset: int) -> dict[str, Any]:
        block = self.vectors[offset : offset + limit]
        return {"ids": [str(i) for i in range(len(block))], "embeddings": block}


def test_mean_vector_reads_every_page_and_shrinks_a_small_stores_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.centring._PAGE", 3)
    vectors = np.random.default_rng(0).normal(size=(7, 5)).astype(np.float32)
    mean = mean_vector(_PagedCollection(vectors))
    assert mean is not None and np.allclose(mean, vectors.mean(axis=0) * 7 / (7 + PRIOR_CHUNKS), atol=1e-6)
    many = np.tile(vectors, (300, 1))  # 2,100 chunks: close to the plain mean
    big = mean_vector(_PagedCollection(many))
    assert big is not None and np.allclose(big, vectors.mean(axis=0) * 2100 / (2100 + PRIOR_CHUNKS), atol=1e-5)
    assert mean_vector(_PagedCollection(np.zeros((0, 5), dtype=np.float32))) is None


@pytest.mark.integration
def test_the_store_keeps_its_mean_with_the_saved_snapshot_and_reports_raw_cosines(tmp_path: Path) -> None:
    folder, home = tmp_path / "adr", tmp_path / "home"
    folder.mkdir()
    for n, (title, decision) in enumerate(
        [("Use PostgreSQL", "Orders live in PostgreSQL."), ("Use Keycloak", "Staff sign in through Keycloak.")], 1
    ):
        (folder / f"000{n}.md").write_text(record_md(f"{n}. {title}", "Accepted", "Context.", decision, "None."))
    embedder = HashEmbedder()
    store = open_knowledge(Settings(home=home, collection="centring"), embedder)
    ingest_paths(store, [folder])
    stored = store.collection.get(include=["embeddings", "metadatas"])
    centre = store.lexical_index().centre
    vectors = np.asarray(stored["embeddings"])
    expected = vectors.sum(axis=0) / (len(vectors) + PRIOR_CHUNKS)
    assert centre is not None and np.allclose(centre, expected, atol=1e-6)

    reopened = open_knowledge(Settings(home=home, collection="centring"), embedder)
    loaded = reopened.lexical_index().centre  # from the copy saved beside the store
    assert loaded is not None and np.allclose(loaded, centre)

    query = embedder.embed_queries(["who signs in through Keycloak"])[0]
    hit = reopened.search("who signs in through Keycloak", k=1, mode="dense")[0]
    raw = [
        float(np.dot(query, vec))
        for vec, meta in zip(stored["embeddings"], stored["metadatas"], strict=True)
        if meta["decision_id"] == hit.decision_id
    ]
    assert hit.decision_id == "ADR-0002" and hit.similarity == pytest.approx(max(raw), abs=1e-3)
