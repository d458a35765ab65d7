"""Status, owner and note per finding, saved to SQLite the moment they change.

Why save on change (not on a submit button): people work through a review during a meeting and
close the tab when it ends; anything typed and left must already be stored.
"""

from __future__ import annotations

import streamlit as st

from agents.schemas import Finding
from app.reviews import STATUS_LABELS, STATUSES, Progress, Resolution, ReviewStore
from core.errors import GapreviewError

STATUS_ICONS = {
    "open": ":material/radio_button_unchecked:",
    "answered": ":green[:material/check_circle:]",
    "accepted_risk": ":orange[:material/report:]",
    "out_of_scope": ":gray[:material/block:]",
}
_ERROR_KEY = "gapreview_resolve_error"


def widget_key(review_id: str, finding_id: str, field: str) -> str:
    return f"res:{review_id}:{finding_id}:{field}"


def render_progress(progress: Progress) -> None:
    """'7 of 11 resolved', as a bar; the number people ask for first in a meeting."""
    if progress.total == 0:
        st.caption("No findings to resolve.")
        return
    text = f"**{progress.label}**"
    if progress.resolved == progress.total:
        text += " · every finding has an answer, an owner for the risk, or is out of scope"
    st.progress(progress.fraction, text=text)


def render_resolve_controls(
    store: ReviewStore, review_id: str, finding: Finding, resolution: Resolution | None
) -> None:
    """Three inputs in one row; each change is written through immediately."""
    current = resolution or Resolution(finding.id)
    args = (store, review_id, finding.id)
    status_col, owner_col, note_col = st.columns([1.1, 1.2, 2.4])
    status_col.selectbox(
        "Status",
        STATUSES,
        index=STATUSES.index(current.status),
        format_func=STATUS_LABELS.__getitem__,
        key=widget_key(review_id, finding.id, "status"),
        on_change=_save,
        args=args,
    )
    owner_col.text_input(
        "Owner",
        value=current.owner,
        max_chars=200,
        placeholder="who answers this",
        key=widget_key(review_id, finding.id, "owner"),
        on_change=_save,
        args=args,
    )
    note_col.text_input(
        "Note",
        value=current.note,
        max_chars=5000,
        placeholder="the answer, the accepted risk, or why it is out of scope",
        key=widget_key(review_id, finding.id, "note"),
        on_change=_save,
        args=args,
    )
    if current.updated_at:
        st.caption(f"Last saved {current.updated_at.replace('T', ' ')[:16]} UTC")


def _save(store: ReviewStore, review_id: str, finding_id: str) -> None:
    """Widget callback: read the three inputs and store them as one resolution."""
    state = st.session_state
    try:
        saved = store.set_resolution(
            review_id,
            finding_id,
            state.get(widget_key(review_id, finding_id, "status"), "open"),
            state.get(widget_key(review_id, finding_id, "owner"), "") or "",
            state.get(widget_key(review_id, finding_id, "note"), "") or "",
        )
    except GapreviewError as exc:
        state[_ERROR_KEY] = str(exc)
        return
    st.toast(f"Saved: {STATUS_LABELS[saved.status]}", icon=":material/save:")


def show_save_error() -> None:
    """A failed save is shown at the top of the result, once, with the store's own message."""
    message = st.session_state.pop(_ERROR_KEY, None)
    if message:
        st.error(f"Not saved: {message}")
