"""The BM25 index and chunk snapshot, persisted beside the store and keyed by the store's fingerprint.

Why: building BM25 over 50,000 chunks (reading every chunk back from chromadb, tokenising,
indexing) takes ~20 s, and every new process (a CLI review, a page reload, a batch worker) paid
it. The store's fingerprint (collection id, write generation, chunk count) changes on every add
or remove by any process, so a saved index is reused exactly while it matches and rebuilt once
when it does not. A version folder is written completely before `current.json` points at it, so
a reader never sees half an index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

from core.atomic_files import atomic_write_text
from knowledge.search import ChunkRow, LexicalIndex

FORMAT = 2
"""2: the snapshot also keeps the store's mean chunk vector (centre.npy); older copies are rebuilt."""
_POINTER = "current.json"


def load_or_build(
    folder: Path | None,
    fingerprint: str,
    rows: Callable[[], list[ChunkRow]],
    centre: Callable[[], np.ndarray | None] = lambda: None,
) -> LexicalIndex:
    """The saved index for `fingerprint`, or a fresh one (saved when `folder` is given).
    `centre`: the store's mean chunk vector, kept with the snapshot it belongs to."""
    if folder is not None:
        saved = load(folder, fingerprint)
        if saved is not None:
            return saved
    index = LexicalIndex(rows(), centre=centre())
    if folder is not None:
        with contextlib.suppress(OSError):  # a read-only home still searches, it just rebuilds next time
            save(folder, fingerprint, index)
    return index


def load(folder: Path, fingerprint: str) -> LexicalIndex | None:
    try:
        pointer = json.loads((folder / _POINTER).read_text(encoding="utf-8"))
        if pointer.get("fingerprint") != fingerprint or pointer.get("format") != FORMAT:
            return None
        version = folder / str(pointer["dir"])
        data = json.loads((version / "rows.json").read_text(encoding="utf-8"))
        rows = [ChunkRow(cid, doc, meta) for cid, doc, meta in data]
        retriever = bm25s.BM25.load(str(version / "bm25"), load_corpus=False) if rows else None
        centre = np.load(version / "centre.npy") if (version / "centre.npy").exists() else None
        return LexicalIndex(rows, retriever, centre)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(folder: Path, fingerprint: str, index: LexicalIndex) -> None:
    name = hashlib.sha1(fingerprint.encode()).hexdigest()[:16]
    version = folder / name
    if version.exists():
        shutil.rmtree(version)
    version.mkdir(parents=True)
    rows = [[r.chunk_id, r.document, dict(r.meta)] for r in index.rows]
    (version / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    if index.retriever is not None:
        index.retriever.save(str(version / "bm25"))
    if index.centre is not None:
        np.save(version / "centre.npy", index.centre)
    atomic_write_text(folder / _POINTER, json.dumps({"fingerprint": fingerprint, "dir": name, "format": FORMAT}))
    for old in folder.iterdir():
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)
