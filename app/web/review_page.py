"""The Review page: paste or upload a proposal, run the review, then work through the result.

Why one page for input and result: the review id in the URL decides which is shown, so a reload,
a shared link or the History page's "Open" all land on the same result with its resolutions.
"""

from __future__ import annotations

import streamlit as st

from app.documents import check_text, decode_document
from app.reviews import ReviewStore, ReviewStoreError
from app.web import result_view, run_view
from app.web.page_state import current_review_id, flash, open_store, show_flash, show_review
from app.web.safe_text import escape_markdown
from core.errors import GapreviewError
from core.file_types import UPLOAD_TYPES
from core.settings import BUILTIN, Settings

SOURCE_PASTE = "Paste text"
SOURCE_UPLOAD = "Upload a file"
PLACEHOLDER = (
    "# Replace the ticket system\n\n"
    "We propose to move the service desk to ... by 1 March. Budget of EUR 40,000 is approved ..."
)


def render_review_page(settings: Settings) -> None:
    store = open_store(settings)
    show_flash()
    review_id = current_review_id()
    if review_id:
        try:
            review = store.get_review(review_id)
        except ReviewStoreError as exc:
            st.error(f"Cannot open this review: {exc}")
            if st.button("Start a new review"):
                show_review(None)
                st.rerun()
            return
        result_view.render_result(settings, store, review)
        return
    _input_form(settings, store)


def model_options(settings: Settings) -> list[str]:
    """Builtin first, then each configured litellm model (the default model and its fallbacks)."""
    options = [BUILTIN]
    for model in [settings.model if settings.llm_enabled else None, *settings.fallback_models]:
        if model and model not in options:
            options.append(model)
    return options


def settings_for_model(settings: Settings, model: str) -> Settings:
    """Per-run settings for the chosen model; never mutates the shared settings."""
    if model == BUILTIN:
        return settings.model_copy(
            update={"model": None, "it_model": None, "business_model": None, "synthesis_model": None}
        )
    if model == settings.model:
        return settings
    return settings.model_copy(
        update={"model": model, "it_model": None, "business_model": None, "synthesis_model": None}
    )


def _input_form(settings: Settings, store: ReviewStore) -> None:
    st.title("Review a proposal", anchor=False)
    st.caption(
        "Paste a draft decision proposal. gapreview reads it as IT and as the business would, and lists "
        "the questions nobody has asked yet, the hidden dependencies, and where the two sides mean "
        "different things by “done”. Every finding quotes the proposal or a past decision."
    )
    left, right = st.columns([2.2, 1], gap="large")
    with left:
        # Tabs (not a radio) keep both inputs alive, so switching never discards pasted text.
        paste_tab, upload_tab = st.tabs([SOURCE_PASTE, SOURCE_UPLOAD])
        with paste_tab:
            st.text_area(
                "Proposal text",
                key="proposal_text",
                height=380,
                placeholder=PLACEHOLDER,
                label_visibility="collapsed",
            )
        with upload_tab:
            st.file_uploader(
                "Proposal file (Markdown, plain text, Word or PDF)",
                type=UPLOAD_TYPES,
                key="proposal_file",
            )
            st.caption(
                f"At most {settings.max_proposal_bytes // 1000} KB. An uploaded file is reviewed instead "
                "of pasted text; remove it to review the pasted text."
            )
    with right:
        st.subheader("Options", anchor=False)
        st.text_input("Title (optional)", key="proposal_title", placeholder="taken from the heading or subject line")
        options = model_options(settings)
        st.selectbox(
            "Reviewer",
            options,
            key="reviewer_model",
            format_func=lambda m: "Builtin lens engine (offline)" if m == BUILTIN else f"LLM: {m}",
            help="Models are configured with GAPREVIEW_MODEL / GAPREVIEW_FALLBACK_MODELS.",
        )
        st.toggle("Cite past decisions from the knowledge base", value=not settings.no_kb, key="use_kb")
        source = SOURCE_UPLOAD if st.session_state.get("proposal_file") is not None else SOURCE_PASTE
        st.caption(f"Will review: {_source_summary(source)}")
        if st.button("Review proposal", type="primary", width="stretch", key="run_review"):
            _run(settings, store, source)  # progress appears right under the button


def _source_summary(source: str) -> str:
    if source == SOURCE_UPLOAD:
        return f"the uploaded file {escape_markdown(st.session_state['proposal_file'].name)}"
    chars = len((st.session_state.get("proposal_text") or "").strip())
    return f"the pasted text ({chars:,} characters)" if chars else "nothing yet: paste or upload a proposal"


def _proposal_text(settings: Settings, source: str) -> str:
    """The text to review from the chosen source; InputError says exactly what is wrong."""
    if source == SOURCE_UPLOAD:
        upload = st.session_state.get("proposal_file")
        if upload is None:
            raise GapreviewError("Choose a file to upload first, or paste the text.")
        return decode_document(upload.getvalue(), upload.name, settings.max_proposal_bytes)
    text = st.session_state.get("proposal_text") or ""
    if not text.strip():
        raise GapreviewError("Paste the proposal text first, or upload a file.")
    return check_text(text, "pasted text", settings.max_proposal_bytes)


def _run(settings: Settings, store: ReviewStore, source: str) -> None:
    run_settings = settings_for_model(settings, st.session_state.get("reviewer_model", BUILTIN)).model_copy(
        update={"no_kb": not st.session_state.get("use_kb", True)}
    )
    try:
        text = _proposal_text(settings, source)
        title = st.session_state.get("proposal_title") or ""
        review_id, report = run_view.review_and_save(store, text, run_settings, title=title)
    except GapreviewError as exc:
        st.error(str(exc))
        return
    flash(f"Review saved. {len(report.findings)} findings to work through; this page's link reopens it.")
    show_review(review_id)
    st.rerun()
