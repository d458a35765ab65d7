"""A revised draft is reviewed with the original review's run settings and compared on findings AND
appendix: lower ranked is not answered, a precedent not retrieved is not re-checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from web_fakes import PROPOSAL, REVISED, ContextPipeline, make_report, precedent_finding

from agents import review as pipeline
from agents.schemas import ReviewReport
from app.reviews import ReviewStore
from app.revisions import compare_with_previous, settings_for_revision
from app.web.resolve_view import widget_key
from core.settings import Settings

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")


def original() -> ReviewReport:
    report = make_report()
    return report.model_copy(update={"findings": [*report.findings, precedent_finding()]})


def revision_of(report: ReviewReport) -> ReviewReport:
    """The device question is answered; the peak-season question drops to the appendix."""
    keep = [f for f in report.findings if f.id not in ("it-devices", "biz-peak")]
    peak = next(f for f in report.findings if f.id == "biz-peak")
    return report.model_copy(update={"findings": keep, "appendix": [peak.model_copy(update={"id": "biz-peak-2"})]})


def test_moved_to_the_appendix_is_lower_ranked_not_answered() -> None:
    old = original()
    diff = compare_with_previous(revision_of(old), old)
    assert [f.id for f in diff.now_answered] == ["it-devices"]
    assert [(o.id, n.id) for o, n in diff.lower_ranked] == [("biz-peak", "biz-peak-2")]
    assert ("biz-peak", "biz-peak-2") in [(o.id, n.id) for o, n in diff.carried]


def test_a_precedent_finding_whose_record_was_not_retrieved_is_not_rechecked() -> None:
    old = original()
    without_kb = revision_of(old).model_copy(update={"precedents": []})
    without_kb = without_kb.model_copy(update={"findings": [f for f in without_kb.findings if f.origin != "precedent"]})
    diff = compare_with_previous(without_kb, old)
    assert [f.id for f in diff.not_rechecked] == ["prec-0001"]
    assert "prec-0001" not in [f.id for f in diff.now_answered]
    retrieved_but_gone = revision_of(old).model_copy(
        update={"findings": [f for f in revision_of(old).findings if f.origin != "precedent"]}
    )
    assert "prec-0001" in [f.id for f in compare_with_previous(retrieved_but_gone, old).now_answered]


def test_an_old_appendix_item_now_ranked_higher_is_not_new() -> None:
    old = revision_of(original())
    promoted = original()
    diff = compare_with_previous(promoted, old)
    assert "biz-peak" not in [f.id for f in diff.new_findings]
    assert "it-devices" in [f.id for f in diff.new_findings]


def test_run_settings_are_stored_and_old_histories_still_open(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "reviews.sqlite3"
    with sqlite3.connect(db) as conn:  # a history written before run settings were stored
        conn.executescript(
            "CREATE TABLE reviews (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, title TEXT NOT NULL, "
            "proposal TEXT NOT NULL, report_json TEXT NOT NULL, settings_json TEXT NOT NULL DEFAULT '{}', "
            "parent_id TEXT REFERENCES reviews(id));"
        )
        conn.execute(
            "INSERT INTO reviews VALUES ('old', '2026-01-01', 't', 'p', ?, '{\"it_model\": \"openai/x\"}', NULL)",
            (original().model_dump_json(),),
        )
    store = ReviewStore(db)
    old = store.get_review("old")
    assert old.run_settings == {}
    assert settings_for_revision(Settings(home=tmp_path), old.run_settings, old.settings_summary).model_for("it") == (
        "openai/x"
    )
    run = {"it_model": "openai/gpt-4o", "no_kb": True, "precedents_k": 3}
    rid = store.save_review(PROPOSAL, original(), run_settings=run, parent_id="old")
    assert store.get_review(rid).run_settings == run


def test_a_revision_reruns_with_the_original_settings_and_carries_resolutions(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = ContextPipeline(original(), revision_of(original()))
    monkeypatch.setattr(pipeline, "run_review", fake)
    monkeypatch.setenv("GAPREVIEW_MODEL", "openai/page-default")
    monkeypatch.setenv("GAPREVIEW_PRECEDENTS_K", "3")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_area(key="proposal_text").input(PROPOSAL)
    at.selectbox(key="reviewer_model").set_value("builtin")
    at.toggle(key="use_kb").set_value(False)
    at.button(key="run_review").click().run()
    assert not at.exception, at.exception
    old_id = at.query_params["review"]
    at.selectbox(key=widget_key(old_id, "biz-peak", "status")).set_value("accepted_risk").run()

    monkeypatch.setenv("GAPREVIEW_PRECEDENTS_K", "8")  # the page's defaults change after the first review
    at.text_area(key=f"revise:{old_id}").input(REVISED)
    at.button(key=f"revise-run:{old_id}").click().run()
    assert not at.exception, at.exception

    assert (
        fake.runs[0]
        == fake.runs[1]
        == {
            "it_model": None,
            "no_kb": True,
            "precedents_k": 3,
            "knowledge": "EmptyKnowledge",
        }
    )
    new_id = at.query_params["review"]
    shown = "\n".join(str(e.value) for e in (*at.success, *at.info)) + " ".join(e.label for e in at.expander)
    assert "1 of 4 findings of the previous review are no longer raised" in shown
    assert "1 finding moved to the appendix" in shown and "Lower ranked: now in the appendix (1)" in shown
    store = ReviewStore(Settings().db_path)
    assert store.get_resolutions(new_id)["biz-peak-2"].status == "accepted_risk"
    assert store.get_review(new_id).run_settings["no_kb"] is True
