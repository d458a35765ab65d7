"""The pre-mortem library's contract: decision archetypes, their pitfalls, and typed facts.

Why typed: a finding may only name what a fact typed ("the retired system", "the 120 pickers"),
never whatever capitalised word stood nearby. A pitfall fires on facts the proposal states and is
silenced by text that answers it; both are declared here as data and validated on load.

Data files: `agents/lenses/archetypes/*.yaml`, one archetype per file. An organisation's own
rules file uses the same `Pitfall` format (with `source: rules`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agents.schemas import Kind, Perspective, Severity
from core.data_files import Patterns

# What `agents/facts` extracts from a proposal. Every slot in a pitfall's wording names one of
# these; a slot is filled only from a fact of exactly that type.
FactType = Literal[
    "system_new",  # a system, tool or service being introduced ("Personio", "the new WMS")
    "system_retired",  # a system being switched off, replaced or migrated away from ("FS01", "the AS/400")
    "system",  # a system named without a clear role
    "people",  # a group of people, with a count when given ("120 pickers", "alle chauffeurs")
    "date",  # a date or deadline, with what fixed it when stated
    "money",  # an amount, budget or price
    "vendor",  # a supplier, agency or contractor
    "action",  # switch_off, migrate, re_enter, paste_into, sign_up, pay_by_card, roll_out_all, pilot, ...
    "claim",  # a claim or assumption ("we don't need IT because ...", "works on my laptop")
    "absolute",  # all, every, 100%, nobody, always, alle, iedereen
    "external_commitment",  # printed, announced, told, signed, booked, already ordered
    "data",  # a kind of data handled (personal data, customer e-mails, invoices, history)
]

SLOTS: dict[str, FactType] = {
    "new_system": "system_new",
    "retired_system": "system_retired",
    "people": "people",
    "date": "date",
    "money": "money",
    "vendor": "vendor",
    "data": "data",
}
"""Template slot name -> the only fact type that may fill it."""


class Texts(BaseModel):
    """The same text in English and Dutch (Dutch optional: English is used when missing)."""

    model_config = ConfigDict(extra="forbid")
    en: str = Field(min_length=1)
    nl: str | None = None

    def get(self, language: str) -> str:
        return (self.nl if language == "nl" else None) or self.en


class Trigger(BaseModel):
    """When a pitfall applies: required fact types (all of `facts_all`, any of `facts_any`), and/or
    meaning (e5 similarity of a proposal sentence to one of `meaning`) or literal word stems."""

    model_config = ConfigDict(extra="forbid")
    facts_all: list[FactType] = Field(default_factory=list)
    facts_any: list[FactType] = Field(default_factory=list)
    actions_any: list[str] = Field(default_factory=list, description="action fact values, e.g. switch_off")
    meaning: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    unless: list[str] = Field(
        default_factory=list,
        description="literal phrases (EN and NL) saying the proposal excludes the situation, e.g. "
        "'formats do not change' for a pitfall about message content: where one stands, it does not apply",
    )
    not_where: list[str] = Field(
        default_factory=list,
        description="literal phrases (EN and NL) of a sentence that is not the situation although it resembles it, "
        "e.g. the phone queue for a pitfall about the new web channel's peak: that sentence is the old state",
    )
    situation_acts: list[str] = Field(
        default_factory=list,
        description="action roles of which the situation's sentence must carry one, e.g. pilot_group: a sentence "
        "naming who a pilot runs with is the situation of a question about who is left out of it; one that "
        "only mentions a pilot (its cost, its end) is not, and a finding quoting it reads as a checklist item",
    )


CUE_SETS_FILE = Path(__file__).with_name("cue_sets.yaml")


class CueSets(BaseModel):
    """Answer cues shared by several concerns, named once (`agents/lenses/cue_sets.yaml`): a cue list names a set
    as "@name". Why: help on the first days answers the ease challenge and the learning dip alike, and a stem
    mended for one ("champion" met "the club championship", s60) must be mended for both."""

    model_config = ConfigDict(extra="forbid")
    version: int
    sets: dict[str, list[str]]


@lru_cache(maxsize=1)
def load_cue_sets(path: Path = CUE_SETS_FILE) -> CueSets:
    from core.data_files import load_yaml

    return load_yaml(path, CueSets)


def expand_cues(cues: list[str]) -> list[str]:
    """The cues with each "@name" replaced by that shared set's stems."""
    if not any(c.startswith("@") for c in cues):
        return cues
    sets = load_cue_sets().sets
    unknown = [c for c in cues if c.startswith("@") and c[1:] not in sets]
    if unknown:
        raise ValueError(f"unknown cue set {unknown[0]!r}; known: {', '.join('@' + n for n in sets)}")
    return [stem for c in cues for stem in (sets[c[1:]] if c.startswith("@") else [c])]


