"""The page flows in Streamlit's AppTest: paste, review, resolve, reload, record, history, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from web_fakes import PROPOSAL, REVISED, ScriptedPipeline, make_report

from agents import review as pipeline
from app.reviews import ReviewStore
from app.web.resolve_view import widget_key
from core.settings import Settings

APP = str(Path(__file__).resolve().parents[2] / "app" / "web" / "streamlit_app.py")
TIMEOUT = 60


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _reviewed(text: str = PROPOSAL) -> AppTest:
    at = _app().run()
    at.text_area(key="proposal_text").input(text)
    at.button(key="run_review").click().run()
    assert not at.exception, at.exception
    return at


def _plain(markdown: str) -> str:
    """What the reader sees: the page escapes untrusted text with backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _texts(at: AppTest) -> str:
    shown = (*at.markdown, *at.caption, *at.subheader, *at.error, *at.warning, *at.info, *at.success, *at.toast)
    parts = [m.value for m in shown]
    parts += [e.label for e in at.expander]
    parts += [p.proto.text for p in at.get("progress")]
    return _plain("\n".join(str(p) for p in parts))


def test_paste_and_review_shows_stage_perspectives_and_findings(scripted: ScriptedPipeline) -> None:
    at = _reviewed()

    review_id = at.query_params["review"]
    assert scripted.calls == [PROPOSAL]
    assert "Committed: alignment is now corrective" in at.warning[0].value
    assert "The budget of EUR 20,000 is approved" in _plain(at.warning[0].value)
    assert "0 of 4 resolved" in _texts(at)
    labels = [e.label for e in at.expander]
    assert any("What do staff without a smartphone use" in label for label in labels)
    assert "A checklist question" in _texts(at)  # each engine finding says what it rests on
    assert [t.label for t in at.tabs][:5] == [
        "Findings (4)",
        "IT vs business",
        "Cross-examination (2)",
        "Definitions of done",
        "Coverage",
    ]
    assert ReviewStore(Settings().db_path).get_review(review_id).proposal == PROPOSAL


def test_review_shows_the_exchange_the_coverage_map_and_the_appendix(scripted: ScriptedPipeline) -> None:
    texts = _texts(_reviewed())
    # the exchange: IT's question, both positions side by side, the business's answered question
    assert "IT asks, the business answers" in texts
    assert "Who hands out keys to staff without a phone?" in texts
    assert "The service desk needs a stock of keys first." in texts and "Team leads hand them out." in texts
    assert "Still open between IT and the business (1)" in texts
    assert "answered by the proposal" in texts and "“The budget of EUR 20,000 is approved”" in texts
    # the coverage map, grouped and collapsed, and the appendix
    assert "What was checked: 1 open, 1 covered by the proposal, 1 not applicable." in texts
    assert "Open concerns (1)" in texts and "Covered by the proposal (1)" in texts
    assert "Appendix: 1 more findings, ranked lower" in texts
    # a precedent's relation and the record now in force
    assert "superseded" in texts and "now in force: **0007**" in texts


def test_resolution_survives_a_reload(scripted: ScriptedPipeline) -> None:
    at = _reviewed()
    review_id = at.query_params["review"]
    at.selectbox(key=widget_key(review_id, "it-devices", "status")).set_value("answered").run()
    at.text_input(key=widget_key(review_id, "it-devices", "owner")).input("Fatma").run()

    reloaded = _app()
    reloaded.query_params["review"] = review_id
    reloaded.run()

    assert reloaded.selectbox(key=widget_key(review_id, "it-devices", "status")).value == "answered"
    assert reloaded.text_input(key=widget_key(review_id, "it-devices", "owner")).value == "Fatma"
    assert "1 of 4 resolved" in _texts(reloaded)


def test_empty_paste_is_refused_and_nothing_is_saved(scripted: ScriptedPipeline) -> None:
    at = _app().run()
    at.text_area(key="proposal_text").input("   \n  ")
    at.button(key="run_review").click().run()

    assert "Paste the proposal text first" in at.error[0].value
    assert scripted.calls == []
    assert ReviewStore(Settings().db_path).list_reviews() == []


def test_oversized_proposal_names_the_limit(scripted: ScriptedPipeline, monkeypatch) -> None:
    monkeypatch.setenv("GAPREVIEW_MAX_PROPOSAL_BYTES", "100")
    at = _app().run()
    at.text_area(key="proposal_text").input(PROPOSAL)
    at.button(key="run_review").click().run()

    assert "over the limit of 100 bytes" in at.error[0].value
    assert scripted.calls == []
    assert at.text_area(key="proposal_text").value == PROPOSAL  # the user's text is still there


def test_uploaded_file_is_reviewed_and_bad_file_is_explained(scripted: ScriptedPipeline) -> None:
    at = _app().run()
    at.file_uploader(key="proposal_file").upload("draft.md", PROPOSAL.encode(), "text/markdown").run()
    at.button(key="run_review").click().run()
    assert scripted.calls == [PROPOSAL]

    bad = _app().run()
    bad.file_uploader(key="proposal_file").upload("draft.txt", b"\x00\x01binary", "text/plain").run()
    bad.button(key="run_review").click().run()
    assert "draft.txt: looks like binary data" in bad.error[0].value


def test_unknown_review_id_in_the_url_says_so(home: Path) -> None:
    at = _app()
    at.query_params["review"] = "doesnotexist"
    at.run()
    assert "review doesnotexist was not found" in at.error[0].value


