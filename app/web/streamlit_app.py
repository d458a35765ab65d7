"""Entry point for `streamlit run` (started by `gapreview app`); all page logic lives in app.web."""

from app.web.navigation import main

main()
