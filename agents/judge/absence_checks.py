"""A person the proposal says is away, or leaving, when its own dates fall: a date gap about people.

Why next to the timeline checks: "I'm on holiday 7–25 July" is harmless in a memo with no date in
July, and a gap in one that starts the new way on 1 July. The finding rests on two things the
proposal states (`agents.facts.absences` and the timeline), quotes both, and names only the dates as
written; who is away is read from the quote, never put in a slot. It is answered when the proposal
says who covers or takes over (`answered_by` in `timeline_checks.yaml`).

Tried on the development memos (s4-s35) before any fresh round: the absences it reads are a shift
manager away for the first pay runs of his own macro, a payroll macro's builder away over the
December run, and retirements of the one person who knows a system before its cut-over.
"""

from __future__ import annotations

import datetime as dt
import re

from agents.facts.absences import Absence
from agents.facts.timeline import STARTS, STOPS, Event
from agents.judge.findings import claim_words
from agents.judge.timeline_checks import ChecksFile, TimelineGap, date_gap, load_checks
from agents.state import Proposal

LEAD = 14  # days before an absence in which a change still needs its owner (the first runs after it)
PREFERRED = ("start", "switch", "stop", "deadline", "other")  # which of the plan's dates an absence is held against
QUOTE_LIMIT = 90
TIME_AFTER = re.compile(r"\W{0,3}\d{1,2}[:.]\d{2}\b")  # "7 juli, 16:22": the date of a message
SPEAKER = re.compile(r"^\s*\**\[[^\]]{0,40}\][^:]{0,60}:\**\s*")  # "**[4-5-2026 09:22] Lisa (rooster):** "


def absence_gaps(
    absences: list[Absence], events: list[Event], proposal: Proposal, texts: list[str], checks: ChecksFile | None = None
) -> list[TimelineGap]:
    """At most one gap per check: the first absence that a date of the plan falls in or just after."""
    checks = checks or load_checks()
    statements = [t for t in texts if not t.rstrip(" *_").endswith("?")]  # "did we get to cover for 10-21 Nov?" asks
    found: dict[str, TimelineGap] = {}
    for absence in absences:
        name = "away_at_change" if absence.kind == "away" else "leaves_before_change"
        event = _plan_date(absence, events, proposal)
        if event is None or name in found:
            continue
        marker = Event("other", absence.first, absence.words, absence.sentence, True)
        # the quote in the question starts at what the person says, after a chat message's speaker label
        sentence = SPEAKER.sub("", proposal.sentences[absence.sentence].text)
        slots = {"claim": claim_words(sentence, absence.words, QUOTE_LIMIT), "date": event.written}
        words = checks.event_words.get(event.kind) or checks.event_words["other"]
        found[name] = date_gap(name, (marker, event), slots, checks, statements, {"event": words})
    return list(found.values())


def _plan_date(absence: Absence, events: list[Event], proposal: Proposal) -> Event | None:
    """The plan's date the absence meets: for someone away, one from LEAD days before they go to the day
    they are back; for someone leaving, one from LEAD days before they go, or any later one. Dates in
    the absence's own sentence are its own; a start or stop is preferred over a deadline or other date."""
    others = [e for e in events if e.sentence != absence.sentence and e.exact and not _stamp(e, proposal)]
    low = absence.first - dt.timedelta(days=LEAD)
    if absence.kind == "leaves":  # the change itself: the plan's first start or stop, in a year it is sure of
        change = next((e for e in others if e.kind in STARTS + STOPS and e.year_sure), None)
        return change if change is not None and change.day >= low else None
    hits = [e for e in others if e.kind in PREFERRED and low <= e.day <= absence.last]
    hits.sort(key=lambda e: (PREFERRED.index(e.kind), e.day))
    return hits[0] if hits else None


def _stamp(event: Event, proposal: Proposal) -> bool:
    """A date that opens its sentence ("[4-5-2026 09:22] Lisa: ...") or carries a clock time ("Joost, ma 7 juli,
    16:22") stamps a message; it is no step of the plan."""
    text = proposal.sentences[event.sentence].text
    at = text.find(event.written)
    return text.lstrip("*[ ").startswith(event.written) or bool(TIME_AFTER.match(text[at + len(event.written) :]))
