"""Gaps that hang on one person the proposal itself names: away when its dates fall, leaving before its
change, or holding what the plan runs on in their own account.

The person is never put into a slot: the finding quotes the sentence that says who, and names only the
dates as written. A group on leave, a condition ("if you are on holiday"), a place ("a planner from
Zuid") and a date about something else in the sentence are no absence. The embedder does not matter
(no meaning match decides these), so the fast HashEmbedder runs the end-to-end part.
"""

from __future__ import annotations

import datetime as dt

from fakes import builtin_findings

from agents.facts import extract_facts
from agents.facts.absences import absences
from agents.facts.timeline import timeline
from agents.judge.absence_checks import absence_gaps
from agents.nodes.read import parse_proposal

TODAY = dt.date(2026, 1, 1)

MACRO_EN = (
    "# Shift bonus sheet\n\n"
    "From 1 July 2026 please use the new sheet and stop filling in the old forms.\n\n"
    "I'm on holiday 7–25 July, but honestly it's really simple, you'll be fine.\n"
)
PAYROLL_NL = (
    "# Toeslagen via de macro\n\n"
    "Het bestand gaat mee met de salarisrun van 22 december 2025.\n\n"
    "Ik ben trouwens van 20 december t/m 9 januari op vakantie, dus als er iets is moeten we even kijken.\n"
)
RETIRES_EN = (
    "# Moving the animal records\n\n"
    "KeeperBase has one person who understands it (Graham Lowe, retiring in September 2026).\n\n"
    "The new system goes live on Monday 5 October 2026.\n"
)


def read(text: str) -> tuple[object, list]:
    proposal = parse_proposal(text)
    events = timeline(proposal, extract_facts(proposal), TODAY)
    return proposal, events


def test_an_absence_is_read_with_its_days_in_english_and_dutch() -> None:
    proposal, events = read(MACRO_EN)
    (away,) = absences(proposal, events)  # type: ignore[arg-type]
    assert (away.kind, away.first, away.last) == ("away", dt.date(2026, 7, 7), dt.date(2026, 7, 25))
    proposal, events = read(PAYROLL_NL)
    (away,) = absences(proposal, events)  # type: ignore[arg-type]
    assert (away.first, away.last) == (dt.date(2025, 12, 20), dt.date(2026, 1, 9))
    proposal, events = read(RETIRES_EN)
    (leaving,) = absences(proposal, events)  # type: ignore[arg-type]
    assert (leaving.kind, leaving.first) == ("leaves", dt.date(2026, 9, 1))


def test_groups_conditions_places_and_other_dates_are_no_absence() -> None:
    for text in (
        "# Training\n\nThe rest are on leave and are booked for 1–3 September 2026.\n",
        "# Rota\n\nIf you are on holiday on 3 March 2026, let us know before the Friday.\n",
        "# Planning\n\nEén planner uit Zuid gaat met pensioen en het contract in Noord loopt op 31 maart 2027 af.\n",
        "# Go-live\n\nAnna is on leave until further notice; the portal goes live on 3 March 2026.\n",
    ):
        proposal, events = read(text)
        assert absences(proposal, events) == [], text  # type: ignore[arg-type]


def test_away_around_the_change_is_asked_quoting_the_absence_and_naming_only_the_date() -> None:
    proposal, events = read(MACRO_EN)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    (gap,) = absence_gaps(absences(proposal, events), events, proposal, texts)  # type: ignore[arg-type]
    assert gap.check == "away_at_change" and gap.open
    question = gap.question("en")
    assert "“I'm on holiday 7–25 July”" in question and "1 July 2026" in question
    proposal, events = read(PAYROLL_NL)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    (gap,) = absence_gaps(absences(proposal, events), events, proposal, texts)  # type: ignore[arg-type]
    assert "22 december 2025" in gap.question("nl") and "zolang die persoon weg is" in gap.question("nl")


def test_an_absence_far_from_the_plans_dates_is_no_gap() -> None:
    text = MACRO_EN.replace("7–25 July", "7–25 September")
    proposal, events = read(text)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    assert absences(proposal, events)  # type: ignore[arg-type]
    assert absence_gaps(absences(proposal, events), events, proposal, texts) == []  # type: ignore[arg-type]


