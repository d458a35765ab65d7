"""The knowledge page script; its logic is in app.web.kb_page."""

from app.web.kb_page import render_kb_page
from app.web.navigation import run_page

run_page(render_kb_page)
