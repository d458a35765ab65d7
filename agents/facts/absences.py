"""One person's absence as the proposal states it: away for a while, or leaving for good, with the days.

Why typed: "I'm on holiday 7–25 July" in a memo whose macro takes over the pay run on 1 July, or
"Graham Lowe, retiring in September 2026" in a plan that cuts over in October, is a gap between two
things the proposal itself says. A blind reviewer finds it at once and a library question never does,
because no kind of decision carries it. The person is never named by the engine: the finding quotes
the sentence that says who is away, so only the days are read, and they come from the timeline
(`agents.facts.timeline`) or, for a departure stated by month ("in May 2027"), from the month.

Patterns are data (`absences.yaml`); a group on leave or a condition ("if you are on holiday") is
no absence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agents.facts.timeline import Event, load_timeline
from agents.state import Proposal
from core.data_files import Patterns

ABSENCES_FILE = Path(__file__).with_name("absences.yaml")
NEAR = 70  # characters between the absence words and the dates that say when
AWAY_DAYS = 14  # an absence with one date ("on leave from 3 March") is read as two weeks


@lru_cache(maxsize=1)
def _months() -> tuple[dict[str, int], re.Pattern[str]]:
    """Month name -> number, English and Dutch (`month_names` in timeline.yaml), and the pattern of a month as
    written: "September 2026", "end of June", "eind juni"."""
    spec, _ = load_timeline()
    numbers = {name: i for names in spec.month_names.values() for i, name in enumerate(names, 1)}
    months = "|".join(numbers)
    written = re.compile(
        r"\b(?P<end>end of |eind |einde |the end of )?(?P<month>" + months + r")(?:\s+(?P<year>20\d\d))?\b",
        re.IGNORECASE,
    )
    return numbers, written


YEAR_END = re.compile(
    r"\b(?:end of (?:this|the) year|eind(?:e)? (?:van )?dit jaar|year-end|jaareinde)\b", re.IGNORECASE
)


class AbsencesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    away: Patterns
    leaves: Patterns
    not_after: Patterns
    other_date: Patterns
    range_start: str


@dataclass(frozen=True)
class Absence:
    """A person away from `first` to `last` (`away`), or gone from `first` on (`leaves`)."""

    kind: Literal["away", "leaves"]
    sentence: int
    words: str  # the words that say so, verbatim ("I'm on holiday")
    first: dt.date
    last: dt.date


@lru_cache(maxsize=1)
def load_absences(path: Path = ABSENCES_FILE) -> AbsencesFile:
    from core.data_files import load_yaml

    return load_yaml(path, AbsencesFile)


def absences(proposal: Proposal, events: list[Event]) -> list[Absence]:
    """Every stated absence whose days the proposal gives, in sentence order."""
    spec = load_absences()
    found = []
    for index, sentence in enumerate(proposal.sentences):
        text = sentence.text
        for kind, patterns in (("away", spec.away), ("leaves", spec.leaves)):
            match = _match(text, patterns, spec.not_after)
            if match is None:
                continue
            dated = [e for e in events if e.sentence == index]
            if kind == "away":
                days = _away_days(text, match, dated, spec)
            else:
                days = _leaving_day(text, match, dated, events, spec)
            if days is not None:
                found.append(Absence(kind, index, match.group(0).strip(" *_-"), *days))  # type: ignore[arg-type]
                break
    return found


def _match(text: str, patterns: list[str], not_after: list[str]) -> re.Match[str] | None:
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if not any(re.search(p, text[: match.start()], re.IGNORECASE) for p in not_after):
                return match
    return None


def _near(text: str, match: re.Match[str], event: Event, other_date: list[str]) -> bool:
    """The date stands close to the absence words, with nothing between them that dates another thing."""
    at = text.find(event.written)
    if at < 0 or not (match.start() - NEAR <= at <= match.end() + NEAR):
        return False
    between = text[match.end() : at] if at >= match.end() else text[at + len(event.written) : match.start()]
    if ":" in between:  # "[4-5-2026 09:22] Lisa: Ik ben 6 t/m 27 juli op vakantie": a message's time stamp
        return False
    return not any(re.search(p, between, re.IGNORECASE) for p in other_date)


def _away_days(
    text: str, match: re.Match[str], dated: list[Event], spec: AbsencesFile
) -> tuple[dt.date, dt.date] | None:
    near = sorted((e for e in dated if _near(text, match, e, spec.other_date)), key=lambda e: e.day)
    if len(near) >= 2:
        return near[0].day, near[-1].day
    if not near:
        return None
    last = near[0]
    start = re.search(spec.range_start, text[: text.find(last.written)], re.IGNORECASE)
    if start is None:
        return last.day, last.day + dt.timedelta(days=AWAY_DAYS)
    day = int(start.group(1))
    if not 1 <= day <= last.day.day:  # "28 t/m 9 januari" crosses a month: not a range we can read
        return None
    return last.day.replace(day=day), last.day


def _leaving_day(
    text: str, match: re.Match[str], dated: list[Event], events: list[Event], spec: AbsencesFile
) -> tuple[dt.date, dt.date] | None:
    """The day a person leaves: a stated date near the words, else the month ("in May 2027", "eind juni"),
    else "end of this year"; a month without a year takes the year of the plan's own dates."""
    numbers, month_written = _months()
    near = [e for e in dated if _near(text, match, e, spec.other_date)]
    window_start = max(0, match.start() - NEAR)
    window = text[window_start : match.end() + NEAR]
    plan_years = sorted(e.day.year for e in events if e.year_sure)
    year_of_plan = plan_years[len(plan_years) // 2] if plan_years else None
    month = month_written.search(window)
    if near and (
        month is None or _distance(text.find(near[0].written), match) <= _distance(window_start + month.start(), match)
    ):
        return near[0].day, near[0].day  # the date nearest the words: "retires in May; the contract ends 31 March"
    if month is not None:
        year = int(month.group("year")) if month.group("year") else year_of_plan
        if year is None:
            return None
        number = numbers[month.group("month").lower()]
        first = dt.date(year, number, 1)
        if month.group("end"):
            first = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return first, first
    if YEAR_END.search(window) and year_of_plan is not None:
        return dt.date(year_of_plan, 12, 31), dt.date(year_of_plan, 12, 31)
    return None


def _distance(at: int, match: re.Match[str]) -> int:
    """Characters between a position and the words of an absence (0 inside them)."""
    return max(match.start() - at, at - match.end(), 0)