class AnswerPart(BaseModel):
    """One aspect of a question with several ("how long without a device, and how do the night
    shifts fit"): answered by a sentence that says it, or out of scope when the proposal leaves out
    every group in `about` (group ids of `agents/facts/scope.yaml`)."""

    model_config = ConfigDict(extra="forbid")
    meaning: list[str] = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)
    about: list[str] = Field(default_factory=list)

    _shared_cues = field_validator("cues")(expand_cues)


class Answer(BaseModel):
    """What in a proposal answers the pitfall: meaning descriptions and literal word stems (EN and NL).

    `meaning`/`cues` are alternatives: one sentence that says any of them answers the whole pitfall.
    `parts` (optional) splits the question into its aspects: when every part is answered somewhere,
    each by its own sentence or by scope, the pitfall is answered too. `about` (optional) names the
    groups of people the whole concern is about: when the proposal leaves all of them out, the
    pitfall does not apply."""

    model_config = ConfigDict(extra="forbid")
    meaning: list[str] = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)
    parts: list[AnswerPart] = Field(default_factory=list)
    about: list[str] = Field(default_factory=list)

    _shared_cues = field_validator("cues")(expand_cues)


class CorpusExample(BaseModel):
    """A real decision record (in ../shared/data/decision-records) whose consequences show the pitfall."""

    model_config = ConfigDict(extra="forbid")
    path: str = Field(description="relative to the decision-records folder, e.g. alphagov__forms/adr/0012-x.md")
    note: str = Field(description="what happened there, in our own words (never copied text)")


class Pitfall(BaseModel):
    """One thing that really goes wrong in this kind of decision, seen from one side."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")
    perspective: Perspective
    kind: Kind
    severity: Severity
    applies_when: Trigger
    answered_when: Answer
    question: Texts = Field(description="the finding's title; slots only from SLOTS, e.g. {retired_system}")
    why: Texts = Field(description="why it matters: what goes wrong if nobody asks")
    evidence_fact: FactType | None = Field(default=None, description="quote the sentence carrying this fact")
    contrast_act: str | None = Field(
        default=None,
        description="an action role (e.g. roll_out_all) whose sentence is quoted beside the trigger: what the "
        "situation is weighed against, such as the rollout's reach beside the pilot's group, so the reader sees "
        "the gap in the proposal's own words",
    )
    corpus: CorpusExample | None = None
    source: Literal["catalog", "rules"] = "catalog"
    defers_to: list[str] = Field(
        default_factory=list,
        description="pitfall ids (often of another archetype), or `assumption.<claim kind>` challenges, that "
        "ask the same question in other words: when one of them is open too, this one is not raised (a "
        "retirement's retention duty and a migration's history cut both ask where old records are looked up)",
    )
    listed: bool = Field(
        default=True,
        description="false: judged and shown in the coverage map as a check, never listed as a finding (an "
        "organisation's rule it wants checked and reported, not flagged; a library question another "
        "mechanism asks more precisely, such as a cut-over in a peak, asked by the timeline where a "
        "stated date falls in a close)",
    )

    @model_validator(mode="after")
    def _slots_are_typed(self) -> Pitfall:
        import string

        for text in filter(None, (self.question.en, self.question.nl, self.why.en, self.why.nl)):
            for _, name, _, _ in string.Formatter().parse(text):
                if name is None:
                    continue
                if name not in SLOTS:
                    raise ValueError(f"{self.id}: unknown slot {{{name}}}; allowed: {sorted(SLOTS)}")
                if SLOTS[name] not in self.applies_when.facts_all:
                    # a slot must be guaranteed a fact, or the finding would need a guess
                    raise ValueError(f"{self.id}: slot {{{name}}} needs '{SLOTS[name]}' in applies_when.facts_all")
        return self


class Archetype(BaseModel):
    """A kind of decision, recognised by meaning (multilingual) and cues; a proposal is often several."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Texts
    recognise: list[str] = Field(min_length=2, description="descriptions matched by meaning, EN and NL")
    cues: list[str] = Field(default_factory=list)
    # whose situation its pitfalls describe: "new" = the thing being introduced, so a sentence that
    # only describes a system being retired ("our planning runs on Gerard's macro workbook", which
    # the proposal replaces) is not that situation
    about: Literal["new", "any"] = "any"
    # regexes for a sentence that says the proposal is not this kind ("Geen AI; de bot herkent
    # trefwoorden"): it names the kind's words, so it resembles the situation, but it denies it
    denied_by: Patterns = Field(default_factory=list)
    done: dict[str, list[Texts]] = Field(
        default_factory=dict, description="'it' / 'business': what each side counts as done for this kind"
    )
    pitfalls: list[Pitfall] = Field(min_length=1)


