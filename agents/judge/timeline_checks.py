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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from agents.facts.timeline import STARTS, STOPS, Event, load_timeline
from agents.lenses.library import Texts
from agents.schemas import Kind, Perspective, Severity
from core.data_files import Patterns

CHECKS_FILE = Path(__file__).with_name("timeline_checks.yaml")

CLOSE_TO_START = (-3, 4)  # the old way stops from 4 days before to 3 days after the new one starts
HELP_GAP = (4, 60)  # days between the last help moment and the change that make it "before"
DEADLINE_GAP = (1, 14)  # days from a deadline to the switch-off it precedes
THIN_MARGIN = 21  # days between a change and a fixed end that leave no room to slip
CLOSE_BEFORE = 4  # the last days of a quarter that belong to its close
CLOSE_AFTER = 7  # and the first days of the next quarter (about five working days)
MAX_LISTED = 2  # open date gaps listed as findings per proposal
LISTING = (
    "wrong_weekday",
    "no_way_back",
    "away_at_change",
    "leaves_before_change",
    "in_period_close",
    "on_public_holiday",
    "thin_margin_to_end",
    "deadline_before_stop",
)
WEEK_SPAN = 4  # a "week 39" help moment may fall as late as that week's Friday


class CheckSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    listed: bool = True  # false: judged for the coverage map, never a finding
    perspective: Perspective
    kind: Kind
    severity: Severity
    question: Texts
    variants: dict[str, Texts] = {}  # other wordings of the question, for other shapes of the same gap
    why: Texts
    answered_by: Patterns


class ChecksFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    holiday_country: str = "NL"  # whose public holidays a dated step should not fall on
    close_words: list[str] = []  # stems: the proposal touches the books, so a period close matters
    event_words: dict[str, Texts] = {}  # a plan date named by its event's kind, for {event} ("the change starts")
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
    named: dict[str, Texts] = field(default_factory=dict)  # slots named in the reader's language (a weekday)
    listed: bool = True  # false: in the coverage map only (the check is not listed, or MAX_LISTED are)
    variant: str | None = None  # the question's wording for this shape (`CheckSpec.variants`), or the main one

    @property
    def open(self) -> bool:
        return self.covered_by is None

    @property
    def concern(self) -> str:
        return f"timeline.{self.check}"

    def question(self, language: str) -> str:
        wording = self.spec.variants[self.variant] if self.variant else self.spec.question
        return wording.get(language).format(**self.slots, **{k: v.get(language) for k, v in self.named.items()})


def timeline_gaps(
    events: list[Event], texts: list[str], checks: ChecksFile | None = None, also: list[TimelineGap] | None = None
) -> list[TimelineGap]:
    """Every check whose events the proposal states, answered or open (at most one per check).
    `texts` are the sentences and the section headings: a "Hypercare" heading answers the question
    of help after the change as well as a sentence does. `also`: date gaps read elsewhere (a person
    away when a date falls, `agents.judge.absence_checks`), listed under the same limit."""
    checks = checks or load_checks()
    found = [
        _no_way_back(events, checks, texts),
        _help_ends_early(events, checks, texts),
        _deadline_before_stop(events, checks, texts),
        _thin_margin_to_end(events, checks, texts),
        _in_period_close(events, checks, texts),
        _wrong_weekday(events, checks, texts),
        _on_public_holiday(events, checks, texts),
    ]
    return _list_the_first([g for g in found if g is not None] + list(also or ()))


def date_gap(
    name: str,
    events: tuple[Event, ...],
    slots: dict[str, str],
    checks: ChecksFile,
    texts: list[str],
    named: dict[str, Texts] | None = None,
    days: int | None = None,
    also_answered_by: tuple[str, ...] = (),
    variant: str | None = None,
) -> TimelineGap:
    """A check that fired, with the text that answers it (if any); `days` fills the {days} slot."""
    spec = checks.checks[name]
    named = {**(named or {}), **({"days": _days(days)} if days is not None else {})}
    answer = _answer([*spec.answered_by, *also_answered_by], texts)
    return TimelineGap(name, spec, events, slots, answer, named, variant=variant)


