"""The fact patterns (`patterns.yaml`), validated and compiled once.

Why a file of its own: the patterns are data a reviewer tunes (a new product name, a Dutch verb
form); the matcher in `extract.py` never changes for that. Every regex is compiled here, so a broken
pattern fails on load with the file and field, not in the middle of a review.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.data_files import check_regexes, expand_fragments
from core.errors import ConfigError

PATTERNS_FILE = Path(__file__).with_name("patterns.yaml")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SystemPatterns(Strict):
    known: list[str]
    nouns: list[str]
    shapes_cased: list[str]
    roles: list[str] = Field(min_length=1)
    clause_breaks: list[str]
    generic_new: list[str]
    generic_retired: list[str]

    @field_validator("shapes_cased", "roles", "generic_new", "generic_retired")
    @classmethod
    def _valid(cls, values: list[str]) -> list[str]:
        return check_regexes(values)


class NotSystems(Strict):
    languages: list[str]
    cities: list[str]
    formats: list[str]
    organisation: list[str]
    function_words: list[str]
    place_before: list[str]
    person_before: list[str]

    def words(self) -> set[str]:
        return {w.lower() for w in self.languages + self.cities + self.formats + self.organisation}


class PeoplePatterns(Strict):
    nouns: list[str]
    count: str


class DatePatterns(Strict):
    months: str
    patterns: list[str]
    fixed_by: list[str]


class VendorPatterns(Strict):
    nouns: list[str]
    named_cased: list[str]


class ClaimPatterns(Strict):
    kind: str = Field(pattern=r"^[a-z_]+$")
    patterns: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _valid(cls, values: list[str]) -> list[str]:
        return check_regexes(values)


class FactPatterns(Strict):
    version: int
    field_labels: list[str]
    no_evidence: list[str] = []  # greetings, sign-offs, version stamps, notes headers: carry nothing
    systems: SystemPatterns
    not_systems: NotSystems
    people: PeoplePatterns
    dates: DatePatterns
    money: list[str]
    vendors: VendorPatterns
    # `<name>` in an action or claim pattern inserts a fragment: a word list several patterns share, written once
    fragments: dict[str, str] = {}
    actions: dict[str, list[str]]
    # a fallback the proposal keeps open ("if the result is negative we can switch the option off"): the
    # act it names is a contingency, not the plan, so the sentence types no action
    contingencies: list[str] = []
    # words just before an act that deny it ("the old server is not being switched off", "wordt niet
    # uitgezet"): a denied act is not the plan's act, so it is not typed
    denials: list[str] = []
    claims: list[ClaimPatterns]
    absolutes: list[str]
    external_commitments: dict[str, list[str]]
    data: dict[str, list[str]]

    @field_validator("money", "absolutes", "no_evidence", "contingencies", "denials")
    @classmethod
    def _valid(cls, values: list[str]) -> list[str]:
        return check_regexes(values)

    @field_validator("external_commitments", "data")
    @classmethod
    def _valid_groups(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        for values in groups.values():
            check_regexes(values)
        return groups

    @model_validator(mode="after")
    def _expand_fragments(self) -> FactPatterns:
        def expanded(patterns: list[str]) -> list[str]:
            return check_regexes([expand_fragments(p, self.fragments) for p in patterns])

        self.actions = {role: expanded(patterns) for role, patterns in self.actions.items()}
        for claim in self.claims:
            claim.patterns = expanded(claim.patterns)
        return self


def any_of(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation of several regexes (each kept in its own group)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def words_of(words: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Literal words or phrases at word boundaries, longest first."""
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)
    return re.compile(rf"(?<![\w/-])(?:{body})(?![\w/])", flags)


class Compiled:
    """The compiled matchers the extractor uses."""

    def __init__(self, p: FactPatterns) -> None:
        self.raw = p
        labels = "|".join(re.escape(label) for label in sorted(p.field_labels, key=len, reverse=True))
        self.field_line = re.compile(rf"^\s*(?:\*\*|__)?(?:{labels})\s*:", re.IGNORECASE)
        self.no_evidence = any_of(p.no_evidence) if p.no_evidence else None
        self.known_systems = words_of(p.systems.known, flags=0)
        self.system_nouns = words_of(p.systems.nouns)
        self.system_shapes = any_of(p.systems.shapes_cased, flags=0)
        self.roles = [re.compile(r, re.IGNORECASE) for r in p.systems.roles]
        self.clause_break = words_of(p.systems.clause_breaks)
        self.function_words = set(p.not_systems.function_words)
        self.generic_new = any_of(p.systems.generic_new)
        self.generic_retired = any_of(p.systems.generic_retired)
        self.not_system_words = p.not_systems.words()
        self.place_before = any_of(p.not_systems.place_before)
        self.person_before = any_of(p.not_systems.person_before)
        nouns = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(p.people.nouns, key=len, reverse=True))
        self.people = re.compile(
            rf"(?:(?P<count>{p.people.count})\s+)?(?:[\w-]+\s+){{0,2}}?(?P<noun>\b(?:{nouns}))\b", re.IGNORECASE
        )
        months = p.dates.months
        self.dates = any_of([d.replace("{months}", months) for d in p.dates.patterns])
        self.date_fixed_by = any_of(p.dates.fixed_by)
        self.money = any_of(p.money)
        self.vendor_nouns = words_of(p.vendors.nouns)
        self.vendor_named = [re.compile(v) for v in p.vendors.named_cased]
        self.actions = {role: any_of(patterns) for role, patterns in p.actions.items()}
        self.contingency = any_of(p.contingencies) if p.contingencies else None
        self.denial = any_of([f"(?:{d})$" for d in p.denials]) if p.denials else None
        self.claims = [(c.kind, any_of(c.patterns)) for c in p.claims]
        self.absolutes = any_of(p.absolutes)
        self.commitments = {kind: any_of(patterns) for kind, patterns in p.external_commitments.items()}
        self.data = {kind: any_of(patterns) for kind, patterns in p.data.items()}


@lru_cache(maxsize=1)
def load_patterns(path: Path = PATTERNS_FILE) -> Compiled:
    """Load and compile the patterns; ConfigError naming the file and field when they are wrong."""
    from core.data_files import load_yaml

    raw = load_yaml(path, FactPatterns)
    try:
        return Compiled(raw)
    except re.error as exc:  # a pattern valid alone but broken once combined
        raise ConfigError(f"{path}: a pattern does not compile ({exc})") from None
