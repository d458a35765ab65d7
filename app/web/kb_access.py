"""The web page's one door to the knowledge base (`knowledge.store`).

Why an adapter: three places use the knowledge base (review runs, the KB page, filing a decision
record). They share one cached store per location and one way of turning ingest results and
failures into what the page shows, and a missing or broken knowledge base degrades to a clear
message instead of breaking the review page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from agents import review as pipeline
from core.atomic_files import atomic_writer
from core.errors import InputError, KnowledgeBaseError
from core.file_types import SUPPORTED_SUFFIXES
from core.settings import Settings
from knowledge.base import EmptyKnowledge, KnowledgeSource

UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES
MAX_UPLOAD_BYTES = 5_000_000


@dataclass
class IngestOutcome:
    """What happened to each file: added, updated, already there, or failed (with the reason)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def open_kb(settings: Settings) -> Any:
    """The configured DecisionStore; KnowledgeBaseError with the reason when it cannot be opened."""
    key = (settings.chroma_url or str(settings.chroma_path), settings.collection, settings.embedding_model)
    return _cached_store(key, settings)


@st.cache_resource(show_spinner=False, hash_funcs={Settings: lambda _: 0})
def _cached_store(key: tuple[str, str, str], settings: Settings) -> Any:
    """One store per location, shared by sessions (it keeps no per-user state)."""
    try:
        from knowledge.store import open_knowledge
    except ImportError as exc:  # pragma: no cover - only when the knowledge package is incomplete
        raise KnowledgeBaseError(f"the knowledge base is not available in this installation ({exc})") from exc
    return open_knowledge(settings, embedder=pipeline.default_embedder(settings))


def knowledge_for_run(settings: Settings) -> KnowledgeSource:
    """What a review on the page consults: nothing when the run has the knowledge base off; the store
    otherwise, or nothing with a visible note why when it cannot be opened."""
    if settings.no_kb:
        return EmptyKnowledge()
    try:
        return open_kb(settings)
    except KnowledgeBaseError as exc:
        st.warning(f"Reviewing without precedents: {exc}")
        return EmptyKnowledge()


def ingest_files(settings: Settings, paths: list[Path]) -> IngestOutcome:
    """Add files to the knowledge base; per-file failures are collected, not raised."""
    from knowledge.ingest import ingest_paths

    report = ingest_paths(open_kb(settings), paths)
    return IngestOutcome(
        added=list(report.added),
        updated=list(report.replaced),
        unchanged=int(report.unchanged),
        failed=[(Path(f.path).name, f.reason) for f in report.failures],
        skipped=[(Path(f.path).name, f.reason) for f in report.skipped],
    )


def rules_in_force(settings: Settings) -> Any:
    """The organisation's rules file as loaded (None when none is configured); ConfigError if broken."""
    from agents.lenses.rules import rules_file

    return rules_file(settings)


def ingest_one(settings: Settings, path: Path) -> IngestOutcome:
    """Ingest a single file, raising KnowledgeBaseError if the knowledge base rejected it."""
    outcome = ingest_files(settings, [path])
    if outcome.failed:
        name, reason = outcome.failed[0]
        raise KnowledgeBaseError(f"{name}: {reason}")
    return outcome


def safe_upload_name(name: str) -> str:
    """A file name that cannot escape the records folder or clash with hidden files."""
    base = Path(name.replace("\\", "/")).name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(base).stem).strip(".-") or "record"
    suffix = Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"{base}: unsupported file type {suffix or '(none)'}; use {', '.join(UPLOAD_SUFFIXES)}")
    return f"{stem[:80]}{suffix}"


def store_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Keep an uploaded record under `<home>/records/uploads`, so its citations can be opened later."""
    filename = safe_upload_name(name)
    if not data:
        raise InputError(f"{filename}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"{filename}: {len(data):,} bytes is over the limit of {MAX_UPLOAD_BYTES:,} bytes")
    folder = settings.home / "records" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    counter = 1
    while path.exists() and path.read_bytes() != data:
        counter += 1
        path = folder / f"{Path(filename).stem}-{counter}{Path(filename).suffix}"
    with atomic_writer(path) as fh:
        fh.write(data)
    return path
