"""Pages, navigation and the error boundary of the web app.

Why not in the entry script: page scripts and tests import `run_page`, and a module can be
imported where a script cannot. Errors meant for users (GapreviewError) are
shown as one message; anything unexpected is logged with its traceback on the server and shown
as a short apology, never as a stack trace in the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app.web.page_state import load_settings
from core.errors import GapreviewError
from core.settings import Settings

log = logging.getLogger("gapreview.web")
PageRenderer = Callable[[Settings], None]


def run_page(render: PageRenderer) -> None:
    """Run one page with fresh settings; turn failures into messages the user can act on."""
    try:
        settings = load_settings()
        settings.home.mkdir(parents=True, exist_ok=True)
        render(settings)
    except GapreviewError as exc:
        st.error(str(exc))
    except OSError as exc:
        st.error(f"A file or folder could not be used: {exc}")
    except Exception as exc:  # the page boundary: log the trace, show no trace
        log.exception("unexpected error in the gapreview web page")
        st.error(
            f"Something went wrong ({type(exc).__name__}). Nothing you saved is lost; "
            "reload the page to continue. Details are in the server log."
        )


PAGES_DIR = Path(__file__).with_name("page_scripts")  # not "pages/": that name turns on legacy MPA
REVIEW_PAGE = "page_scripts/review.py"  # relative to the entry script, as st.switch_page expects


def pages() -> list[StreamlitPage]:
    """Each page is a short script in `page_scripts/`, so AppTest can switch to it by path."""
    found = [
        st.Page(
            PAGES_DIR / "review.py",
            title="Review",
            icon=":material/rate_review:",
            url_path="review",
            default=True,
        ),
        st.Page(PAGES_DIR / "history.py", title="History", icon=":material/history:", url_path="history"),
        st.Page(
            PAGES_DIR / "knowledge.py",
            title="Knowledge base",
            icon=":material/menu_book:",
            url_path="knowledge",
        ),
        st.Page(PAGES_DIR / "evals.py", title="Evals", icon=":material/analytics:", url_path="evals"),
    ]
    return found


def main() -> None:
    st.set_page_config(page_title="gapreview", page_icon=":material/join_inner:", layout="wide")
    # Static layout CSS (no user content): less empty space above the first heading at 1280x800.
    st.html('<style>[data-testid="stMainBlockContainer"]{padding-top:3.5rem;padding-bottom:3rem}</style>')
    page = st.navigation(pages(), position="top")
    page.run()
