"""Every page is listed: the Evals page ships with the app, so nothing probes for its module."""

from __future__ import annotations

from app.web import navigation


def test_every_page_is_listed() -> None:
    assert len(navigation.pages()) == 4  # review, history, knowledge base, evals
    assert not hasattr(navigation, "evals_available")
