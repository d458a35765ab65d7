"""The BM25 index is saved beside the store: a new process loads it instead of rebuilding, and an
added or removed record (by any process) is reflected because the store's fingerprint changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import bm25s
import pytest
from fakes import HashEmbedder
from kb_fakes import record_md

from core.settings import Settings
from knowledge.ingest import ingest_paths
from knowledge.store import open_knowledge

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
sys.path[:0] = [{repo!r}, {tests!r}]
import bm25s
from fakes import HashEmbedder
from core.settings import Settings
from knowledge.store import open_knowledge
built = []
original = bm25s.BM25.index
bm25s.BM25.index = lambda self, *a, **k: (built.append(1), original(self, *a, **k))[1]
store = open_knowledge(Settings(home={home!r}, collection="lex"), HashEmbedder())
hits = store.search({query!r}, mode="lexical")
print("built" if built else "loaded", ",".join(h.decision_id for h in hits))
"""


def _write(folder: Path, number: int, title: str, decision: str) -> Path:
    path = folder / f"{number:04d}-{title.lower().replace(' ', '-')}.md"
    path.write_text(record_md(f"{number}. {title}", "Accepted", "Context.", decision, "Consequences."))
    return path


def _child(home: Path, query: str) -> list[str]:
    code = CHILD.format(repo=str(REPO), tests=str(REPO / "tests"), home=str(home), query=query)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.split()


def test_index_survives_a_restart_and_follows_adds_and_removes(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "adr"
    folder.mkdir()
    _write(folder, 1, "Use PostgreSQL", "Orders live in PostgreSQL.")
    _write(folder, 2, "Use Keycloak", "Staff sign in through Keycloak.")
    store = open_knowledge(Settings(home=home, collection="lex"), HashEmbedder())
    ingest_paths(store, [folder])
    assert [h.decision_id for h in store.search("Keycloak", mode="lexical")] == ["ADR-0002"]  # builds, saves
    assert (home / "chroma-lexical" / "lex" / "current.json").exists()

    assert _child(home, "Keycloak") == ["loaded", "ADR-0002"]  # a new process does not rebuild

    third = _write(folder, 3, "Use Grafana", "Dashboards in Grafana.")
    ingest_paths(store, [third])
    assert _child(home, "Grafana") == ["built", "ADR-0003"]  # the store changed: rebuilt once
    assert _child(home, "Grafana") == ["loaded", "ADR-0003"]  # ... and saved again

    store.remove(decision_id="ADR-0002")
    assert _child(home, "Keycloak")[0] == "built" and len(_child(home, "Keycloak")) == 1  # gone


def test_a_damaged_saved_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, folder = tmp_path / "home", tmp_path / "adr"
    folder.mkdir()
    _write(folder, 1, "Use Keycloak", "Staff sign in through Keycloak.")
    ingest_paths(open_knowledge(Settings(home=home, collection="lex"), HashEmbedder()), [folder])
    open_knowledge(Settings(home=home, collection="lex"), HashEmbedder()).search("Keycloak", mode="lexical")
    saved = home / "chroma-lexical" / "lex"
    for rows in saved.glob("*/rows.json"):
        rows.write_text("{not json")
    built: list[int] = []
    original = bm25s.BM25.index
    monkeypatch.setattr(bm25s.BM25, "index", lambda self, *a, **k: (built.append(1), original(self, *a, **k))[1])
    fresh = open_knowledge(Settings(home=home, collection="lex"), HashEmbedder())
    assert [h.decision_id for h in fresh.search("Keycloak", mode="lexical")] == ["ADR-0001"]
    assert built == [1]
