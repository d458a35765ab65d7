"""A batch re-reviews when anything its reviews depend on changes: catalogue, knowledge base, precedents_k."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batch_fakes import FakeReviewer

from app import batch_fingerprint
from app.batch import run_batch
from app.batch_fingerprint import AGENT_DATA, catalogue_state, knowledge_state, settings_fingerprint
from core.settings import Settings


class ListedStore:
    """A knowledge base that can list its records (as DecisionStore does)."""

    class Record:
        def __init__(self, decision_id: str, content_hash: str) -> None:
            self.decision_id, self.hashes, self.n_chunks = decision_id, {content_hash}, 1

    def __init__(self, **records: str) -> None:
        self._records = {f"kb/{k}.md": self.Record(k, v) for k, v in records.items()}

    def records(self) -> dict[str, Record]:
        return self._records


def test_precedents_k_and_the_knowledge_base_switch_change_the_fingerprint(settings: Settings) -> None:
    base = settings_fingerprint(settings)
    assert settings_fingerprint(settings.model_copy(update={"precedents_k": 9})) != base
    assert settings_fingerprint(settings.model_copy(update={"no_kb": True})) != base
    assert settings_fingerprint(settings) == base


def test_a_changed_knowledge_base_changes_the_fingerprint(settings: Settings) -> None:
    one = knowledge_state(ListedStore(adr1="aaa"))
    assert knowledge_state(ListedStore(adr1="bbb")) != one  # a record replaced with new text
    assert knowledge_state(ListedStore(adr1="aaa", adr2="ccc")) != one  # a record added
    assert settings_fingerprint(settings, one) != settings_fingerprint(settings, knowledge_state(ListedStore()))


def test_the_catalogue_version_and_files_are_in_the_fingerprint(tmp_path: Path) -> None:
    copy = tmp_path / "agents"
    shutil.copytree(AGENT_DATA, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    before = catalogue_state(copy)
    assert before.split(":")[0] not in ("", "none")  # the library's version is read
    for edited in ("lenses/archetypes/decommission.yaml", "facts/patterns.yaml"):
        path = copy / edited
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n")
        assert catalogue_state(copy) != before


def test_a_new_catalogue_reviews_every_draft_again(
    drafts: Path, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "reviews"
    run_batch(drafts, out, settings, FakeReviewer())
    monkeypatch.setattr(batch_fingerprint, "catalogue_state", lambda: "6:different")
    again = FakeReviewer()
    run_batch(drafts, out, settings, again)
    assert len(again.reviewed) == 3
