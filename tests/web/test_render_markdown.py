"""The Markdown report shows everything a report has: exchange, coverage map, appendix, relations."""

from __future__ import annotations

from typing import get_args

from web_fakes import make_report

from agents.schemas import CoverageItem, Exchange, HeldBack
from app.render import HELD_BACK, render_markdown


def test_markdown_has_the_exchange_with_both_positions_side_by_side() -> None:
    markdown = render_markdown(make_report(), "2fa")
    assert "## IT asks, the business answers" in markdown
    assert "- **Who hands out keys to staff without a phone?** (open)" in markdown
    assert "## The business asks, IT answers" in markdown
    assert (
        "- **Is the budget there?** (answered by the proposal)\n"
        '  - The proposal: "The budget of EUR 20,000 is approved"' in markdown
    )
    assert (
        "| Who hands out keys to staff without a phone? | The service desk needs a stock of keys first. "
        "| Team leads hand them out. |" in markdown
    )


def test_markdown_collapses_the_coverage_map_and_the_appendix() -> None:
    markdown = render_markdown(make_report())
    assert "<summary>What was checked: 1 open, 1 covered, 1 not applicable</summary>" in markdown
    assert '- Budget approved (Business): "The budget of EUR 20,000 is approved"' in markdown
    assert "Not applicable to this proposal: 1 concerns." in markdown
    appendix = markdown[markdown.index("## Appendix") :]
    assert "<summary>1 more findings, ranked lower</summary>" in appendix and "Who trains the night shift?" in appendix
    assert appendix.index("</details>") > appendix.index("Who trains the night shift?")


def test_markdown_names_a_precedents_relation_and_the_record_in_force() -> None:
    markdown = render_markdown(make_report())
    assert "- **0001** Use Entra ID for SSO · superseded (now in force: **0007**)" in markdown


def test_quotes_with_line_breaks_and_pipes_do_not_break_lists_or_tables() -> None:
    report = make_report().model_copy(
        update={
            "exchanges": [
                Exchange(
                    id="x-it-1",
                    asked_by="it",
                    question="Which | column?",
                    status="contested",
                    positions={"it": "line one\nline two", "business": "a | b"},
                )
            ],
            "coverage": [
                CoverageItem(
                    concern="c", title="T", perspective="it", status="covered", quote="first line\n  second line"
                )
            ],
        }
    )
    markdown = render_markdown(report)
    assert "| Which \\| column? | line one line two | a \\| b |" in markdown
    assert '- T (IT): "first line second line"' in markdown
    assert "  - IT: line one line two" in markdown


def test_markdown_shows_a_precedents_similarity_or_names_the_rank_score() -> None:
    report = make_report()
    first = report.precedents[0]
    with_cosine = report.model_copy(update={"precedents": [first.model_copy(update={"similarity": 0.884})]})
    assert ", similarity 0.88, " in render_markdown(with_cosine)
    rank_only = report.model_copy(
        update={"precedents": [first.model_copy(update={"similarity": None, "score": 0.031})]}
    )
    markdown = render_markdown(rank_only)
    assert ", rank score 0.03, " in markdown and ", score 0.03" not in markdown


def test_a_done_divergence_in_the_appendix_is_shown_beside_the_definitions_of_done() -> None:
    report = make_report()
    done = next(f for f in report.findings if f.kind == "done_divergence")
    done = done.model_copy(update={"origin": "done"})
    report = report.model_copy(
        update={"findings": [f for f in report.findings if f.kind != "done_divergence"], "appendix": [done]}
    )
    markdown = render_markdown(report)
    section = markdown.split('## What "done" means', 1)[1].split("\n## ", 1)[0]
    assert "**Where they diverge:**" in section
    assert f"- {done.title}" in section
    missing = report.model_copy(update={"done_definitions": type(report.done_definitions)()})
    assert f"- {done.title}" in render_markdown(missing).split('## What "done" means', 1)[1]


def test_an_empty_list_says_what_stays_open_instead_of_all_clear() -> None:
    report = make_report()
    still_open = report.model_copy(update={"findings": [], "appendix": []})
    markdown = render_markdown(still_open)
    assert "**No findings.** No gap was anchored strongly enough in the text to list; 1 checked concern is" in markdown
    assert "all clear" not in markdown.lower()
    answered = still_open.model_copy(update={"coverage": [c for c in report.coverage if c.status != "open"]})
    assert "**No findings.** Every concern checked is answered in the text or does not apply" in render_markdown(
        answered
    )
    assert "No findings." not in render_markdown(report)


def test_each_builtin_finding_says_what_it_rests_on() -> None:
    base = make_report().findings[0]
    dated = base.model_copy(update={"id": "timeline.no_way_back", "origin": "timeline"})
    checklist = base.model_copy(update={"id": "decommission.hidden_readers", "origin": "lens", "title": "Readers?"})
    model = base.model_copy(update={"id": "llm-1", "origin": "llm", "title": "A model's question?"})
    markdown = render_markdown(make_report([dated, checklist, model]))
    assert "· found between two dates the proposal states · `timeline.no_way_back`" in markdown
    assert (
        "· a checklist question for this kind of decision (Decommission or switch-off) · "
        "`decommission.hidden_readers`" in markdown
    )
    assert "*IT + business* · `llm-1`" in markdown  # a model's finding carries no engine basis


def test_an_open_concern_held_back_on_purpose_says_why_and_the_empty_note_counts_it() -> None:
    report = make_report()
    held = [c.model_copy(update={"held_back": "track_record"}) if c.status == "open" else c for c in report.coverage]
    empty = report.model_copy(update={"findings": [], "appendix": [], "coverage": held})
    markdown = render_markdown(empty)
    assert "- Go-live date (Business) · not listed: on other proposals blind reviewers found this check" in markdown
    assert "1 checked concern is still open in the coverage map below (1 of them a check held back on purpose" in (
        markdown
    )
    assert "held back" not in render_markdown(report)


def test_a_check_held_back_as_generic_says_reviewers_almost_never_found_it_specific() -> None:
    report = make_report()
    held = [
        c.model_copy(update={"held_back": "track_record_generic"}) if c.status == "open" else c for c in report.coverage
    ]
    markdown = render_markdown(report.model_copy(update={"findings": [], "appendix": [], "coverage": held}))
    assert "- Go-live date (Business) · not listed: on other proposals blind reviewers almost never found this" in (
        markdown
    )
    assert set(HELD_BACK) == set(get_args(HeldBack))  # every reason a concern is held back has its words