class LibraryIndex(BaseModel):
    """`archetypes/index.yaml`: the library's version, recorded in every report."""

    model_config = ConfigDict(extra="forbid")
    version: int


class Library(BaseModel):
    """All archetypes with their pitfalls, as loaded and validated from the data files."""

    version: int
    archetypes: list[Archetype]

    @model_validator(mode="after")
    def _unique_ids(self) -> Library:
        seen: set[str] = set()
        for archetype in self.archetypes:
            for pitfall in archetype.pitfalls:
                if pitfall.id in seen:
                    raise ValueError(f"pitfall id {pitfall.id} appears twice")
                seen.add(pitfall.id)
        return self


def load_library(folder: Path | None = None) -> Library:
    """Load `archetypes/index.yaml` and every other `archetypes/*.yaml` (one archetype per file)."""
    from core.data_files import load_yaml

    folder = folder or Path(__file__).with_name("archetypes")
    index = load_yaml(folder / "index.yaml", LibraryIndex)
    archetypes = [load_yaml(path, Archetype) for path in sorted(folder.glob("*.yaml")) if path.name != "index.yaml"]
    return Library(version=index.version, archetypes=archetypes)


ARCHETYPE_IDS = (
    "tool_adoption",
    "replacement_migration",
    "decommission",
    "identity_security",
    "end_user_automation",
    "ai_adoption",
    "customer_channel",
    "vendor_delivery",
    "device_refresh",
    "process_org_change",
    "reporting_data",
    "integration_edi",
    "infrastructure_cloud",
    "policy_change",
)
"""The archetypes every catalogue must have (more may be added)."""


class Fact(BaseModel):
    """A typed fact the proposal states, with the sentence that carries it (for quoting)."""

    model_config = ConfigDict(extra="forbid")
    type: FactType
    value: str = Field(min_length=1, description="verbatim span of the sentence, e.g. 'FS01' or '120 pickers'")
    sentence: int = Field(ge=0, description="index into Proposal.sentences")
    role: str | None = Field(default=None, description="for actions the action kind, e.g. switch_off")
    count: int | None = Field(default=None, description="for people: how many, when stated")


def fill(template: str, facts: list[Fact], prefer_sentence: int | None = None) -> str | None:
    """Fill `{slot}`s from facts of exactly the slot's type; None when any slot has no such fact.

    Why None rather than a neutral fallback: a pitfall whose wording needs a fact the proposal does
    not state should be worded around its quote instead, never filled with a guess.
    """
    import string

    values: dict[str, str] = {}
    for _, name, _, _ in string.Formatter().parse(template):
        if name is None or name in values:
            continue
        wanted = SLOTS.get(name)
        typed = [f for f in facts if f.type == wanted]
        if not typed:
            return None
        local = [f for f in typed if f.sentence == prefer_sentence]
        values[name] = (local or typed)[0].value
    text = template.format(**values)
    return text[:1].upper() + text[1:]
