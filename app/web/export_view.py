"""Exports (Markdown, JSON report contract) and the decision record built from a resolved review.

Why here and not behind a separate page: exporting and recording are the last step of working
through one review, so they sit next to it and use its stored resolutions.
"""

from __future__ import annotations

import re

import streamlit as st

from app.decision_record import build_decision_record, check_record, file_record
from app.render import render_markdown
from app.reviews import ReviewStore, StoredReview
from app.web import kb_access
from core.errors import GapreviewError
from core.settings import Settings


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "review"


def record_key(review_id: str) -> str:
    return f"record:{review_id}"


def render_exports(settings: Settings, store: ReviewStore, review: StoredReview) -> None:
    st.subheader("Export the review", anchor=False)
    name = f"gapreview-{_slug(review.title)}"
    row = st.container(horizontal=True)
    row.download_button(
        "Markdown report",
        render_markdown(review.report, review.title),
        icon=":material/download:",
        file_name=f"{name}.md",
        mime="text/markdown",
        key=f"dl-md:{review.id}",
        on_click="ignore",
    )
    row.download_button(
        "JSON (report contract)",
        review.report.model_dump_json(indent=2),
        icon=":material/data_object:",
        file_name=f"{name}.json",
        mime="application/json",
        key=f"dl-json:{review.id}",
        on_click="ignore",
    )
    st.divider()
    _decision_record(settings, store, review)


def _regenerate(store: ReviewStore, review_id: str) -> None:
    """Button callback: rebuild the draft from the latest resolutions (replaces manual edits)."""
    review = store.get_review(review_id)
    deciders = _split_names(st.session_state.get(f"deciders:{review_id}", ""))
    st.session_state[record_key(review_id)] = build_decision_record(
        review, store.get_resolutions(review_id), deciders=deciders
    )


def _split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _decision_record(settings: Settings, store: ReviewStore, review: StoredReview) -> None:
    st.subheader("Record the decision", anchor=False)
    st.caption(
        "A MADR decision record built from this review and its resolutions. Edit it here, download it, "
        "or add it to the knowledge base so future reviews cite it."
    )
    st.text_input(
        "Deciders",
        key=f"deciders:{review.id}",
        placeholder="comma-separated names; defaults to the owners of resolved findings",
    )
    key = record_key(review.id)
    if key not in st.session_state:
        _regenerate(store, review.id)
    st.button(
        "Rebuild from the current resolutions",
        icon=":material/refresh:",
        key=f"regen:{review.id}",
        on_click=_regenerate,
        args=(store, review.id),
        help="Replaces your edits with a fresh draft",
    )
    st.text_area("Decision record (Markdown)", key=key, height=380)
    text = st.session_state.get(key, "")
    row = st.container(horizontal=True)
    row.download_button(
        "Download record",
        text,
        icon=":material/download:",
        file_name=f"decision-{_slug(review.title)}.md",
        mime="text/markdown",
        key=f"dl-record:{review.id}",
        on_click="ignore",
    )
    if row.button(
        "Add to knowledge base", icon=":material/library_add:", key=f"file-record:{review.id}", type="primary"
    ):
        _file(settings, text, review.id)


def _file(settings: Settings, text: str, review_id: str) -> None:
    try:
        check_record(text)
        filed = file_record(settings, text, review_id, ingest=lambda path: kb_access.ingest_one(settings, path))
    except GapreviewError as exc:
        st.error(str(exc))
        return
    (st.success if filed.ingested else st.warning)(filed.message)
