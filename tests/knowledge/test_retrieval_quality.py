"""Retrieval quality on the real corpus and the labelled queries (evals/retrieval/queries.yaml).

Thresholds sit just below the figures measured with `python -m evals.retrieval_eval` (hybrid: dev
hit@5 0.806, MRR 0.697; held-out 0.710 / 0.638; dense-only dev 0.806 / 0.696, held-out
0.710 / 0.634), so a change that loses ground fails. The fusion was tuned on the dev split only.
Skips cleanly without the shared corpus; the first run embeds the corpus (~10 min of CPU), later
runs read the embedding cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from evals.retrieval_eval import Judge, evaluate, load_queries
from knowledge.embeddings import CachedEmbedder
from knowledge.ingest import ingest_paths
from knowledge.search import DEFAULT_WEIGHTS
from knowledge.store import open_knowledge

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def table(corpus: Path, e5: CachedEmbedder, tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("retrieval-quality")
    store = open_knowledge(Settings(home=home, chroma_url=None, collection="quality"), e5)
    assert ingest_paths(store, [corpus]).ok
    return evaluate(Judge(store, corpus, load_queries()), DEFAULT_WEIGHTS)


def test_queries_are_split_and_one_third_dutch() -> None:
    queries = load_queries()
    assert len(queries) >= 60
    assert {q["split"] for q in queries} == {"dev", "heldout"}
    assert sum(q.get("lang") == "nl" for q in queries) * 3 >= len(queries)


def test_hybrid_holds_its_measured_quality_on_held_out_queries(table: dict) -> None:
    held = table["hybrid"]["heldout"]
    assert held["hit@k"] >= 0.677 and held["mrr"] >= 0.62, held  # one query of slack on hit@5


def test_hybrid_holds_its_measured_quality_on_dev_queries(table: dict) -> None:
    dev = table["hybrid"]["dev"]
    assert dev["hit@k"] >= 0.774 and dev["mrr"] >= 0.68, dev  # one query of slack on hit@5


def test_the_table_reports_english_and_dutch_per_split(table: dict) -> None:
    for mode in ("dense", "lexical", "hybrid"):
        assert {"dev/en", "dev/nl", "heldout/en", "heldout/nl"} <= table[mode].keys()


def test_hybrid_is_never_below_dense_only(table: dict) -> None:
    for split in ("dev", "heldout"):
        assert table["hybrid"][split]["mrr"] >= table["dense"][split]["mrr"], split
        assert table["hybrid"][split]["hit@k"] >= table["dense"][split]["hit@k"], split