def _list_the_first(gaps: list[TimelineGap]) -> list[TimelineGap]:
    """At most MAX_LISTED open gaps become findings, in the order of LISTING; the rest stay in the
    coverage map. Three date gaps on one plan are one message (its schedule has no slack) said thrice."""
    order = {name: i for i, name in enumerate(LISTING)}
    ranked = sorted(gaps, key=lambda g: order.get(g.check, len(order)))
    kept = [g for g in ranked if g.open and g.spec.listed][:MAX_LISTED]
    return [replace(g, listed=g in kept) for g in ranked]


NEGATION = re.compile(r"\b(?:not|cannot|can't|no|never|niet|geen|nooit|kan niet)\b[^.;:]{0,30}$", re.IGNORECASE)


def _answer(patterns: list[str], texts: list[str]) -> str | None:
    """The first text that says what closes the check; "cannot be extended month-to-month" does not, and
    neither does a question ("Is there a fallback if porting fails?" raises the gap, s45)."""
    for text in texts:
        if text.rstrip(" *_").endswith("?"):
            continue
        for pattern in patterns:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                if not NEGATION.search(text[: match.start()]):
                    return text
    return None


def _days(count: int) -> Texts:
    return Texts(
        en=f"{count} day" if count == 1 else f"{count} days", nl=f"{count} dag" if count == 1 else f"{count} dagen"
    )


