"""Gaps between a proposal's own dates: the timeline it states and the checks on it.

Dates are read as the proposal wrote them (English and Dutch, with or without a year, week numbers);
the events are typed from the clause around the date; a check fires only on two stated events and is
answered by anything the proposal says that closes it. The embedder does not matter here (no
meaning match), so the fast HashEmbedder is used for the end-to-end part.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fakes import HashEmbedder

from agents.facts import extract_facts
from agents.facts.timeline import timeline
from agents.judge.analysis import analyse_proposal
from agents.judge.findings import side_findings
from agents.judge.timeline_checks import TimelineGap, timeline_gaps
from agents.lenses.library import Library
from agents.nodes.read import parse_proposal

EMPTY = Library.model_construct(version=1, archetypes=[])

ERP_NL = (
    "# Overstap naar Business Central\n\n"
    "Navision gaat op vrijdag 3 oktober om 16:00 op slot; vanaf dat moment worden er geen orders meer "
    "ingevoerd in het oude systeem.\n\n"
    "Maandag 6 oktober werken alle drie de vestigingen in Business Central.\n\n"
    "Voor de overige gebruikers geeft de leverancier in week 39 vier sessies van een halve dag.\n"
)
MFA_EN = (
    "# Authenticator app mandatory\n\n"
    "From Monday 7 April you can only sign in to e-mail and the care record with the authenticator app.\n\n"
    "On Tuesday 25 and Thursday 27 March an IT colleague sits in the staff room to help you install it.\n"
)
REPORTS_EN = (
    "# Switching off the report server\n\n"
    "Reports that nobody claims by 21 June will not be migrated.\n\n"
    "The old report server is switched off on Friday 28 June.\n"
)


def events(text: str) -> list[tuple[str, dt.date, str]]:
    proposal = parse_proposal(text)
    return [(e.kind, e.day, e.written) for e in timeline(proposal, extract_facts(proposal), dt.date(2026, 1, 1))]


def gaps(text: str) -> list[TimelineGap]:
    proposal = parse_proposal(text)
    found = timeline(proposal, extract_facts(proposal), dt.date(2026, 1, 1))
    return timeline_gaps(found, [s.text for s in proposal.sentences] + proposal.sections)


def test_dutch_dates_take_the_year_their_weekdays_name_and_the_clause_gives_the_event() -> None:
    found = events(ERP_NL)
    # 3 October is a Friday and 6 October a Monday in 2025, not in 2026: one year for all dates
    assert ("stop", dt.date(2025, 10, 3), "3 oktober") in found
    assert ("start", dt.date(2025, 10, 6), "6 oktober") in found
    assert ("help", dt.date.fromisocalendar(2025, 39, 1), "week 39") in found


def test_a_stated_year_is_kept_and_relative_dates_are_not_placed() -> None:
    text = "# Plan\n\nWindows 10 support ends on 14 October 2025.\n\nWe start next week with the pilot.\n"
    assert events(text) == [("ends", dt.date(2025, 10, 14), "14 October 2025")]


def test_old_way_closed_three_days_before_the_new_one_asks_for_a_way_back() -> None:
    found = {g.check: g for g in gaps(ERP_NL)}
    gap = found["no_way_back"]
    assert gap.open
    question = gap.question("nl")
    assert "3 oktober" in question and "6 oktober" in question
    assert "Navision" not in question  # only dates fill the slots, never a name


def test_a_named_fallback_answers_the_way_back() -> None:
    text = ERP_NL + "\nAls de controle op zaterdag faalt, is er een terugvaloptie: Navision gaat maandag weer open.\n"
    found = {g.check: g for g in gaps(text)}
    assert not found["no_way_back"].open
    assert "terugvaloptie" in (found["no_way_back"].covered_by or "")


def test_a_section_on_what_happens_if_it_goes_wrong_answers_the_way_back_and_a_question_does_not() -> None:
    """s45: a memo with "## Als het tegenvalt" (reprints until year-end, a nightly PDF folder) was asked for a way
    back; asking whether there is a fallback raises the gap, it does not close it."""
    section = ERP_NL + "\n## Als het tegenvalt\n\nWim belt dan meteen de leverancier en de vestigingsleiders.\n"
    found = {g.check: g for g in gaps(section)}
    assert not found["no_way_back"].open and found["no_way_back"].covered_by == "Als het tegenvalt"
    outage = (
        ERP_NL
        + "\nBij een storing van Business Central printen de vestigingen de orderbonnen uit de nachtelijke export.\n"
    )
    assert not {g.check: g for g in gaps(outage)}["no_way_back"].open
    for question in ("Is er een terugvaloptie als de controle op zaterdag faalt?", "Wat doen we als het misgaat?"):
        found = {g.check: g for g in gaps(ERP_NL + f"\n{question}\n")}
        assert found["no_way_back"].open, question


def test_a_downtime_procedure_answers_the_way_back_and_downtime_itself_does_not() -> None:
    """s59: a milk-scanning briefing quoted "except under the downtime procedure below" and was asked for a way back;
    both labellers called it wrong. Planned downtime for the move is no way back."""
    for sentence in (
        "Handwritten labels will no longer be accepted, except under the downtime procedure below.",
        "Bij uitval van Business Central geldt de storingsprocedure met papieren orderbonnen.",
    ):
        assert not {g.check: g for g in gaps(ERP_NL + f"\n{sentence}\n")}["no_way_back"].open, sentence
    planned = ERP_NL + "\nThe move needs four hours of downtime on Saturday.\n"
    assert {g.check: g for g in gaps(planned)}["no_way_back"].open


def test_help_that_ends_well_before_the_change_is_checked_but_only_reported_in_the_coverage_map() -> None:
    found = {g.check: g for g in gaps(MFA_EN)}
    gap = found["help_ends_early"]
    assert gap.open and not gap.listed  # help moments are said in too many ways to list as a finding
    assert gap.question("en").startswith("The last help moment (27 March) is 11 days before the change on 7 April")


def test_hypercare_under_a_heading_answers_help_on_the_day() -> None:
    text = MFA_EN + "\n## Hypercare\n\nA consultant is on site two days a week until the end of April.\n"
    found = {g.check: g for g in gaps(text)}
    assert not found["help_ends_early"].open


def test_help_after_the_change_is_not_a_gap() -> None:
    text = MFA_EN.replace("Tuesday 25 and Thursday 27 March", "Tuesday 8 and Thursday 10 April")
    assert "help_ends_early" not in {g.check for g in gaps(text)}


def test_a_deadline_one_week_before_the_switch_off_asks_about_the_late_ones() -> None:
    found = {g.check: g for g in gaps(REPORTS_EN)}
    assert found["deadline_before_stop"].open and found["deadline_before_stop"].listed
    assert "lie 7 days" in found["deadline_before_stop"].question("en")
    assert "zitten 7 dagen" in found["deadline_before_stop"].question("nl")
    kept = REPORTS_EN + "\nI keep an export of every report definition on the archive share for six months.\n"
    assert not {g.check: g for g in gaps(kept)}["deadline_before_stop"].open


@pytest.mark.parametrize(
    ("schedule", "asked"),
    [
        ("The go-live is on Monday 12 October.", True),  # 19 days before the support ends
        ("The go-live is on Monday 31 August.", False),  # two months of margin
        ("The go-live is on Monday 2 November.", False),  # after the end: not a margin question
    ],
)
def test_a_change_just_before_a_fixed_end_asks_what_happens_if_it_slips(schedule: str, asked: bool) -> None:
    text = f"# Move to the cloud\n\nThe hardware support contract ends on 31 October 2026.\n\n{schedule}\n"
    assert ("thin_margin_to_end" in {g.check for g in gaps(text) if g.open}) is asked


def test_the_old_way_switched_off_on_the_day_its_licence_ends_is_no_thin_margin() -> None:
    """s29: an archive migrated by 29 May and shut down on 30 June, the day its licence runs out, was asked
    what happens if "the change on 30 June" slips; s6 and s11 alike, wrong to both labellers each time."""
    base = "# FileNet\n\nThe IBM licence was not renewed and runs out on 30 June 2026.\n\n"
    on_the_day = base + "On Tuesday 30 June the FileNet servers shut down.\n"
    assert "thin_margin_to_end" not in {g.check for g in gaps(on_the_day)}
    days_before = base + "On Monday 22 June the FileNet servers shut down.\n"
    assert "thin_margin_to_end" in {g.check for g in gaps(days_before) if g.open}


def test_a_margin_the_proposal_rules_out_is_not_an_answer() -> None:
    text = (
        "# Move to the cloud\n\nThe hardware support contract ends on 31 October 2026.\n\n"
        "The go-live is on Monday 12 October.\n\nThe contract cannot be extended month-to-month.\n"
    )
    assert {g.check: g for g in gaps(text)}["thin_margin_to_end"].open
    agreed = text.replace("cannot be extended month-to-month", "can be extended month-to-month if needed")
    assert not {g.check: g for g in gaps(agreed)}["thin_margin_to_end"].open


def test_a_date_the_plan_avoids_is_no_event_of_the_plan() -> None:
    """s30: "we have avoided the summer sale launch on 26 June" was read as the change, 4 days before the end."""
    text = (
        "# Signage\n\nYour support contract ends on 30 June 2026.\n\n"
        "The last stores switch between 8 and 19 June. We have avoided the summer sale launch on 26 June.\n"
    )
    proposal = parse_proposal(text)
    kinds = {e.written: e.kind for e in timeline(proposal, extract_facts(proposal), dt.date(2026, 1, 10))}
    assert kinds["26 June"] == "other" and kinds["30 June 2026"] == "ends"
    assert "thin_margin_to_end" not in {g.check for g in gaps(text)}
    launched = text.replace("We have avoided the summer sale launch on 26 June.", "The new screens go live on 26 June.")
    assert "thin_margin_to_end" in {g.check for g in gaps(launched) if g.open}


def test_dates_across_new_year_stay_in_one_winter() -> None:
    text = (
        "# Finance system\n\nTraining is on Friday 19 December.\n\n"
        "We go live on Monday 12 January.\n\nThe MT decided on 20 November.\n"
    )
    days = {written: day for _, day, written in events(text)}
    assert days["19 December"] == dt.date(2025, 12, 19)
    assert days["12 January"] == dt.date(2026, 1, 12)
    assert days["20 November"] == dt.date(2025, 11, 20)
    assert "wrong_weekday" not in {g.check for g in gaps(text)}


def test_a_weekday_that_does_not_match_its_date_is_asked_about_when_the_year_is_sure() -> None:
    text = "# E-mail migration\n\nThe migration weekend starts on Monday 21 October 2025.\n"
    gap = {g.check: g for g in gaps(text)}["wrong_weekday"]
    assert gap.question("en").startswith("The proposal says Monday 21 October 2025, but in 2025 that date is a Tuesday")
    assert "dinsdag" in gap.question("nl")
    unsure = "# E-mail migration\n\nThe migration weekend starts on Monday 21 October.\n"
    assert "wrong_weekday" not in {g.check for g in gaps(unsure)}  # one weekday alone sets the year


def test_a_go_live_on_a_public_holiday_is_asked_about_unless_the_proposal_names_it() -> None:
    text = "# Payroll\n\nWe go live with the new payroll provider on 1 January 2026.\n"
    gap = {g.check: g for g in gaps(text)}["on_public_holiday"]
    assert gap.open and "New Year's Day" in gap.question("en") and "Nieuwjaarsdag" in gap.question("nl")
    named = text + "\nNew Year's Day is a holiday, so the payroll team starts on the 2nd.\n"
    assert not {g.check: g for g in gaps(named)}["on_public_holiday"].open


def test_at_most_two_date_gaps_are_listed_the_rest_stay_in_the_coverage_map() -> None:
    text = ERP_NL + "\nVul je uren in vóór 2 oktober; daarna gaat de urenmodule op slot op 3 oktober.\n"
    text += "\nDe support van Navision loopt af op 10 oktober 2025.\n"
    found = gaps(text)
    assert {g.check for g in found if g.open} >= {"no_way_back", "thin_margin_to_end", "deadline_before_stop"}
    assert [g.check for g in found if g.listed] == ["no_way_back", "thin_margin_to_end"]


def test_a_proposal_without_dates_has_no_timeline_gaps() -> None:
    assert gaps("# Idea\n\nWe could try a new planning tool with the night shift.\n") == []


def test_open_gaps_become_findings_that_quote_both_dates_and_rank_first() -> None:
    proposal = parse_proposal(ERP_NL)
    embedder = HashEmbedder()
    analysis = analyse_proposal(
        proposal, embedder.embed_passages([s.text for s in proposal.sentences]), embedder, EMPTY
    )
    findings = side_findings("it", analysis.judgements, proposal, analysis.facts)
    way_back = next(f for f in findings if f.id == "timeline.no_way_back")
    assert findings[0] is way_back and way_back.origin == "timeline"
    quotes = [e.quote for e in way_back.evidence]  # type: ignore[union-attr]
    assert len(quotes) == 2 and all(q in proposal.text for q in quotes)
    covered = {c.concern: c for c in analysis.coverage}
    assert covered["timeline.no_way_back"].status == "open"
    assert covered["timeline.no_way_back"].title == "De data in het voorstel: no way back"


@pytest.mark.parametrize(
    ("go_live", "close"),
    [
        ("Monday 6 October 2025", "quarter-end close"),
        ("Friday 2 January 2026", "year-end close"),
        ("Monday 20 October 2025", None),
    ],
)
def test_a_change_in_a_quarter_or_year_close_is_asked_about_when_the_books_are_touched(
    go_live: str, close: str | None
) -> None:
    text = f"# New invoicing tool\n\nFinance moves its invoicing to the new tool; it goes live on {go_live}.\n"
    found = {g.check: g for g in gaps(text)}
    if close is None:
        assert "in_period_close" not in found
    else:
        assert found["in_period_close"].open and close in found["in_period_close"].question("en")


def test_a_close_does_not_matter_to_a_proposal_that_does_not_touch_the_books() -> None:
    text = "# Wi-Fi\n\nThe new wireless network goes live on Monday 6 October 2025 in all buildings.\n"
    assert "in_period_close" not in {g.check for g in gaps(text)}


def test_a_date_chosen_on_purpose_answers_the_close() -> None:
    text = (
        "# New invoicing tool\n\nFinance moves its invoicing to the new tool; "
        "it goes live on Monday 6 October 2025.\n\n"
        "We chose this date on purpose: the September close is done by then.\n"
    )
    assert not {g.check: g for g in gaps(text)}["in_period_close"].open
