"""The decision record says what was decided and by whom, parses as MADR, and is never lost on filing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from web_fakes import PROPOSAL, make_report

from app.decision_record import build_decision_record, file_record
from app.reviews import ReviewStore
from core.errors import InputError, KnowledgeBaseError
from core.settings import Settings
from knowledge.records import parse_record


def _record(settings: Settings) -> tuple[str, str]:
    store = ReviewStore(settings.db_path)
    rid = store.save_review(PROPOSAL, make_report())
    store.set_resolution(rid, "it-devices", "answered", "Fatma: security", "30 hardware keys at the desk")
    store.set_resolution(rid, "biz-peak", "accepted_risk", "Marco", "peak starts in April")
    review = store.get_review(rid)
    text = build_decision_record(review, store.get_resolutions(rid), today=date(2025, 2, 3))
    return rid, text


def test_record_contains_resolutions_owners_and_open_items(settings: Settings) -> None:
    _, text = _record(settings)

    assert text.startswith("---\nstatus: proposed\ndate: 2025-02-03\n")
    assert "## Resolved findings" in text
    assert "30 hardware keys at the desk" in text
    assert "* Marco: Does 1 March collide with the spring peak?" in text
    assert "* Good, because this is answered: What do staff without a smartphone use? (30 hardware keys" in text
    assert "* Bad, because we accept the risk: Does 1 March collide with the spring peak?" in text
    assert "* Bad, because this is still open: Conditional Access licences for 400 accounts" in text
    assert "already committed" in text and "The budget of EUR 20,000 is approved" in text


def test_record_parses_as_a_decision_with_front_matter(settings: Settings) -> None:
    _, text = _record(settings)

    record = parse_record(text, Path("/tmp/record.md"))

    assert record.title == "Two-factor authentication for warehouse staff"
    assert record.status == "proposed"
    assert "Fatma: security" in " ".join(record.deciders)  # the colon in a name did not break the YAML
    assert {"context", "options", "decision", "consequences"} <= {s.name for s in record.sections}


def test_filing_writes_the_file_and_reports_ingest(settings: Settings) -> None:
    rid, text = _record(settings)
    ingested: list[Path] = []

    filed = file_record(settings, text, rid, ingest=ingested.append)

    assert filed.ingested and ingested == [filed.path]
    assert filed.path.parent == settings.home / "records"
    assert filed.path.read_text(encoding="utf-8") == text


def test_failed_ingest_keeps_the_file_and_says_why(settings: Settings) -> None:
    rid, text = _record(settings)

    def broken(path: Path) -> None:
        raise KnowledgeBaseError("cannot reach the Chroma server at http://kb:8000")

    filed = file_record(settings, text, rid, ingest=broken)

    assert not filed.ingested
    assert "cannot reach the Chroma server" in filed.message
    assert filed.path.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "the decision record is empty"), ("no title here", "needs a title line")],
)
def test_unusable_record_is_refused_before_writing(settings: Settings, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        file_record(settings, text, "abc", ingest=lambda p: None)
    assert not (settings.home / "records").exists()


def test_every_kind_has_a_name_in_the_record() -> None:
    from agents.schemas import KINDS
    from app.decision_record import KIND_NAMES

    assert set(KIND_NAMES) == set(KINDS)
