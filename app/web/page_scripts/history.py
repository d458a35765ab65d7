"""The history page script; its logic is in app.web.history_page."""

from app.web.history_page import render_history_page
from app.web.navigation import run_page

run_page(render_history_page)
