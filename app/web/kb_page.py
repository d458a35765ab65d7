"""The Knowledge base page: what is in it, search it, add decision records, see what failed.

Why it matters to reviews: findings cite past decisions only if those decisions are in here, so the
page shows plainly how many records there are, lets people check a search returns what they expect,
and reports every file that could not be added with its reason.
"""

from __future__ import annotations

import streamlit as st

from app.web import kb_access
from app.web.safe_text import escape_markdown
from core.errors import GapreviewError, KnowledgeBaseError
from core.settings import Settings
from knowledge.base import is_inactive_status

_LAST_INGEST = "kb_last_ingest"


def render_kb_page(settings: Settings) -> None:
    st.title("Knowledge base", anchor=False)
    st.caption("Past decision records that reviews cite as precedents.")
    try:
        store = kb_access.open_kb(settings)
        stats = store.stats()
    except KnowledgeBaseError as exc:
        st.warning(f"The knowledge base is not available: {exc}")
        _rules(settings)
        return
    cols = st.columns(4)
    cols[0].metric("Decision records", stats.records)
    cols[1].metric("Searchable chunks", stats.chunks)
    current = sum(n for s, n in stats.statuses.items() if not is_inactive_status(s))
    cols[2].metric("Current decisions", current)
    cols[3].metric("Size on disk", _size(stats.size_on_disk))
    st.caption(f"Location: {escape_markdown(stats.location)} · embeddings: {escape_markdown(stats.embedding_model)}")
    search_tab, add_tab, rules_tab = st.tabs(["Search", "Add records", "Rules in force"])
    with search_tab:
        _search(store, stats.records)
    with add_tab:
        _upload(settings)
    with rules_tab:
        _rules(settings)


def _rules(settings: Settings) -> None:
    """The organisation's own rules every review checks, with their version (or why none apply)."""
    try:
        rules = kb_access.rules_in_force(settings)
    except GapreviewError as exc:
        st.error(f"The rules file cannot be used: {exc}")
        return
    if rules is None:
        st.info("No organisation rules configured. Set `rules` in gapreview.toml or GAPREVIEW_RULES.")
        return
    st.markdown(
        f"**{escape_markdown(rules.name.en)}** · version {escape_markdown(rules.version)} · "
        f"{len(rules.rules)} rules · {escape_markdown(str(settings.rules))}"
    )
    for rule in rules.rules:
        st.markdown(
            f"- `{escape_markdown(rule.id)}` · {rule.severity} · {rule.perspective}: "
            f"{escape_markdown(rule.question.en)}"
        )


def _size(size: int | None) -> str:
    if size is None:
        return "server"
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def _search(store: object, records: int) -> None:
    if records == 0:
        st.info("The knowledge base is empty. Add decision records in the “Add records” tab.")
        return
    query = st.text_input("Search past decisions", placeholder="e.g. two-factor authentication for drivers")
    if not query.strip():
        return
    try:
        hits = store.search(query, k=8)  # type: ignore[attr-defined]
    except GapreviewError as exc:
        st.error(str(exc))
        return
    if not hits:
        st.info("No matching decisions.")
    for hit in hits:
        with st.container(border=True):
            status = f" · {escape_markdown(hit.status)}" if hit.status else ""
            flag = "" if hit.is_current else " :red-badge[no longer current]"
            similarity = f"similarity {hit.similarity:.2f} · " if hit.similarity is not None else ""
            st.markdown(
                f"**{escape_markdown(hit.decision_id)}** {escape_markdown(hit.title)}{status}{flag} · "
                f"{similarity}rank score {hit.score:.2f}"
            )
            section = f"{escape_markdown(hit.section)}: " if hit.section else ""
            st.markdown(f"> {section}{escape_markdown(hit.quote[:600])}")
            st.caption(escape_markdown(hit.source))


def _upload(settings: Settings) -> None:
    st.caption(
        "Markdown (MADR, Nygard or front matter), plain text, Word or PDF. Records are kept under "
        f"{escape_markdown(str(settings.home / 'records'))} so their citations can be opened later."
    )
    with st.form("kb-upload", clear_on_submit=True):
        files = st.file_uploader(
            "Decision records", type=["md", "markdown", "txt", "docx", "pdf"], accept_multiple_files=True
        )
        submitted = st.form_submit_button("Add to knowledge base", type="primary")
    if submitted:
        outcome = _ingest_uploads(settings, files or [])
        st.session_state[_LAST_INGEST] = outcome
        if outcome.added or outcome.updated:
            st.rerun()  # refresh the counts above; the outcome is shown again from session state
    result = st.session_state.get(_LAST_INGEST)
    if result is not None:
        _show_outcome(result)


def _ingest_uploads(settings: Settings, files: list) -> kb_access.IngestOutcome:
    """Save every upload first (a bad file fails alone), then ingest the saved ones in one batch."""
    outcome = kb_access.IngestOutcome()
    saved = []
    for upload in files:
        try:
            saved.append(kb_access.store_upload(settings, upload.name, upload.getvalue()))
        except GapreviewError as exc:
            outcome.failed.append((upload.name, str(exc)))
    if not files:
        outcome.failed.append(("(no file)", "choose one or more files first"))
    if saved:
        with st.spinner(f"Adding {len(saved)} file{'s' if len(saved) != 1 else ''}…"):
            try:
                done = kb_access.ingest_files(settings, saved)
            except GapreviewError as exc:
                outcome.failed += [(p.name, str(exc)) for p in saved]
                return outcome
        outcome.added, outcome.updated, outcome.unchanged = done.added, done.updated, done.unchanged
        outcome.failed += done.failed
        outcome.skipped += done.skipped
    return outcome


def _show_outcome(result: kb_access.IngestOutcome) -> None:
    parts = []
    if result.added:
        parts.append(f"added {len(result.added)} ({', '.join(escape_markdown(d) for d in result.added)})")
    if result.updated:
        parts.append(f"updated {len(result.updated)} ({', '.join(escape_markdown(d) for d in result.updated)})")
    if result.unchanged:
        parts.append(f"{result.unchanged} already up to date")
    if parts:
        st.success("Knowledge base: " + "; ".join(parts) + ".")
    for name, reason in result.skipped:
        st.info(f"Skipped {escape_markdown(name)}: {escape_markdown(reason)}")
    if result.failed:
        lines = "\n".join(f"- **{escape_markdown(n)}**: {escape_markdown(r)}" for n, r in result.failed)
        st.error(f"Not added ({len(result.failed)}):\n\n{lines}")
