"""The Evals page script: a thin entry point; the page itself is app.web.evals_page."""

from app.web.navigation import run_page
from core.settings import Settings


def _render(settings: Settings) -> None:
    """Imported inside the error boundary, so a failure there shows as a message, not a broken app."""
    from app.web.evals_page import render_evals_page

    render_evals_page(settings)


run_page(_render)
