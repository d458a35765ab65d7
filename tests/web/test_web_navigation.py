"""Every page is listed: the Evals page ships with the app, so nothing probes for its module."""

from __future__ import annotations

from app.web import navigation


def test_every_page_is_listed() -> None:
    assert [page.title for page in navigation.pages()] == ["Review", "History", "Knowledge base", "Evals"]
    assert not hasattr(navigation, "evals_available")
