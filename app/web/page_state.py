"""Where a page gets its settings, its review store and the review it is showing.

Why a module: every page needs the same three things, and they must come from the same places
(settings from the environment, reviews from SQLite, the current review id from the URL) so that
a reload, a restart or a second browser never sees another session's in-memory state.
"""

from __future__ import annotations

import streamlit as st

from app.reviews import ReviewStore
from core import settings as core_settings
from core.settings import Settings

REVIEW_PARAM = "review"
_FLASH_KEY = "gapreview_flash"


def load_settings() -> Settings:
    """Settings from the environment, read per run; a bad value becomes the same one-line ConfigError
    every command shows."""
    return core_settings.load_settings()


def open_store(settings: Settings) -> ReviewStore:
    """The review history of the configured data directory (cheap: no connection is kept open)."""
    return ReviewStore(settings.db_path)


def current_review_id() -> str | None:
    """The review this browser tab shows; lives in the URL so a reload reopens it."""
    value = st.query_params.get(REVIEW_PARAM)
    return value.strip() or None if value else None


def show_review(review_id: str | None) -> None:
    """Point the URL at a review (or at none, for a fresh form)."""
    if review_id:
        st.query_params[REVIEW_PARAM] = review_id
    elif REVIEW_PARAM in st.query_params:
        del st.query_params[REVIEW_PARAM]


def flash(message: str, kind: str = "success") -> None:
    """A message to show once after the next rerun (st.rerun would otherwise swallow it)."""
    st.session_state[_FLASH_KEY] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(_FLASH_KEY, None)
    if item is None:
        return
    kind, message = item
    if kind == "success":
        st.toast(message, icon=":material/check_circle:")
    else:
        {"warning": st.warning, "error": st.error}.get(kind, st.info)(message)