def test_leaving_before_the_change_is_asked_and_a_handover_answers_it() -> None:
    proposal, events = read(RETIRES_EN)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    (gap,) = absence_gaps(absences(proposal, events), events, proposal, texts)  # type: ignore[arg-type]
    assert gap.check == "leaves_before_change" and gap.open and "5 October 2026" in gap.question("en")
    handed = RETIRES_EN + "\nGraham is seconded to the project two days a week until he retires.\n"
    proposal, events = read(handed)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    (gap,) = absence_gaps(absences(proposal, events), events, proposal, texts)  # type: ignore[arg-type]
    assert not gap.open and "seconded" in (gap.covered_by or "")
    early = RETIRES_EN.replace("Monday 5 October 2026", "Monday 4 May 2026")
    proposal, events = read(early)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    assert absence_gaps(absences(proposal, events), events, proposal, texts) == []  # type: ignore[arg-type]


def test_the_absence_becomes_a_finding_that_quotes_both_sentences() -> None:
    (finding,) = [f for f in builtin_findings(MACRO_EN) if f.id == "timeline.away_at_change"]
    quotes = [e.quote for e in finding.evidence]
    assert len(quotes) == 2 and any("holiday" in q for q in quotes) and any("1 July 2026" in q for q in quotes)


def test_what_the_plan_holds_in_one_persons_account_is_challenged_with_the_quote() -> None:
    cases = {
        "The Stripe account is in my name for now until Accounts set up a proper one.": "in my name",
        "It sends from Dave's Outlook, because that's where it was set up.": "from Dave's Outlook",
        "De flow draait op mijn account en de kopieën staan in mijn OneDrive.": "op mijn account",
        "De machtiging loopt op naam van Monique.": "op naam van Monique",
    }
    for sentence, words in cases.items():
        held = [f for f in builtin_findings(f"# Plan\n\n{sentence}\n") if f.id == "assumption.held_personally"]
        assert len(held) == 1 and words in held[0].title, sentence
    for sentence in (
        "Each site manager checks out tools on his name in the app.",
        "I have tested this with my own account for three weeks.",
        "The customer opens the link on his phone.",
    ):
        assert not [f for f in builtin_findings(f"# Plan\n\n{sentence}\n") if f.id == "assumption.held_personally"]
    answered = (
        "The Stripe account is in my name for now.\n\nNext week it moves to a company account with a second admin.\n"
    )
    assert not [f for f in builtin_findings(f"# Plan\n\n{answered}") if f.id == "assumption.held_personally"]
    # the claim's own sentence names the answer it lacks; a later sentence that gives it answers (s37)
    lacking = "Het bestand staat op mijn OneDrive, niet op de teamsite.\n"
    assert [f for f in builtin_findings(f"# Plan\n\n{lacking}") if f.id == "assumption.held_personally"]
    moved = lacking + "\nIk zet het bestand morgen op de teamsite.\n"
    assert not [f for f in builtin_findings(f"# Plan\n\n{moved}") if f.id == "assumption.held_personally"]
    # a second user set up in a colleague's name on a work phone is the fix, not the dependency (s37)
    fix = "The user would be set up in Jo's name with 2FA on her work mobile.\n"
    assert not [f for f in builtin_findings(f"# Plan\n\n{fix}") if f.id == "assumption.held_personally"]


def test_absences_are_read_as_people_write_them() -> None:
    """Ordinal dates, "ik ben er ... niet" and "off from" (s37, where the first reading found none of them)."""
    for text, first, last in (
        ("# Rota\n\nGo-live is 1 November 2026.\n\nI'm on leave 10th to 21st Nov btw.\n", (11, 10), (11, 21)),
        ("# Rapport\n\nStart 1 juli 2026.\n\nIk ben er van 21 juli t/m 8 augustus niet.\n", (7, 21), (8, 8)),
        ("# Portal\n\nMark is off for his operation from Monday 4 August to Monday 18 August 2026.\n", (8, 4), (8, 18)),
    ):
        proposal, events = read(text)
        (away,) = absences(proposal, events)  # type: ignore[arg-type]
        assert ((away.first.month, away.first.day), (away.last.month, away.last.day)) == (first, last), text


def test_a_question_does_not_answer_and_a_message_stamp_is_no_step_of_the_plan() -> None:
    asked = MACRO_EN + "\nDid we sort out cover for 7-25 July at the meeting?\n"
    proposal, events = read(asked)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    (gap,) = absence_gaps(absences(proposal, events), events, proposal, texts)  # type: ignore[arg-type]
    assert gap.open
    stamped = (
        "# Weekrapport\n\n**Joost (Front Office), ma 7 juli 2026, 16:22**\n\n"
        "Ik ben er van 21 juli t/m 8 augustus niet en niemand anders weet hoe het werkt.\n"
    )
    proposal, events = read(stamped)
    texts = [s.text for s in proposal.sentences]  # type: ignore[attr-defined]
    assert absences(proposal, events)  # type: ignore[arg-type]
    assert absence_gaps(absences(proposal, events), events, proposal, texts) == []  # type: ignore[arg-type]
