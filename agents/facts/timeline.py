"""The proposal's timeline: each stated date, resolved to a calendar day, and what happens on it.

Why a timeline and not only date facts: the gaps a careful reader finds in a plan are between its
dates (the old system locked on Friday and the new one live on Monday with no way back; the last
training session eleven days before the switch), and those need the dates as days and the events as
kinds. Only dates the proposal states are used, and a finding names them as the proposal wrote them.

Dates without a year all take one year, so the proposal's dates stay in their order: the year in
which most stated weekdays are right ("Maandag 6 oktober"), else the year the proposal mentions most,
else the current one. "week 39" is that ISO week's Monday
(its help sessions may fall later that week, so week dates count as approximate). Relative dates
("next week") are not placed on the calendar.
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

from agents.facts.patterns import check_regexes
from agents.lenses.library import Fact
from agents.state import Proposal

TIMELINE_FILE = Path(__file__).with_name("timeline.yaml")
EventKind = Literal["stop", "help", "deadline", "start", "ends"]
YEARS = re.compile(r"\b(20\d\d)\b")
WEEK = re.compile(r"\b(?:week|wk)\s*(\d{1,2})\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r";|(?<=\w\w):\s|\s[-–—]\s|,\s+(?=(?:and|but|en|maar|so|dus|after which|waarna|mits|provided|if|als|zodat)\b)"
)


class TimelineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    kinds: dict[EventKind, list[str]]
    weekdays: dict[str, int]

    def model_post_init(self, _: object) -> None:
        for patterns in self.kinds.values():
            check_regexes(patterns)


@dataclass(frozen=True)
class Event:
    """A dated event: its kind, its day, the date as written and the sentence that states it."""

    kind: EventKind
    day: dt.date
    written: str
    sentence: int
    exact: bool  # a day the proposal names, not the Monday of a week number


@lru_cache(maxsize=1)
def load_timeline(path: Path = TIMELINE_FILE) -> tuple[TimelineFile, dict[EventKind, re.Pattern[str]]]:
    from core.data_files import load_yaml

    spec = load_yaml(path, TimelineFile)
    compiled = {
        kind: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) for kind, pats in spec.kinds.items()
    }
    return spec, compiled


@dataclass(frozen=True)
class Written:
    """A date as written: a full date (year stated), a month and day, or an ISO week number."""

    full: dt.date | None = None
    month_day: tuple[int, int] | None = None
    week: int | None = None

    def in_year(self, year: int) -> dt.date | None:
        if self.full is not None:
            return self.full
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
    year = _proposal_year(proposal.text, [(w, wd) for _, _, w, wd in placed], today or dt.date.today())
    events = []
    for fact, sentence, written, _ in placed:
        day = written.in_year(year)
        kind = _kind(_clause(sentence, fact.value), kinds) or _kind(sentence, kinds)
        if kind is not None and day is not None:
            events.append(Event(kind, day, fact.value, fact.sentence, written.week is None))
    return sorted(events, key=lambda e: (e.day, e.sentence))


def _kind(text: str, kinds: dict[EventKind, re.Pattern[str]]) -> EventKind | None:
    return next((k for k, pattern in kinds.items() if pattern.search(text)), None)


def _resolve(value: str) -> Written | None:
    """The written date, or None when it is relative ("next week") or unreadable."""
    week = WEEK.fullmatch(value.strip())
    if week:
        number = int(week.group(1))
        return Written(week=number) if 1 <= number <= 53 else None
    if not re.search(r"\d", value):
        return None
    import dateparser  # lazy: its language data loads in ~0.1 s, needed only for proposals with dates

    parsed = dateparser.parse(
        value,
        languages=["en", "nl"],
        settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
    )
    if parsed is None:
        return None
    return Written(full=parsed.date()) if YEARS.search(value) else Written(month_day=(parsed.month, parsed.day))


def _proposal_year(text: str, weekdays: list[tuple[Written, int | None]], today: dt.date) -> int:
    """The one year for dates without a year: most stated weekdays right, then most mentioned, then now."""
    mentioned = Counter(int(y) for y in YEARS.findall(text))

    def fits(year: int) -> int:
        days = [(w.in_year(year), weekday) for w, weekday in weekdays if w.month_day and weekday is not None]
        return sum(1 for day, weekday in days if day is not None and day.weekday() == weekday)

    candidates = range(today.year - 3, today.year + 2)
    return max(candidates, key=lambda y: (fits(y), mentioned[y], y == today.year, -abs(y - today.year)))


def _weekday_before(sentence: str, value: str, weekdays: dict[str, int]) -> int | None:
    """The weekday written just before the date ("Friday 28 March", "op vrijdag 3 oktober")."""
    at = sentence.find(value)
    before = sentence[max(0, at - 14) : at].lower() if at >= 0 else ""
    words = re.findall(r"[a-z]+", before)
    return weekdays.get(words[-1]) if words else None


def _clause(sentence: str, value: str) -> str:
    """The clause around the date: 'Navision closes on Friday 3 October; from then on orders are
    entered in Business Central' reads as a stop for the date in its first clause."""
    at = sentence.find(value)
    if at < 0:
        return sentence
    starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence) if m.end() <= at]
    ends = [m.start() for m in CLAUSE_BREAK.finditer(sentence) if m.start() >= at + len(value)]
    return sentence[max(starts) : min(ends, default=len(sentence))]
