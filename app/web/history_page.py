"""The History page: every saved review, newest first, with its progress; open one to continue.

Why a list with buttons rather than a table: each row leads somewhere (the review, its earlier
draft), and the progress per review is what people scan for ("which ones are still open").
"""

from __future__ import annotations

import streamlit as st

from app.reviews import ReviewSummary
from app.web.navigation import REVIEW_PAGE
from app.web.page_state import REVIEW_PARAM, open_store
from app.web.safe_text import escape_markdown
from core.settings import Settings

PAGE_SIZE = 25


def render_history_page(settings: Settings) -> None:
    st.title("Review history", anchor=False)
    reviews = open_store(settings).list_reviews(limit=500)
    if not reviews:
        st.info("No reviews yet. Reviews you run on the Review page are kept here, with their resolutions.")
        return
    query = st.text_input("Filter by title", placeholder="type part of a title", key="history_filter")
    shown = [r for r in reviews if query.strip().lower() in r.title.lower()] if query.strip() else reviews
    st.caption(f"{len(shown)} of {len(reviews)} reviews · stored in {settings.db_path}")
    titles = {r.id: r.title for r in reviews}
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = st.number_input("Page", 1, pages, 1, key="history_page") if pages > 1 else 1
    for summary in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        _row(summary, titles)


def _row(summary: ReviewSummary, titles: dict[str, str]) -> None:
    with st.container(border=True):
        text_col, progress_col, open_col = st.columns([3.2, 1.6, 0.8], vertical_alignment="center")
        text_col.markdown(f"**{escape_markdown(summary.title)}**")
        meta = [summary.created_at[:16].replace("T", " ") + " UTC"]
        if summary.parent_id:
            parent = titles.get(summary.parent_id, "an earlier draft")
            meta.append(f"revision of “{parent}”")
        stage = ":material/lock: committed" if summary.stage == "committed" else ":material/explore: exploring"
        text_col.caption(" · ".join([stage, *(escape_markdown(m) for m in meta)]))
        if summary.findings:
            progress_col.progress(
                summary.resolved / summary.findings, text=f"{summary.resolved} of {summary.findings} resolved"
            )
        else:
            progress_col.caption("no findings")
        if open_col.button("Open", key=f"open:{summary.id}", width="stretch"):
            st.switch_page(REVIEW_PAGE, query_params={REVIEW_PARAM: summary.id})
