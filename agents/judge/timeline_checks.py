"""Gaps between the proposal's own dates: findings that are about this plan by construction.

Why: a pitfall from the library is a question about a kind of decision, and whether it fits a
given proposal is a judgement the embedding model makes poorly. The distance between two dates the
proposal states is not a judgement: the old ERP locked on Friday 16:00 and the new one live on
Monday, the last walk-in session eleven days before the day nobody can log in without the app, a
claim deadline one week before the switch-off. Each check needs two dated events of given kinds
(`agents.facts.timeline`), quotes both sentences, names only the dates as written and a count of
days, and is answered when the proposal says anything of what would close it (`answered_by`).

Conditions are code; wording and answers are data (`timeline_checks.yaml`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from agents.facts.patterns import check_regexes
from agents.facts.timeline import Event
from agents.lenses.library import Texts
from agents.schemas import Kind, Perspective, Severity

CHECKS_FILE = Path(__file__).with_name("timeline_checks.yaml")
Patterns = Annotated[list[str], AfterValidator(check_regexes)]

CLOSE_TO_START = (-3, 4)  # the old way stops from 4 days before to 3 days after the new one starts
HELP_GAP = (4, 60)  # days between the last help moment and the change that make it "before"
DEADLINE_GAP = (1, 14)  # days from a deadline to the switch-off it precedes
THIN_MARGIN = 21  # days between a change and a fixed end that leave no room to slip
WEEK_SPAN = 4  # a "week 39" help moment may fall as late as that week's Friday


class CheckSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    perspective: Perspective
    kind: Kind
    severity: Severity
    question: Texts
    why: Texts
    answered_by: Patterns


class ChecksFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    checks: dict[str, CheckSpec]


@lru_cache(maxsize=1)
def load_checks(path: Path = CHECKS_FILE) -> ChecksFile:
    from core.data_files import load_yaml

    return load_yaml(path, ChecksFile)


@dataclass(frozen=True)
class TimelineGap:
    """A check whose dated events the proposal states; open unless the proposal answers it."""

    check: str
    spec: CheckSpec
    events: tuple[Event, ...]  # the events it rests on, quoted in this order
    slots: dict[str, str]
    covered_by: str | None = None  # the sentence that answers it

    @property
    def open(self) -> bool:
        return self.covered_by is None

    @property
    def concern(self) -> str:
        return f"timeline.{self.check}"

    def question(self, language: str) -> str:
        return self.spec.question.get(language).format(**self.slots)


def timeline_gaps(events: list[Event], texts: list[str], checks: ChecksFile | None = None) -> list[TimelineGap]:
    """Every check whose events the proposal states, answered or open (at most one per check).
    `texts` are the sentences and the section headings: a "Hypercare" heading answers the question
    of help after the change as well as a sentence does."""
    checks = checks or load_checks()
    found = [
        _no_way_back(events),
        _help_ends_early(events),
        _deadline_before_stop(events),
        *_against_fixed_end(events),
    ]
    gaps = []
    for name, evts, slots in (f for f in found if f is not None):
        spec = checks.checks[name]
        answer = next((t for t in texts if any(re.search(p, t, re.IGNORECASE) for p in spec.answered_by)), None)
        gaps.append(TimelineGap(name, spec, evts, slots, answer))
    return gaps


Found = tuple[str, tuple[Event, ...], dict[str, str]] | None


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def _change(events: list[Event]) -> Event | None:
    """The day the change bites: the first exact start, else the first exact stop."""
    for kind in ("start", "stop"):
        dated = [e for e in events if e.kind == kind and e.exact]
        if dated:
            return dated[0]
    return None


def _no_way_back(events: list[Event]) -> Found:
    for stop in (e for e in events if e.kind == "stop" and e.exact):
        for start in (e for e in events if e.kind == "start" and e.exact and e.sentence != stop.sentence):
            if CLOSE_TO_START[0] <= _days(stop.day, start.day) <= CLOSE_TO_START[1]:
                return "no_way_back", (stop, start), {"stop": stop.written, "start": start.written}
    return None


def _help_ends_early(events: list[Event]) -> Found:
    change = _change(events)
    helps = [e for e in events if e.kind == "help"]
    if change is None or not helps:
        return None
    last = max(helps, key=lambda e: e.day + dt.timedelta(days=0 if e.exact else WEEK_SPAN))
    end_of_help = last.day + dt.timedelta(days=0 if last.exact else WEEK_SPAN)
    gap = _days(end_of_help, change.day)
    if HELP_GAP[0] <= gap <= HELP_GAP[1]:
        slots = {"help": last.written, "days": str(gap), "change": change.written}
        return "help_ends_early", (last, change), slots
    return None


def _deadline_before_stop(events: list[Event]) -> Found:
    for deadline in (e for e in events if e.kind == "deadline" and e.exact):
        for stop in (e for e in events if e.kind == "stop" and e.exact):
            gap = _days(deadline.day, stop.day)
            if DEADLINE_GAP[0] <= gap <= DEADLINE_GAP[1]:
                slots = {"deadline": deadline.written, "days": str(gap), "stop": stop.written}
                return "deadline_before_stop", (deadline, stop), slots
    return None


def _against_fixed_end(events: list[Event]) -> list[Found]:
    change = _change(events)
    ends = [e for e in events if e.kind == "ends"]
    if change is None or not ends:
        return []
    end = ends[0]
    gap = _days(end.day, change.day)
    slots = {"end": end.written, "change": change.written, "days": str(abs(gap))}
    if 0 < gap <= 365:
        return [("change_after_end", (end, change), slots)]
    if 0 <= -gap <= THIN_MARGIN:
        return [("thin_margin_to_end", (change, end), slots)]
    return []
