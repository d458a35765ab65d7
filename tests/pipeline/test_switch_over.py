"""The switch-over said in one sentence: the new way replaces the old one on a date.

Why: the way-back check (`timeline.no_way_back`) was specific to both blind labellers on 8 of the 10
memos it was listed on, but it needed the old way's stop and the new way's start as two dated sentences.
On s60, a round written around the switch-over moment, it applied to none of 12 memos: they say "From
Monday 2 March near misses are reported through SafeSpot instead of the yellow cards" or "Vanaf 1 april
alleen nog digitale kaarten". A switch is read only when the date is the day it takes effect, never the
date of the meeting that agreed it.
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
NEAR_MISS = (
    "# Near-miss reporting\n\n"
    "From **Monday 2 March** all near misses on site get reported through SafeSpot instead of the yellow cards.\n\n"
    "Team leaders are briefed the week before.\n"
)


def kinds(text: str) -> dict[str, str]:
    proposal = parse_proposal(text)
    return {e.written: e.kind for e in timeline(proposal, extract_facts(proposal), dt.date(2026, 1, 1))}


def gaps(text: str) -> dict[str, TimelineGap]:
    proposal = parse_proposal(text)
    found = timeline(proposal, extract_facts(proposal), dt.date(2026, 1, 1))
    return {g.check: g for g in timeline_gaps(found, [s.text for s in proposal.sentences] + proposal.sections)}


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("From Monday 2 March all near misses are reported through SafeSpot instead of the yellow cards.", "2 March"),
        ("Vanaf **dinsdag 3 maart 2026** zijn de kaarten alleen nog actueel op de voertuigtablet.", "3 maart 2026"),
        ("Per 1 april werken we alleen nog in PlanVast.", "1 april"),
        ("Starting Monday 3 November, rooms are booked through Roomly instead of the paper sheets.", "3 November"),
        ("1 april, 08:00 | Alleen nog digitale kaarten in de voertuigen", "1 april"),
        ("De monteurs schrijven op papier.\n\n**Maandag 13 oktober:** vanaf dan alleen nog Klokwerk.", "13 oktober"),
        ("From 1 April bookings can only be made online.", "1 April"),
        ("From **Monday 10th March** shop orders go on the tablets, not by phone.", "10th March"),
        (
            "From **08:00 on Monday 3 November**, transport is booked on the portal instead of the phone line.",
            "3 November",
        ),
        ("Bij de club wordt nu geturfd.\n\n1 september: turflijst weg, alles via ClubTap", "1 september"),
    ],
)
def test_the_new_way_replacing_the_old_on_a_date_is_a_switch(sentence: str, date: str) -> None:
    assert kinds(f"# Plan\n\n{sentence}\n")[date] == "switch"


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("As agreed in the finance MT on 20 January, we are replacing DocuRead with Invoxa.", "20 January"),
        ("In het MT van 12 september is gekozen voor terugbellen in plaats van een keuzemenu.", "12 september"),
        ("The order on 28 April was 20 boxes instead of 2.", "28 April"),
        ("Na 1 september sturen we klanten een bericht dat facturen alleen nog van ons domein komen.", "1 september"),
        ("Start with a 3-month trial from 1 March for the warehouse vacancies only.", "1 March"),
        ("From 1 September 2026 our customers will only accept invoices sent through Peppol.", "1 September 2026"),
    ],
)
def test_the_date_a_replacement_was_agreed_or_announced_is_no_switch(sentence: str, date: str) -> None:
    assert kinds(f"# Plan\n\n{sentence}\n")[date] != "switch"


def test_one_dated_switch_asks_for_a_way_back_in_its_own_words() -> None:
    gap = gaps(NEAR_MISS)["no_way_back"]
    assert gap.open and gap.listed and len(gap.events) == 1
    assert gap.question("en").startswith("From 2 March the new way replaces the old one: if the first days go wrong")
    assert gap.question("nl").startswith("Vanaf 2 March vervangt het nieuwe het oude")
    assert "SafeSpot" not in gap.question("en")  # only the date fills the slot


def test_a_stop_and_a_switch_days_apart_are_asked_about_as_two_dates() -> None:
    text = NEAR_MISS + "\n**Fri 27 Feb:** card boxes removed from the site huts.\n"
    gap = gaps(text)["no_way_back"]
    assert gap.variant is None and [e.written for e in gap.events] == ["27 Feb", "2 March"]


@pytest.mark.parametrize(
    "answer",
    [
        "If SafeSpot is down, the site office keeps a pad of yellow cards as the fallback.",
        "De kaartenbakken blijven tot 30 juni achter de balie als naslag.",
        "Het oude systeem blijft tot de zomer alleen nog raadplegen.",
        "If SafeSpot or the network is unavailable, staff write the report on a downtime sheet.",
        "Exit criteria: if reports drop by half in week 4, I will recommend stopping.",
        "The paper cards stay in place in the site huts until the board decides.",
    ],
)
def test_a_fallback_or_the_old_way_kept_to_look_things_up_answers_the_switch(answer: str) -> None:
    gap = gaps(NEAR_MISS + f"\n{answer}\n")["no_way_back"]
    assert not gap.open and gap.covered_by == answer


@pytest.mark.parametrize(
    "said",
    [
        "We stoppen met de papieren werkbonnen.",  # the switch-over itself, not paper kept as a fallback (s61)
        "Teachers can copy a request to parallel groups.",
        "Contingency (about 20%) | £3,300",
        "Verwachting: de administratie kan terug naar 1,6 fte.",
    ],
)
def test_paper_parallel_or_contingency_in_other_senses_do_not_answer_the_switch(said: str) -> None:
    assert gaps(NEAR_MISS + f"\n{said}\n")["no_way_back"].open


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("From 07:00 on Tuesday 4 March we stop using the paper fluid balance chart.", "stop"),
        ("From Monday 1 September the general booking line closes.", "stop"),
        ("Na twee jaar voorbereiding stoppen we per dinsdag 1 april met de papieren kaarten.", "stop"),
        ("On Monday 2 June the booking line stops taking general bookings.", "stop"),
        ("Op dinsdag 4 november gaan jullie afdelingen over op het printen aan het bed.", "start"),
    ],
)
def test_the_old_way_stopping_in_everyday_words_is_a_stop(sentence: str, kind: str) -> None:
    assert kind in kinds(f"# Plan\n\n{sentence}\n").values()


def test_a_listed_switch_quotes_its_one_sentence() -> None:
    proposal = parse_proposal(NEAR_MISS)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, embedder, EMPTY)
    findings = side_findings("it", analysis.judgements, proposal, analysis.facts)
    finding = next(f for f in findings if f.origin == "timeline")
    assert finding.id == "timeline.no_way_back"
    quotes = [e.quote for e in finding.evidence]  # type: ignore[union-attr]
    assert len(quotes) == 1 and "instead of the yellow cards" in quotes[0] and quotes[0] in proposal.text
