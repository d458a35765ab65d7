"""Re-review a revised draft and show which earlier findings the new text now answers.

Why: the useful question after a rewrite is not "what are the findings" but "did the rewrite close
the gaps we found last time". The revision runs with the original review's run settings (model per
role, knowledge base on/off, precedents_k), so a difference in the findings comes from the text, not
from a different reviewer. It is stored as a child of the earlier review, decisions on findings that
are still raised (in the findings or, lower ranked, in the appendix) are carried over, and the
comparison is computed from stored reports, so it survives reloads.
"""

from __future__ import annotations

import streamlit as st

from app.documents import check_text
from app.reviews import ReviewStore, ReviewStoreError, StoredReview
from app.revisions import compare_with_previous, settings_for_revision
from app.web import run_view
from app.web.page_state import flash, show_review
from app.web.safe_text import escape_markdown
from core.errors import GapreviewError
from core.settings import Settings


def render_revision_summary(store: ReviewStore, review: StoredReview) -> None:
    """For a revision: how many of the previous review's findings the new text no longer raises."""
    if not review.parent_id:
        return
    try:
        parent = store.get_review(review.parent_id)
    except ReviewStoreError as exc:
        st.caption(f"Revision of an earlier review that cannot be read: {escape_markdown(str(exc))}")
        return
    diff = compare_with_previous(review.report, parent.report)
    answered = len(diff.now_answered)
    head = (
        f"**Revised draft.** {answered} of {len(parent.report.findings)} findings of the previous "
        f"review are no longer raised: the new text answers them."
    )
    if diff.lower_ranked:
        head += f" {_count(len(diff.lower_ranked), 'finding')} moved to the appendix (lower ranked, still raised)."
    if diff.not_rechecked:
        head += (
            f" {_count(len(diff.not_rechecked), 'finding')} not re-checked: the past decision it cites was not "
            "retrieved this time."
        )
    if diff.new_findings:
        head += f" {_count(len(diff.new_findings), 'new finding')}."
    (st.success if answered else st.info)(head, icon=":material/published_with_changes:")
    groups = [
        ("Now answered by the revised text", [f"~~{escape_markdown(f.title)}~~" for f in diff.now_answered]),
        ("Lower ranked: now in the appendix", [escape_markdown(old.title) for old, _ in diff.lower_ranked]),
        ("Not re-checked (precedent not retrieved)", [escape_markdown(f.title) for f in diff.not_rechecked]),
    ]
    for label, items in groups:
        if items:
            with st.expander(f"{label} ({len(items)})"):
                st.markdown("\n".join(f"- {item}" for item in items))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def render_revise_form(settings: Settings, store: ReviewStore, review: StoredReview) -> None:
    st.subheader("Review a revised draft", anchor=False)
    st.caption(
        "Edit the proposal to answer the findings, then review it again. The new review keeps a link to "
        "this one, runs with the same reviewer settings, shows which findings the new text answers, and "
        "carries over the resolutions of findings that are still raised."
    )
    key = f"revise:{review.id}"
    st.text_area("Revised proposal", value=review.proposal, key=key, height=320)
    if st.button("Review the revised draft", key=f"revise-run:{review.id}", type="primary"):
        _run_revision(settings, store, review, st.session_state.get(key, ""))


def _run_revision(settings: Settings, store: ReviewStore, review: StoredReview, text: str) -> None:
    try:
        text = check_text(text, "revised proposal", settings.max_proposal_bytes)
        if text.strip() == review.proposal.strip():
            st.warning("The text is unchanged; edit the proposal first.")
            return
        run_settings = settings_for_revision(settings, review.run_settings, review.settings_summary)
        new_id, report = run_view.review_and_save(store, text, run_settings, parent_id=review.id)
        carried = store.carry_over_resolutions(review.id, new_id, compare_with_previous(report, review.report))
    except GapreviewError as exc:
        st.error(str(exc))
        return
    flash(f"Revised draft reviewed; {carried} resolution{'s' if carried != 1 else ''} carried over.")
    show_review(new_id)
    st.rerun()