def test_record_decision_and_add_it_to_the_knowledge_base(scripted: ScriptedPipeline, home: Path) -> None:
    at = _reviewed()
    review_id = at.query_params["review"]
    at.selectbox(key=widget_key(review_id, "it-devices", "status")).set_value("answered").run()
    at.text_input(key=widget_key(review_id, "it-devices", "note")).input("hardware keys at the desk").run()
    at.button(key=f"regen:{review_id}").click().run()

    record = at.text_area(key=f"record:{review_id}").value or ""
    assert "hardware keys at the desk" in record and record.startswith("---\nstatus: proposed")
    at.text_area(key=f"record:{review_id}").input(record.replace("[fill in", "[edited")).run()
    at.button(key=f"file-record:{review_id}").click().run()

    assert not at.exception, at.exception
    [saved] = (home / "records").glob("*.md")
    assert "[edited" in saved.read_text(encoding="utf-8")
    assert "added to the knowledge base" in at.success[-1].value


def test_history_lists_reviews_and_opens_one(scripted: ScriptedPipeline) -> None:
    first = _reviewed()
    review_id = first.query_params["review"]

    at = _app().run()
    at.switch_page("page_scripts/history.py").run()
    assert "Two-factor authentication for warehouse staff" in _texts(at)
    assert "0 of 4 resolved" in _texts(at)
    at.button(key=f"open:{review_id}").click().run()

    assert at.query_params["review"] == review_id
    assert any("What do staff without a smartphone use" in e.label for e in at.expander)


def test_revised_draft_shows_which_findings_are_now_answered(scripted: ScriptedPipeline) -> None:
    at = _reviewed()
    old_id = at.query_params["review"]
    at.selectbox(key=widget_key(old_id, "biz-peak", "status")).set_value("accepted_risk").run()
    at.text_area(key=f"revise:{old_id}").input(REVISED)
    at.button(key=f"revise-run:{old_id}").click().run()

    new_id = at.query_params["review"]
    assert new_id != old_id
    assert "1 of 4 findings of the previous review are no longer raised" in _texts(at)
    assert "1 resolution carried over" in _texts(at)
    assert at.selectbox(key=widget_key(new_id, "biz-peak", "status")).value == "accepted_risk"


def test_knowledge_base_page_adds_records_and_lists_failures(home: Path) -> None:
    at = _app().run()
    at.switch_page("page_scripts/knowledge.py").run()
    assert not at.exception, at.exception
    sample = Path(__file__).resolve().parents[2] / "knowledge" / "samples" / "0001-use-entra-id-for-sso.md"
    uploader = at.file_uploader[0]
    uploader.upload(sample.name, sample.read_bytes(), "text/markdown")
    uploader.upload("broken.docx", b"not a zip file", "application/octet-stream")
    at.button[0].click().run()

    assert not at.exception, at.exception
    text = _texts(at)
    assert "added 1" in text
    assert "broken.docx" in text and "Not added (1)" in text
    at.text_input[0].input("single sign-on identity provider").run()
    assert "Use Microsoft Entra ID" in _texts(at)
    assert re.search(r"similarity -?\d\.\d\d · rank score \d\.\d\d", _texts(at))  # cosine, and the fused rank


def test_real_pipeline_with_a_fake_embedder_renders_every_step(home: Path) -> None:
    """The real LangGraph pipeline (no scripted report): update shapes from every node render."""
    at = _reviewed()

    assert "review" in at.query_params, _texts(at)
    review = ReviewStore(Settings().db_path).get_review(at.query_params["review"])
    assert review.report.meta.mode == "builtin"
    count = len(review.report.findings)  # the page states how many findings are left to resolve
    assert (f"0 of {count} resolved" if count else "0 findings to work through") in _texts(at)


def test_progress_labels_cover_exactly_the_pipeline_nodes() -> None:
    from agents.graph import graph
    from app.web.run_view import NODE_LABELS, PIPELINE_STEPS

    nodes = [name for name in graph.nodes if not name.startswith("__")]
    assert list(NODE_LABELS) == nodes
    assert len(nodes) == PIPELINE_STEPS


def test_knowledge_base_page_lists_the_rules_in_force(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = Path(__file__).resolve().parents[2] / "samples" / "rules" / "example-rules.yaml"
    at = _app().run()
    at.switch_page("page_scripts/knowledge.py").run()
    assert "No organisation rules configured" in _texts(at)
    monkeypatch.setenv("GAPREVIEW_RULES", str(rules))
    at = _app().run()
    at.switch_page("page_scripts/knowledge.py").run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "version 2026.1" in text and "or.consent_monitoring" in text.replace("\\_", "_")
    assert "works council" in text
    broken = home.parent / "broken.yaml"
    broken.write_text("version: '1'\nrules: []\n")
    monkeypatch.setenv("GAPREVIEW_RULES", str(broken))
    at = _app().run()
    at.switch_page("page_scripts/knowledge.py").run()
    assert "The rules file cannot be used" in _texts(at) and "broken.yaml:2: rules" in _texts(at)


def test_a_review_without_findings_says_what_stays_open(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = make_report().model_copy(update={"findings": [], "appendix": []})
    monkeypatch.setattr(pipeline, "run_review", ScriptedPipeline(empty))
    at = _reviewed()
    info = " ".join(i.value for i in at.info)
    assert "1 checked concern is still open in the coverage map" in _plain(info)
    assert "held back" not in _plain(info)


def test_the_coverage_map_on_the_page_says_why_a_concern_is_held_back(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = make_report()
    held = [c.model_copy(update={"held_back": "check_only"}) if c.status == "open" else c for c in report.coverage]
    monkeypatch.setattr(pipeline, "run_review", ScriptedPipeline(report.model_copy(update={"coverage": held})))
    at = _reviewed()
    assert not at.exception, at.exception
    assert "Go-live date · Business · a check, not listed by design" in _plain(_texts(at))
