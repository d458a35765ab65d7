"""The evals page script; its logic is in app.web.evals_page (written by the evals engineer)."""

from app.web.navigation import run_page
from core.settings import Settings


def _render(settings: Settings) -> None:
    """Imported inside the error boundary, so a broken evals module cannot break navigation."""
    from app.web.evals_page import render_evals_page  # type: ignore[import-not-found,unused-ignore]

    render_evals_page(settings)


run_page(_render)
