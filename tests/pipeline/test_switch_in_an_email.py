"""The switch-over as e-mails and chats say it (read from s62, development).

Why: s62's retained-samples thread says "From **Monday 10th** the retained samples book is finished" and
"Monday 10th, 06:00 start, no more writing in the book": a weekday and a day number with no month, and one
clause holding both sides of the switch. Neither was read, so its way-back question never opened. Same-day
stop and start pairs now ask in the one-day wording instead of naming the same date twice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_switch_over import NEAR_MISS, gaps, kinds

from agents.facts.timeline import _resolve

THREAD = (
    "**Datum:** dinsdag 4 maart 2025\n\n"
    "Morning all. From **Monday 10th** the retained samples book is finished.\n\n"
    "Final reminder everyone: **Monday 10th, 06:00 start, no more writing in the book.**\n"
)


def test_a_weekday_and_day_number_fall_in_the_month_where_that_day_is_that_weekday() -> None:
    written = _resolve("Monday 10th")
    assert written is not None
    assert written.near(dt.date(2025, 3, 4)) == dt.date(2025, 3, 10)
    assert written.near(dt.date(2025, 9, 1)) == dt.date(2025, 11, 10)  # no Monday 10th in September or October 2025


@pytest.mark.parametrize(
    "sentence",
    [
        "Sessions run Tuesday 25, Wednesday 26 and Thursday 27 February.",  # a list: the month belongs to all
        "Het spreekuur is dinsdag 20 en donderdag 22 oktober.",
        "The call is on Monday 10:30 with the supplier.",  # a time, not a day number
    ],
)
def test_a_weekday_with_a_number_that_is_no_day_of_its_own_is_no_date(sentence: str) -> None:
    assert not [w for w in kinds(f"# Plan\n\n{sentence}\n") if w.split()[0].lower().endswith("day")]


def test_a_clause_with_both_sides_of_the_switch_on_its_one_date_is_a_switch() -> None:
    assert kinds(THREAD)["Monday 10th"] == "switch"


def test_a_decommission_run_on_after_markup_is_no_switch() -> None:
    said = "I'm calling it: **switch-off Thursday 30 April, 16:00.** Connor, can you pull the port on the switch?"
    text = f"# Plan\n\n{said}\n"
    assert kinds(text)["30 April"] == "stop"


def test_a_stop_and_a_start_on_one_day_are_asked_in_the_one_day_wording() -> None:
    text = "# Plan\n\nOn 2 March the paper cards are removed from the huts.\n\nOn 2 March SafeSpot goes live on site.\n"
    gap = gaps(text)["no_way_back"]
    assert gap.variant == "one_day" and len(gap.events) == 2
    assert gap.question("en").startswith("From 2 March the new way replaces the old one")


def test_the_email_thread_opens_the_way_back_question() -> None:
    gap = gaps(THREAD)["no_way_back"]
    assert gap.open and gap.question("en").startswith("From Monday 10th the new way replaces the old one")


def test_the_old_channel_used_again_when_the_new_one_is_down_answers_it() -> None:
    answer = "Then I'll text the owners like before."
    gap = gaps(NEAR_MISS + "\nAnd when the app's down on a raceday?\n\n" + answer + "\n")["no_way_back"]
    assert not gap.open
