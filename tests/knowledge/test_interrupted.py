"""An ingest killed midway leaves a store that reopens, and a re-run completes it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import HashEmbedder
from kb_fakes import record_md

from core.settings import Settings
from knowledge.ingest import ingest_paths
from knowledge.store import DecisionStore, open_knowledge

pytestmark = pytest.mark.integration
CHILD = Path(__file__).resolve().parent / "kb_ingest_child.py"
N_RECORDS = 12


def _records(folder: Path) -> None:
    folder.mkdir()
    for i in range(1, N_RECORDS + 1):
        (folder / f"{i:04d}-decision-{i}.md").write_text(
            record_md(
                f"Decision number {i}",
                "Accepted",
                f"Context {i} about topic {i}.",
                f"We do thing {i}.",
                f"Consequence {i}.",
            )
        )


def _assert_complete(store: DecisionStore) -> None:
    records = store.records()
    assert len(records) == N_RECORDS
    assert all(rec.found == rec.n_chunks == 4 and len(rec.hashes) == 1 for rec in records.values())


def test_killed_ingest_reopens_and_rerun_completes(kb_settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    _records(folder)
    proc = subprocess.Popen(
        [
            sys.executable,
            str(CHILD),
            str(kb_settings.home),
            kb_settings.collection,
            str(folder),
            kb_settings.chroma_url or "",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("done") and int(line.split()[1]) >= 4:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = open_knowledge(kb_settings, HashEmbedder())
    partial = store.records()
    assert 4 <= len(partial) < N_RECORDS
    report = ingest_paths(store, [folder])
    assert report.ok and report.unchanged + len(report.added) == N_RECORDS
    _assert_complete(store)
    assert ingest_paths(store, [folder]).unchanged == N_RECORDS


def test_half_written_record_is_repaired(fake_store: DecisionStore, tmp_path: Path) -> None:
    """A record missing some chunks (a write cut short) is not 'unchanged': the re-run rewrites it."""
    folder = tmp_path / "adr"
    _records(folder)
    ingest_paths(fake_store, [folder])
    victim = next(r for r in fake_store.rows() if r.meta["decision_id"] == "ADR-0005")
    fake_store.collection.delete(ids=[victim.chunk_id])
    report = ingest_paths(fake_store, [folder])
    assert (report.replaced, report.unchanged) == (["ADR-0005"], N_RECORDS - 1)
    _assert_complete(fake_store)
