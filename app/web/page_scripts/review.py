"""The review page script; its logic is in app.web.review_page."""

from app.web.navigation import run_page
from app.web.review_page import render_review_page

run_page(render_review_page)
