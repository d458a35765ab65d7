"""Ingest files and folders into the DecisionStore: batched, idempotent, resumable.

Why this shape: embedding dominates the cost, so chunks of several records are embedded in one
batch; every other step (parsing, hashing, writing) must stay small next to it. A file that
fails is recorded with its reason and the rest goes on. Records are written whole, and a record
is "done" only when all its chunks carry the current content hash, so a run that was killed
midway is simply completed by the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.file_types import supported_files
from knowledge.readers import RecordError
from knowledge.records import DecisionRecord, load_record, slugify

if TYPE_CHECKING:
    from knowledge.store import DecisionStore, StoredRecord

Progress = Callable[[int, int], None]
BATCH_CHUNKS = 64
_SKIP_NAMES = ("readme", "index", "template", "adr-template")


@dataclass
class IngestFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks_written: int = 0
    skipped: list[IngestFailure] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[IngestFailure], list[IngestFailure]]:
    """Files to ingest, failures (missing paths, unsupported files named explicitly), and skips.

    Inside folders only supported types are taken, and README/index/template files are skipped
    (they describe the records, they are not decisions); a file named explicitly is always read.
    """
    files: list[Path] = []
    failures: list[IngestFailure] = []
    skipped: list[IngestFailure] = []
    for raw in paths:
        path = raw.expanduser()
        if path.is_dir():
            for found in supported_files(path):
                if found.stem.lower() in _SKIP_NAMES:
                    skipped.append(IngestFailure(str(found), "not a decision record (README/index/template)"))
                    continue
                files.append(found.resolve())
        elif path.is_file():
            files.append(path.resolve())
        else:
            failures.append(IngestFailure(str(raw), "no such file or folder"))
    return list(dict.fromkeys(files)), failures, skipped


def ingest_paths(
    store: DecisionStore, paths: Sequence[Path], progress: Progress | None = None, batch_chunks: int = BATCH_CHUNKS
) -> IngestReport:
    """Add or update every record under `paths`; per-file failures are reported, not raised."""
    files, failures, skipped = discover(paths)
    report = IngestReport(failures=failures, skipped=skipped)
    stored = store.records()
    ids = _IdAllocator(stored)
    pending: list[tuple[DecisionRecord, bool]] = []
    pending_chunks = 0
    done = 0

    def flush() -> None:
        nonlocal done, pending_chunks
        pending_chunks = 0
        if pending:
            _write(store, pending, report)
            done += len(pending)
            pending.clear()
            if progress:
                progress(done, len(files))

    for path in files:
        try:
            record = load_record(path)
        except RecordError as exc:
            report.failures.append(IngestFailure(str(path), exc.reason))
            done += 1
            continue
        previous = stored.get(record.source)
        if previous is not None and previous.is_complete(record.content_hash):
            report.unchanged += 1
            done += 1
            if progress:
                progress(done, len(files))
            continue
        record = record.model_copy(update={"decision_id": ids.assign(record, path)})
        pending.append((record, previous is not None))
        pending_chunks += len(record.chunks())
        if pending_chunks >= batch_chunks:
            flush()
    flush()
    if progress:
        progress(len(files), len(files))
    return report


def _write(store: DecisionStore, pending: list[tuple[DecisionRecord, bool]], report: IngestReport) -> None:
    records = [record for record, _ in pending]
    texts = [chunk.embed_text for record in records for chunk in record.chunks()]
    vectors = store.embedder.embed_passages(texts) if texts else np.zeros((0, 384), dtype=np.float32)
    replacing = [record.source for record, existed in pending if existed]
    report.chunks_written += store.write(records, vectors, replacing=replacing)
    for record, existed in pending:
        (report.replaced if existed else report.added).append(record.decision_id)


class _IdAllocator:
    """Unique decision ids: a known source keeps its id; a clash gets its folder name as prefix."""

    def __init__(self, stored: dict[str, StoredRecord]) -> None:
        self.by_source = {src: rec.decision_id for src, rec in stored.items()}
        self.taken = {rec.decision_id: src for src, rec in stored.items()}

    def assign(self, record: DecisionRecord, path: Path) -> str:
        if record.source in self.by_source:
            return self.by_source[record.source]
        base = record.decision_id
        candidates = [
            base,
            f"{slugify(path.parent.name)[:24] or 'records'}/{base}",
            f"{base}-{hashlib.sha1(record.source.encode()).hexdigest()[:6]}",
        ]
        chosen = next((c for c in candidates if self.taken.get(c, record.source) == record.source), candidates[-1])
        self.taken[chosen] = record.source
        self.by_source[record.source] = chosen
        return chosen
