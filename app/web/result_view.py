"""The result of a review: stage, both perspectives, done definitions, findings, evidence, precedents.

Layout follows the order people read in a steering meeting: how hardened is this (banner), how
far are we (progress), where do IT and business talk past each other (side by side), then the
detailed findings to work through. Every string that came from the proposal or the knowledge base
goes through `safe_text` so it is shown as text.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from agents.schemas import DecisionEvidence, Finding, ProposalEvidence, ReviewReport
from app.decision_record import KIND_NAMES
from app.render import (
    KIND_HEADINGS,
    PERSPECTIVE_LABELS,
    RELATION_LABELS,
    basis,
    closeness,
    empty_findings_note,
    open_concerns,
)
from app.reviews import STATUS_LABELS, Resolution, ReviewStore, StoredReview, progress_of
from app.web import exchange_view, export_view, revision_view
from app.web.page_state import show_review
from app.web.resolve_view import (
    STATUS_ICONS,
    render_progress,
    render_resolve_controls,
    show_save_error,
)
from app.web.safe_text import escape_block, escape_markdown, highlight_block
from core.settings import Settings
from knowledge.base import is_inactive_status

SEVERITY_COLORS = {"high": "red", "medium": "orange", "low": "gray"}
_MAX_RECORD_PREVIEW_BYTES = 200_000


def render_result(settings: Settings, store: ReviewStore, review: StoredReview) -> None:
    report = review.report
    resolutions = store.get_resolutions(review.id)
    show_save_error()
    _header(review)
    _commitment_banner(report)
    revision_view.render_revision_summary(store, review)
    render_progress(progress_of(report, resolutions))
    tabs = st.tabs(
        [
            f"Findings ({len(report.findings)})",
            "IT vs business",
            f"Cross-examination ({len(report.exchanges)})",
            "Definitions of done",
            "Coverage",
            "Proposal",
            f"Precedents ({len(report.precedents)})",
            "Export & record",
            "Revise draft",
        ]
    )
    with tabs[0]:
        _findings(store, review, resolutions)
        exchange_view.render_appendix(report.appendix)
    with tabs[1]:
        _perspectives(report, resolutions)
    with tabs[2]:
        exchange_view.render_exchanges(report)
    with tabs[3]:
        _done_definitions(report)
    with tabs[4]:
        exchange_view.render_coverage(report)
    with tabs[5]:
        _proposal(review)
    with tabs[6]:
        _precedents(report)
    with tabs[7]:
        export_view.render_exports(settings, store, review)
    with tabs[8]:
        revision_view.render_revise_form(settings, store, review)


def _header(review: StoredReview) -> None:
    meta = review.report.meta
    title_col, action_col = st.columns([6, 1], vertical_alignment="center")
    title_col.header(escape_markdown(review.title), anchor=False)
    action_col.button(
        "New review",
        icon=":material/add:",
        key="new-review",
        on_click=show_review,
        args=(None,),
        width="stretch",
    )
    model = "builtin lens engine" if meta.mode == "builtin" else f"model {meta.model}"
    bits = [f"Reviewed {review.created_at[:16].replace('T', ' ')} UTC", model, f"{meta.duration_s:.1f}s"]
    st.caption(" · ".join(escape_markdown(b) for b in bits))
    for warning in meta.warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")


def _commitment_banner(report: ReviewReport) -> None:
    """One compact banner: the stage sets the urgency of everything below it."""
    commitment = report.commitment
    signals = "; ".join(f"“{escape_markdown(s)}”" for s in commitment.signals)
    if commitment.stage == "committed":
        body = "**Committed: alignment is now corrective.** Resolve these before more is promised."
        st.warning(body + (f"  \nThe proposal says: {signals}" if signals else ""), icon=":material/lock:")
    else:
        body = "**Exploring: there is still room to choose.** Resolve these before the decision hardens."
        st.info(body + (f"  \nEarly commitment signals: {signals}" if signals else ""), icon=":material/explore:")


def _finding_label(finding: Finding, resolution: Resolution | None) -> str:
    status = resolution.status if resolution else "open"
    who = PERSPECTIVE_LABELS[finding.perspective]
    color = SEVERITY_COLORS[finding.severity]
    return (
        f"{STATUS_ICONS[status]} :{color}[**{finding.severity.upper()}**] · {who} · "
        f"{escape_markdown(finding.title)} · *{STATUS_LABELS[status]}*"
    )


def _findings(store: ReviewStore, review: StoredReview, resolutions: dict[str, Resolution]) -> None:
    findings = review.report.findings
    if not findings:
        (st.info if open_concerns(review.report) else st.success)(empty_findings_note(review.report))
        return
    for kind, heading in KIND_HEADINGS.items():
        group = [f for f in findings if f.kind == kind]
        if not group:
            continue
        st.subheader(f"{heading} ({len(group)})", anchor=False)
        for finding in group:
            res = resolutions.get(finding.id)
            # A key keeps the expander open while its label changes (status is part of the label).
            with st.expander(_finding_label(finding, res), key=f"exp:{review.id}:{finding.id}"):
                if rests_on := basis(finding):
                    st.caption(escape_markdown(rests_on.capitalize()))
                st.markdown(escape_block(finding.detail))
                if finding.reason:
                    st.caption(f"Why it matters: {escape_markdown(finding.reason)}")
                _evidence(finding)
                render_resolve_controls(store, review.id, finding, res)


def _evidence(finding: Finding) -> None:
    lines = []
    for ev in finding.evidence:
        if isinstance(ev, ProposalEvidence):
            lines.append(f"> “{escape_markdown(ev.quote)}”  \n> — *the proposal*")
        elif isinstance(ev, DecisionEvidence):
            status = f" ({escape_markdown(ev.status)})" if ev.status else ""
            lines.append(
                f"> “{escape_markdown(ev.quote)}”  \n> — *past decision {escape_markdown(ev.decision_id)}: "
                f"{escape_markdown(ev.title)}{status}*"
            )
    st.markdown("\n\n".join(lines))


def _perspectives(report: ReviewReport, resolutions: dict[str, Resolution]) -> None:
    st.caption("What each side would ask, and what it depends on. Findings both sides share appear in both.")
    it_col, biz_col = st.columns(2, gap="large")
    for col, side, heading in (
        (it_col, "it", ":material/dns: IT perspective"),
        (biz_col, "business", ":material/storefront: Business perspective"),
    ):
        with col:
            st.subheader(heading, anchor=False)
            mine = [f for f in report.findings if f.perspective in (side, "both")]
            if not mine:
                st.caption("Nothing raised from this side.")
            for finding in mine:
                res = resolutions.get(finding.id)
                status = res.status if res else "open"
                kind = KIND_NAMES[finding.kind]
                with st.container(border=True):
                    st.markdown(
                        f"{STATUS_ICONS[status]} :{SEVERITY_COLORS[finding.severity]}"
                        f"[**{finding.severity}**] **{escape_markdown(finding.title)}**  \n"
                        f":gray[{kind}]"
                    )


def _done_definitions(report: ReviewReport) -> None:
    done = report.done_definitions
    divergences = [f for f in report.findings if f.kind == "done_divergence"]
    divergences += [f for f in report.appendix if f.origin == "done"]
    quoted = [ev.quote for f in divergences for ev in f.evidence if isinstance(ev, ProposalEvidence)]
    if not (done.proposal or done.it or done.business):
        st.info("The proposal states no success or done criteria, so each side will assume its own.")
    columns = st.columns(3, gap="medium")
    titles = (
        ":material/description: The proposal says",
        ":material/dns: IT counts as done",
        ":material/storefront: Business counts as done",
    )
    for col, title, items in zip(columns, titles, (done.proposal, done.it, done.business), strict=True):
        with col:
            st.subheader(title, anchor=False)
            if not items:
                st.caption("nothing stated")
            for item in items:
                marked = any(q in item or item in q for q in quoted)
                text = escape_markdown(item)
                st.markdown(f"- :yellow-background[{text}]" if marked else f"- {text}")
    if divergences:
        st.subheader("Where they diverge", anchor=False)
        for finding in divergences:
            st.warning(
                f"**{escape_markdown(finding.title)}**\n\n{escape_block(finding.detail)}",
                icon=":material/compare_arrows:",
            )


def _proposal(review: StoredReview) -> None:
    quotes = [ev.quote for f in review.report.findings for ev in f.evidence if isinstance(ev, ProposalEvidence)]
    st.caption("The proposal as reviewed. :yellow-background[Highlighted] passages are quoted as evidence.")
    long_text = review.proposal.count("\n") > 30 or len(review.proposal) > 4000
    with st.container(border=True, height=560 if long_text else "content"):
        st.markdown(highlight_block(review.proposal, quotes))


def _precedents(report: ReviewReport) -> None:
    if not report.precedents:
        st.info("No similar past decisions were found in the knowledge base.")
        return
    for p in report.precedents:
        with st.container(border=True):
            status = f" · {escape_markdown(p.status)}" if p.status else ""
            inactive = is_inactive_status(p.status)
            flag = " :red-badge[no longer current]" if inactive else ""
            relation = f" · :violet-badge[{RELATION_LABELS[p.relation]}]" if p.relation else ""
            current = f" · now in force: **{escape_markdown(p.current_id)}**" if p.current_id else ""
            st.markdown(
                f"**{escape_markdown(p.decision_id)}** {escape_markdown(p.title)}{status}{flag}{relation}{current} · "
                f"{closeness(p)}"
            )
            if p.quote:
                quote = p.quote if len(p.quote) <= 320 else p.quote[:320].rsplit(" ", 1)[0] + " …"
                st.markdown(f"> {escape_markdown(quote)}")
            record = _read_record(p.source)
            if record is None:
                st.caption(f"Source: {escape_markdown(p.source)} (file not available here)")
            else:
                with st.expander("Open the decision record"):
                    st.code(record, language="markdown", wrap_lines=True)


def _read_record(source: str) -> str | None:
    """The text of a cited record if it is a readable local Markdown/text file; else None."""
    path = Path(source)
    try:
        if path.suffix.lower() not in (".md", ".markdown", ".txt") or not path.is_file():
            return None
        if path.stat().st_size > _MAX_RECORD_PREVIEW_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
