"""The proposal's timeline: each stated date, resolved to a calendar day, and what happens on it.

Why a timeline and not only date facts: the gaps a careful reader finds in a plan are between its
dates (the old system locked on Friday and the new one live on Monday with no way back; the last
training session eleven days before the switch), and those need the dates as days and the events as
kinds. Only dates the proposal states are used, and a finding names them as the proposal wrote them.

Dates without a year are placed around one anchor, so the proposal's dates stay in their order
across a new year (`_anchor`). "week 39" is that ISO week's Monday, an approximate day. Relative
dates ("next week") are not placed on the calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agents.facts.patterns import any_of, load_patterns
from agents.lenses.library import Fact
from agents.state import Proposal
from core.data_files import Patterns

TIMELINE_FILE = Path(__file__).with_name("timeline.yaml")
EventKind = Literal["decision", "ends", "stop", "help", "deadline", "start", "switch", "other"]  # other: no known event
STARTS: tuple[EventKind, ...] = ("start", "switch")  # a switch is the new way starting and the old one stopping at once
STOPS: tuple[EventKind, ...] = ("stop", "switch")
YEARS = re.compile(r"\b(20\d\d)\b")
WEEK = re.compile(r"\b(?:week|wk)\s*(\d{1,2})\b", re.IGNORECASE)
WEEKDAY_DAY = re.compile(r"([^\W\d_]+)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th|ste|de|e)?", re.IGNORECASE)
"""A weekday and a day number with no month ("Monday 10th"): the month is the one, near the proposal's other
dates, in which that day falls on that weekday."""
HALF_YEAR = 183
CONFIRMING_WEEKDAYS = 2  # stated weekdays that must fit a year before a date's weekday may be called wrong
RUN_ON = re.compile(r"(?<=[.!?])[*_]*\s+(?=[*_]*[A-Z])")  # a sentence end the splitter missed inside markup
CLAUSE_BREAK = re.compile(
    r";|(?<=\w\w):\s|\s[-–—]\s|,\s+(?=(?:and|but|en|maar|so|dus|after which|waarna|mits|provided|if|als|zodat)\b)"
)


class SwitchSpec(BaseModel):
    """The new way replacing the old one on a date, in one sentence: what says it replaces, and what
    before the date says the date is the day it takes effect (not the day it was decided or announced)."""

    model_config = ConfigDict(extra="forbid")
    replaces: Patterns
    takes_effect: Patterns  # the words just before the date ("from", "vanaf", "per"), or nothing: the date leads
    unless: Patterns = []  # the clause says it is not the organisation's own switch


class TimelineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    kinds: dict[EventKind, Patterns]
    switch: SwitchSpec
    weekdays: dict[str, int]
    weekday_names: dict[str, list[str]]  # language -> Monday..Sunday, for naming the day a date falls on
    month_names: dict[str, list[str]]  # language -> January..December, lower case


@dataclass(frozen=True)
class Event:
    """A dated event: its kind, its day, the date as written and the sentence that states it."""

    kind: EventKind
    day: dt.date
    written: str
    sentence: int
    exact: bool  # a day the proposal names, not the Monday of a week number
    weekday: str | None = None  # the weekday written with the date ("vrijdag"), verbatim
    year_sure: bool = False  # the year is stated, mentioned in the text, or confirmed by two stated weekdays


@lru_cache(maxsize=1)
def load_timeline(path: Path = TIMELINE_FILE) -> tuple[TimelineFile, dict[EventKind, re.Pattern[str]]]:
    from core.data_files import load_yaml

    spec = load_yaml(path, TimelineFile)
    spec.weekdays = {word.lower(): number for word, number in spec.weekdays.items()}
    return spec, {kind: any_of(patterns) for kind, patterns in spec.kinds.items()}


@dataclass(frozen=True)
class Written:
    """A date as written: a full date (year stated), a month and day, or an ISO week number."""

    full: dt.date | None = None
    month_day: tuple[int, int] | None = None
    week: int | None = None
    weekday_day: tuple[int, int] | None = None  # (weekday, day of the month): "Monday 10th"

    def near(self, anchor: dt.date) -> dt.date | None:
        """The day in the year that puts it closest to `anchor` (a stated year is kept)."""
        if self.full is not None:
            return self.full
        if self.weekday_day is not None:
            return self._weekday_near(anchor, *self.weekday_day)
        days = [d for d in (self._in_year(anchor.year + shift) for shift in (-1, 0, 1)) if d is not None]
        return min(days, key=lambda d: abs((d - anchor).days)) if days else None

    @staticmethod
    def _weekday_near(anchor: dt.date, weekday: int, day: int) -> dt.date | None:
        """The date with that day number and weekday closest to `anchor`, within half a year of it."""
        months = [
            (anchor.year + (anchor.month - 1 + shift) // 12, (anchor.month - 1 + shift) % 12 + 1)
            for shift in range(-6, 7)
        ]
        days = []
        for year, month in months:
            try:
                days.append(dt.date(year, month, day))
            except ValueError:  # the 31st of a short month
                continue
        fits = [d for d in days if d.weekday() == weekday]
        return min(fits, key=lambda d: abs((d - anchor).days)) if fits else None

    def _in_year(self, year: int) -> dt.date | None:
        if self.week is not None:
            last_week = dt.date(year, 12, 28).isocalendar()[1]
            return dt.date.fromisocalendar(year, self.week, 1) if self.week <= last_week else None
        try:
            return dt.date(year, *self.month_day) if self.month_day else None
        except ValueError:  # 29 February
            return None


def timeline(proposal: Proposal, facts: list[Fact], today: dt.date | None = None) -> list[Event]:
    """The dated events of the proposal in calendar order (dates that cannot be placed are left out)."""
    spec, kinds = load_timeline()
    placed = []
    for fact in facts:
        written = _resolve(fact.value) if fact.type == "date" else None
        if written is not None:
            sentence = proposal.sentences[fact.sentence].text
            placed.append((fact, sentence, written, _weekday_before(sentence, fact.value, spec.weekdays)))
    stated = [(w, spec.weekdays[word.lower()]) for _, _, w, word in placed if word is not None]
    anchor, sure = _anchor(proposal.text, [w for _, _, w, _ in placed], stated, today or dt.date.today())
    events = []
    for fact, sentence, written, weekday in placed:
        day = written.near(anchor)
        clause = _clause(sentence, fact.value)
        kind = _kind(clause, kinds) or _kind(sentence, kinds)
        if kind in (None, "stop", "start") and (
            _switches(clause, sentence, fact.value) or _both_ways(clause, fact.value, kinds)
        ):
            kind = "switch"
        if day is not None:
            exact = written.week is None
            sure_year = sure or written.full is not None
            events.append(Event(kind or "other", day, fact.value, fact.sentence, exact, weekday, sure_year))
    return sorted(events, key=lambda e: (e.day, e.sentence))


def _kind(text: str, kinds: dict[EventKind, re.Pattern[str]]) -> EventKind | None:
    return next((k for k, pattern in kinds.items() if pattern.search(text)), None)


def _both_ways(clause: str, value: str, kinds: dict[EventKind, re.Pattern[str]]) -> bool:
    """The clause names its one date, the old way stopping and the new one starting ("Monday 10th, 06:00
    start, no more writing in the book", s62): a switch. With a second date in it, each may be one side; a
    sentence run on after bold markup ("**switch-off 30 April.** Connor, can you pull the port") is cut off."""
    said = next((part for part in RUN_ON.split(clause) if value in part), clause)
    if not (kinds["stop"].search(said) and kinds["start"].search(said)):
        return False
    return len(load_patterns().dates.findall(said)) == 1


def _switches(clause: str, sentence: str, value: str) -> bool:
    """The clause says the new way replaces the old one ("instead of the yellow cards", "alleen nog
    digitaal") and the date is when that takes effect: introduced by "from" or "vanaf", or leading its
    line ("**Maandag 13 oktober:** vanaf deze dag alleen nog uren via Klokwerk"). "As agreed in the MT on
    20 January, we are replacing ..." dates the agreement, not the switch."""
    at = sentence.find(value)
    if at < 0:
        return False
    switch = _switch_regexes()
    before = switch.lead_in.sub(" ", sentence[:at]).strip()
    said = clause if before else sentence  # a leading date heads its whole line ("1 september: alles via ClubTap")
    if not switch.replaces.search(said) or (switch.unless is not None and switch.unless.search(said)):
        return False
    return not before or switch.takes_effect.search(before) is not None


@dataclass(frozen=True)
class _SwitchRegexes:
    """`SwitchSpec` compiled once, with what may stand between "from" and the date (`lead_in`)."""

    replaces: re.Pattern[str]
    unless: re.Pattern[str] | None
    takes_effect: re.Pattern[str]  # anchored at the end of the words before the date
    lead_in: re.Pattern[str]


@lru_cache(maxsize=1)
def _switch_regexes() -> _SwitchRegexes:
    """Markup, weekday names and a clock time with its "on" ("From **08:00 on Monday 3 March**") are the lead-in
    that may stand between "from" and the date, or before a date that leads its line."""
    spec = load_timeline()[0]
    names = "|".join(sorted(spec.weekdays, key=len, reverse=True))
    clock = r"\b\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|uur|u)\b)?(?:\s+(?:on|op)\b)?"
    return _SwitchRegexes(
        replaces=any_of(spec.switch.replaces),
        unless=any_of(spec.switch.unless) if spec.switch.unless else None,
        takes_effect=re.compile(f"(?:{any_of(spec.switch.takes_effect).pattern})$", re.IGNORECASE),
        lead_in=re.compile(rf"\*\*|__|[*_|#>]|{clock}|\b(?:{names})\b,?", re.IGNORECASE),
    )


def _resolve(value: str) -> Written | None:
    """The written date, or None when it is relative ("next week") or unreadable."""
    week = WEEK.fullmatch(value.strip())
    if week:
        number = int(week.group(1))
        return Written(week=number) if 1 <= number <= 53 else None
    if not re.search(r"\d", value):
        return None
    named = WEEKDAY_DAY.fullmatch(value.strip())
    weekdays = load_timeline()[0].weekdays
    if named and named.group(1).lower() in weekdays:
        return Written(weekday_day=(weekdays[named.group(1).lower()], int(named.group(2))))
    import dateparser  # lazy: its language data loads in ~0.1 s, needed only for proposals with dates

    parsed = dateparser.parse(
        value,
        languages=["en", "nl"],
        settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
    )
    if parsed is None:
        return None
    return Written(full=parsed.date()) if YEARS.search(value) else Written(month_day=(parsed.month, parsed.day))


def _anchor(
    text: str, written: list[Written], weekdays: list[tuple[Written, int]], today: dt.date
) -> tuple[dt.date, bool]:
    """The middle of the proposal's calendar: dates without a year take the year that puts them
    within half a year of it, so "19 December" before "12 January" stays in the same winter.

    Tried as anchors: the first of every month from three years back to next year. The best one makes
    the most stated weekdays right, holds the most dates that state their year, lies in the year the
    text mentions most, sits among the dates rather than at the edge of their window, and is nearest
    today. It is sure when a date with a year falls within half a year of it, or at least two stated
    weekdays confirm it."""
    mentioned = Counter(int(y) for y in YEARS.findall(text))
    full = [w.full for w in written if w.full is not None]

    def score(anchor: dt.date) -> tuple[int, int, int, int]:
        placed = [(w.near(anchor), weekday) for w, weekday in weekdays if w.month_day]
        fits = sum(1 for d, weekday in placed if d is not None and d.weekday() == weekday)
        held = sum(1 for d in full if abs((d - anchor).days) <= HALF_YEAR)
        days = [d for d in (w.near(anchor) for w in written) if d is not None]
        spread = sum(abs((d - anchor).days) for d in days)  # the anchor sits among the dates, not at an edge
        return fits, held, mentioned[anchor.year], -spread

    anchors = [dt.date(y, m, 1) for y in range(today.year - 3, today.year + 2) for m in range(1, 13)]
    best = max(anchors, key=lambda a: (*score(a), -abs((a - today).days)))
    fits, held, _, _ = score(best)
    return best, held > 0 or fits >= CONFIRMING_WEEKDAYS


def _weekday_before(sentence: str, value: str, weekdays: dict[str, int]) -> str | None:
    """The weekday written just before the date ("Friday 28 March", "op vrijdag 3 oktober"), verbatim."""
    at = sentence.find(value)
    before = sentence[max(0, at - 14) : at] if at >= 0 else ""
    words = re.findall(r"[^\W\d_]+", before)
    return words[-1] if words and words[-1].lower() in weekdays else None


def _clause(sentence: str, value: str) -> str:
    """The clause around the date: 'Navision closes on Friday 3 October; from then on orders are
    entered in Business Central' reads as a stop for the date in its first clause."""
    at = sentence.find(value)
    if at < 0:
        return sentence
    starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence) if m.end() <= at]
    ends = [m.start() for m in CLAUSE_BREAK.finditer(sentence) if m.start() >= at + len(value)]
    return sentence[max(starts) : min(ends, default=len(sentence))]
