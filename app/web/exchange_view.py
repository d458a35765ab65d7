"""What the page shows beyond the reading list: the cross-examination, the coverage map, the appendix.

Why a module of its own: these are the parts of a report that say what was checked and where the
two sides still disagree, not gaps to resolve one by one, and the result page is long enough.
Every string from the proposal or a model goes through `safe_text`.
"""

from __future__ import annotations

import streamlit as st

from agents.schemas import CoverageItem, Exchange, Finding, ReviewReport
from app.render import EXCHANGE_HEADINGS, EXCHANGE_STATUS_LABELS, PERSPECTIVE_LABELS, SIDE_NAMES, held_back_note
from app.web.safe_text import escape_block, escape_markdown

STATUS_BADGES = {
    "answered_by_proposal": ":green-badge[answered by the proposal]",
    "answerable_now": ":blue-badge[answerable now]",
    "open": ":orange-badge[open]",
    "contested": ":red-badge[contested]",
}


def _one_line(text: str) -> str:
    return escape_markdown(" ".join(text.split()))


def render_exchanges(report: ReviewReport) -> None:
    """IT asks, the business answers (or cannot); then the other way round; then what stays open."""
    if not report.exchanges:
        st.info("No questions were put to the other side in this review.")
        return
    st.caption(
        "Each side's top questions, put to the other side before the decision hardens. "
        "Answers marked *simulated* are the reviewer's view of that side, not a statement by it."
    )
    it_col, biz_col = st.columns(2, gap="large")
    for col, side in ((it_col, "it"), (biz_col, "business")):
        with col:
            st.subheader(EXCHANGE_HEADINGS[side], anchor=False)
            mine = [x for x in report.exchanges if x.asked_by == side]
            if not mine:
                st.caption("No questions from this side.")
            for exchange in mine:
                _exchange_card(exchange)
    divergent = [x for x in report.exchanges if x.status in ("open", "contested")]
    if divergent:
        st.subheader(f"Still open between IT and the business ({len(divergent)})", anchor=False)
        for exchange in divergent:
            with st.container(border=True):
                st.markdown(f"{STATUS_BADGES[exchange.status]} **{_one_line(exchange.question)}**")
                left, right = st.columns(2)
                left.markdown(f"**IT:** {_one_line(exchange.positions.get('it', '—'))}")
                right.markdown(f"**Business:** {_one_line(exchange.positions.get('business', '—'))}")


def _exchange_card(exchange: Exchange) -> None:
    answerer = SIDE_NAMES["business" if exchange.asked_by == "it" else "it"]
    with st.container(border=True):
        st.markdown(f"{STATUS_BADGES[exchange.status]} **{_one_line(exchange.question)}**")
        if exchange.status == "answered_by_proposal" and exchange.quote:
            st.markdown(f"> “{_one_line(exchange.quote)}”  \n> — *the proposal*")
        elif exchange.status == "answerable_now" and exchange.answer:
            simulated = " (simulated)" if exchange.simulated else ""
            st.markdown(f"*{answerer.capitalize()}{simulated}:* {_one_line(exchange.answer)}")
        else:
            st.caption(f"{EXCHANGE_STATUS_LABELS[exchange.status].capitalize()}: both positions below.")


def render_coverage(report: ReviewReport) -> None:
    """What was checked: open concerns, covered ones with their quote, a count of the rest."""
    if not report.coverage:
        st.info("This review recorded no coverage map.")
        return
    groups: dict[str, list[CoverageItem]] = {"open": [], "covered": [], "not_applicable": []}
    for item in report.coverage:
        groups[item.status].append(item)
    st.caption(
        f"What was checked: {len(groups['open'])} open, {len(groups['covered'])} covered by the proposal, "
        f"{len(groups['not_applicable'])} not applicable."
    )
    with st.expander(f"Open concerns ({len(groups['open'])})"):
        for item in groups["open"]:
            st.markdown(f"- {_one_line(item.title)} · {PERSPECTIVE_LABELS[item.perspective]}{held_back_note(item)}")
    with st.expander(f"Covered by the proposal ({len(groups['covered'])})"):
        for item in groups["covered"]:
            quote = f"  \n  > “{_one_line(item.quote)}”" if item.quote else ""
            st.markdown(f"- {_one_line(item.title)} · {PERSPECTIVE_LABELS[item.perspective]}{quote}")
    st.caption(f"Not applicable to this proposal: {len(groups['not_applicable'])} concerns.")


def render_appendix(appendix: list[Finding]) -> None:
    """Findings ranked below the reading cap: collapsed, never lost."""
    if not appendix:
        return
    with st.expander(f"Appendix: {len(appendix)} more findings, ranked lower"):
        for finding in appendix:
            who = PERSPECTIVE_LABELS[finding.perspective]
            st.markdown(f"- **[{finding.severity}]** {escape_markdown(finding.title)} · {who}")
            if finding.reason:
                st.caption(escape_block(finding.reason))
