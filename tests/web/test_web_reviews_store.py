"""The review store keeps reviews and resolutions across restarts and sessions, and refuses bad input."""

from __future__ import annotations

import threading

import pytest
from web_fakes import PROPOSAL, REVISED, make_report, revised_report

from app.reviews import ReviewStore, ReviewStoreError, proposal_title
from app.revisions import compare_with_previous
from core.settings import Settings


def test_review_round_trips_through_a_new_store_object(settings: Settings) -> None:
    store = ReviewStore(settings.db_path)
    rid = store.save_review(PROPOSAL, make_report(), settings_summary={"model": "builtin"})

    again = ReviewStore(settings.db_path).get_review(rid)  # a restarted server opens the file anew

    assert again.proposal == PROPOSAL
    assert again.title == "Two-factor authentication for warehouse staff"
    assert again.report == make_report()
    assert again.settings_summary == {"model": "builtin"}


def test_resolutions_persist_update_and_count_towards_progress(settings: Settings) -> None:
    store = ReviewStore(settings.db_path)
    rid = store.save_review(PROPOSAL, make_report())
    store.set_resolution(rid, "it-devices", "answered", "  Fatma  ", "hardware keys for 30 people")
    store.set_resolution(rid, "biz-peak", "accepted_risk", "Marco")
    store.set_resolution(rid, "biz-peak", "open", "Marco", "reopened")

    resolutions = ReviewStore(settings.db_path).get_resolutions(rid)

    assert resolutions["it-devices"].owner == "Fatma"
    assert resolutions["it-devices"].note == "hardware keys for 30 people"
    assert resolutions["biz-peak"].status == "open"
    assert store.progress(rid).label == "1 of 4 resolved"
    [summary] = store.list_reviews()
    assert (summary.id, summary.findings, summary.resolved, summary.stage) == (rid, 4, 1, "committed")


@pytest.mark.parametrize(
    ("finding", "status", "note", "message"),
    [
        ("it-devices", "done", "", "unknown status 'done'"),
        ("no-such-finding", "answered", "", "finding no-such-finding is not part of review"),
        ("it-devices", "answered", "x" * 5001, "note is longer than 5,000 characters"),
    ],
)
def test_bad_resolution_is_refused_and_changes_nothing(
    settings: Settings, finding: str, status: str, note: str, message: str
) -> None:
    store = ReviewStore(settings.db_path)
    rid = store.save_review(PROPOSAL, make_report())
    store.set_resolution(rid, "it-devices", "answered", "Fatma", "keep me")

    with pytest.raises(ReviewStoreError, match=message):
        store.set_resolution(rid, finding, status, "Someone", note)

    assert store.get_resolutions(rid)["it-devices"].note == "keep me"


def test_unknown_review_and_unknown_parent_are_clear_errors(settings: Settings) -> None:
    store = ReviewStore(settings.db_path)
    with pytest.raises(ReviewStoreError, match="review nope was not found"):
        store.get_review("nope")
    with pytest.raises(ReviewStoreError, match="does not exist, so it cannot be revised"):
        store.save_review(PROPOSAL, make_report(), parent_id="nope")
    assert store.list_reviews() == []


def test_unreadable_database_location_is_a_clear_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ReviewStoreError, match="cannot open the review history"):
        ReviewStore(blocker / "reviews.sqlite3")


def test_two_sessions_writing_at_once_keep_their_own_reviews(settings: Settings) -> None:
    store = ReviewStore(settings.db_path)
    ids = [store.save_review(PROPOSAL, make_report()) for _ in range(2)]
    errors: list[Exception] = []

    def work(rid: str, owner: str) -> None:
        try:
            session_store = ReviewStore(settings.db_path)
            for i in range(25):
                session_store.set_resolution(rid, "it-devices", "answered", owner, f"note {i}")
        except Exception as exc:  # collected so the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(rid, f"owner-{n}")) for n, rid in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert [store.get_resolutions(rid)["it-devices"].owner for rid in ids] == ["owner-0", "owner-1"]
    assert all(store.get_resolutions(rid)["it-devices"].note == "note 24" for rid in ids)


def test_revised_draft_comparison_and_carry_over(settings: Settings) -> None:
    store = ReviewStore(settings.db_path)
    old_id = store.save_review(PROPOSAL, make_report())
    store.set_resolution(old_id, "biz-peak", "accepted_risk", "Marco", "peak starts in April")
    store.set_resolution(old_id, "it-devices", "answered", "Fatma")

    diff = compare_with_previous(revised_report(), make_report())
    new_id = store.save_review(REVISED, revised_report(), parent_id=old_id)
    carried = store.carry_over_resolutions(old_id, new_id, diff)

    assert [f.id for f in diff.now_answered] == ["it-devices"]
    assert diff.new_findings == []
    assert carried == 1
    assert store.get_resolutions(new_id)["biz-peak"].note == "peak starts in April"
    assert store.get_review(new_id).parent_id == old_id


def test_findings_match_by_concern_even_when_ids_are_positional() -> None:
    old = make_report()
    renumbered = [f.model_copy(update={"id": f"f{i}"}) for i, f in enumerate(old.findings)]
    diff = compare_with_previous(old.model_copy(update={"findings": renumbered}), old)
    assert diff.now_answered == [] and diff.new_findings == []


def test_proposal_title_is_the_heading_the_subject_line_or_the_first_sentence() -> None:
    assert proposal_title("intro line\n## The heading\nmore") == "The heading"
    assert proposal_title("\n\n  We propose a new tool.  \nIt costs little.") == "We propose a new tool."
    assert proposal_title("x" * 200).endswith("…")
    memo = "**Aan:** Stuurgroep ERP\n**Van:** Jeroen\n**Onderwerp:** Overstap naar Business Central\n\nBeste,\n"
    assert proposal_title(memo) == "Overstap naar Business Central"  # the subject, not the addressee line
    assert proposal_title("   ") == "Untitled proposal"