def _in_period_close(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    """A start or stop in a quarter or year close (its last CLOSE_BEFORE days or the first CLOSE_AFTER
    of the next quarter), in a proposal that touches the books (`close_words`)."""
    if not any(stem in t.lower() for t in texts for stem in checks.close_words):
        return None
    for event in events:
        close = _close_of(event.day) if event.kind in STARTS + STOPS and event.exact else None
        if close is not None:
            return date_gap("in_period_close", (event,), {"date": event.written}, checks, texts, {"close": close})
    return None


def _close_of(day: dt.date) -> Texts | None:
    """The quarter or year close a day falls in, named, or None."""
    quarter_end = dt.date(day.year, 3 * ((day.month - 1) // 3) + 3, 1) + dt.timedelta(days=31)
    quarter_end = quarter_end.replace(day=1) - dt.timedelta(days=1)  # last day of the day's quarter
    previous_end = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    if 0 <= (quarter_end - day).days < CLOSE_BEFORE:
        ends_year = quarter_end.month == 12
    elif 0 < (day - previous_end).days <= CLOSE_AFTER:
        ends_year = previous_end.month == 12
    else:
        return None
    if ends_year:
        return Texts(en="year-end close", nl="jaarafsluiting")
    return Texts(en="quarter-end close", nl="kwartaalafsluiting")


def _wrong_weekday(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    """A date whose written weekday is not the day it falls on, in a year the proposal makes sure of
    (stated, mentioned, or confirmed by two other weekdays): one of the two is wrong, and a wrong
    go-live day in an invitation sends people to the wrong day."""
    spec = load_timeline()[0]
    for event in events:
        stated = spec.weekdays.get((event.weekday or "").lower())
        if stated is None or not event.exact or not event.year_sure or event.day.weekday() == stated:
            continue
        names = spec.weekday_names
        actual = Texts(en=names["en"][event.day.weekday()], nl=names["nl"][event.day.weekday()])
        slots = {"stated": event.weekday or "", "date": event.written, "year": str(event.day.year)}
        return date_gap("wrong_weekday", (event,), slots, checks, texts, {"actual": actual})
    return None


def _on_public_holiday(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    """A go-live, switch-off, help moment or deadline on a public holiday (the organisation's calendar,
    `holiday_country` in timeline_checks.yaml), unless the proposal names that holiday or holidays."""
    import holidays  # lazy: only proposals with dated events need the calendar

    for event in events:
        if event.kind not in (*STARTS, *STOPS, "help", "deadline") or not event.exact or not event.year_sure:
            continue
        calendar_en = holidays.country_holidays(checks.holiday_country, years=event.day.year, language="en_US")
        if event.day not in calendar_en:
            continue
        calendar_nl = holidays.country_holidays(checks.holiday_country, years=event.day.year, language="nl")
        name = Texts(en=calendar_en[event.day], nl=calendar_nl.get(event.day) or calendar_en[event.day])
        named_in_text = (re.escape(name.en), re.escape(name.nl or name.en))
        slots = {"date": event.written}
        return date_gap("on_public_holiday", (event,), slots, checks, texts, {"holiday": name}, None, named_in_text)
    return None


def _between(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def _change(events: list[Event]) -> Event | None:
    """The day the change bites: the first exact start or stop (not one stated with a contract's end:
    "the old app stops working when our licence ends" is the end, not the change)."""
    ending = {e.sentence for e in events if e.kind == "ends"}
    dated = [e for e in events if e.kind in STARTS + STOPS and e.exact and e.sentence not in ending]
    return dated[0] if dated else None


def _no_way_back(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    """The old way stops close to the day the new one starts: two dated sentences (both quoted), or one
    that says the new way replaces the old on its date ("From Monday 2 March near misses are reported
    through SafeSpot instead of the yellow cards"), asked in the `one_day` wording, as is a pair on one day."""
    for stop in (e for e in events if e.kind in STOPS and e.exact):
        for start in (e for e in events if e.kind in STARTS and e.exact and e.sentence != stop.sentence):
            if CLOSE_TO_START[0] <= _between(stop.day, start.day) <= CLOSE_TO_START[1]:
                if stop.day == start.day:  # one day: "from 31 March the new replaces the old" reads better
                    return date_gap(
                        "no_way_back", (stop, start), {"start": start.written}, checks, texts, variant="one_day"
                    )
                slots = {"stop": stop.written, "start": start.written}
                return date_gap("no_way_back", (stop, start), slots, checks, texts)
    switch = next((e for e in events if e.kind == "switch" and e.exact), None)
    if switch is not None:
        return date_gap("no_way_back", (switch,), {"start": switch.written}, checks, texts, variant="one_day")
    return None


def _last_day(event: Event) -> dt.date:
    """The last day an event may fall on: a "week 39" help moment may be as late as that Friday."""
    return event.day + dt.timedelta(days=0 if event.exact else WEEK_SPAN)


def _help_ends_early(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    change = _change(events)
    helps = [e for e in events if e.kind == "help"]
    if change is None or not helps:
        return None
    last = max(helps, key=_last_day)
    gap = _between(_last_day(last), change.day)
    if HELP_GAP[0] <= gap <= HELP_GAP[1]:
        slots = {"help": last.written, "change": change.written}
        return date_gap("help_ends_early", (last, change), slots, checks, texts, days=gap)
    return None


def _deadline_before_stop(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    for deadline in (e for e in events if e.kind == "deadline" and e.exact):
        for stop in (e for e in events if e.kind in STOPS and e.exact):
            gap = _between(deadline.day, stop.day)
            if DEADLINE_GAP[0] <= gap <= DEADLINE_GAP[1]:
                slots = {"deadline": deadline.written, "stop": stop.written}
                return date_gap("deadline_before_stop", (deadline, stop), slots, checks, texts, days=gap)
    return None


def _thin_margin_to_end(events: list[Event], checks: ChecksFile, texts: list[str]) -> TimelineGap | None:
    """A change that lands just before a date fixed from outside (a contract, licence or support end). The
    change is not the old way switched off on the very day its licence ends: that is the plan meeting the
    end, not a change that can slip past it (s6, s11 and s29: a quarantine, VPN appliances and an archive's
    servers switched off on their end date, wrong to both labellers each time)."""
    fixed = [e for e in events if e.kind == "ends"]
    end_days = {e.day for e in fixed}
    change = _change([e for e in events if not (e.kind in STOPS and e.day in end_days)])
    ends = [e for e in fixed if change is not None and e.day >= change.day]
    if change is None or not ends:
        return None
    gap = _between(change.day, ends[0].day)
    if gap <= THIN_MARGIN:
        slots = {"end": ends[0].written, "change": change.written}
        return date_gap("thin_margin_to_end", (change, ends[0]), slots, checks, texts, days=gap)
    return None
