"""Commitment signals by kind: how one sentence shows that a decision has hardened, or is still open.

Why kinds and not phrases: a list of phrases tuned on a few proposals read 3 of 10 new ones right.
What generalises is the kind of signal: an irreversible past action (signed, paid, booked), a
commitment made to people outside the project (told, announced, printed), a dated declarative with
no question asked ("Go-live: Monday 3 March"), a fact already created (a trial in use), set against
blockers (negation, hedge, condition, "already in the bundle") and exploring language. The patterns
are data (`commitment.yaml`), validated on load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.data_files import expand_fragments

SentenceLabel = Literal["committed", "exploring", "neutral"]
CommittedKind = Literal["irreversible_past_action", "external_commitment", "fact_created", "dated_declarative"]
COMMITTED_KINDS: tuple[CommittedKind, ...] = (
    "irreversible_past_action",
    "external_commitment",
    "fact_created",
    "dated_declarative",
)
EXPLORING_KINDS = (
    "exploring",
    "question",
    "conditional",
    "hedge",
    "bundled",
    "negation",
    "target",
    "consultation",
    "preparation",
    "weak",
)
"""The kinds of exploring signal `SignalReader.read` gives, the strongest first: an open question says more
than a negated action (the order quotes are shown in)."""
MARKUP = re.compile(r"[*_`]+")
# a purpose clause's negation ("... so that planning does not stop") does not negate the main action
PURPOSE = re.compile(r"\b(?:zodat|opdat|so that|om te voorkomen|to avoid|to prevent)\b", re.IGNORECASE)
# words in quotation marks are an example or someone's phrase ("find everything we sent to Bunzl"), not the author's act
QUOTED = re.compile(r'"[^"]{0,200}"|“[^”]{0,200}”|„[^”“]{0,200}[”“]')
# what comes after "before"/"until" says when something happens, not what was done ("check every run before
# it is paid out"); not when the sentence opens with it: "Before the summer we signed the contract"
BEFORE = re.compile(r"(?<=\S)\s+(?:before|until|voordat|totdat)\b", re.IGNORECASE)
RULES_FILE = Path(__file__).with_name("commitment.yaml")


class CommitmentRules(BaseModel):
    """`commitment.yaml`: signal patterns by kind, blockers and exploring language."""

    model_config = ConfigDict(extra="forbid")
    version: int
    fragments: dict[str, str] = Field(default_factory=dict)
    committed: dict[CommittedKind, list[str]]
    metadata: list[str]
    broadcast: list[str] = Field(
        default_factory=list, description="a header that addresses everyone concerned: the memo itself tells them"
    )
    milestones: list[str]
    negations: list[str]
    hedges: list[str]
    conditionals: list[str]
    bundled: list[str]
    targets: list[str]
    consultation: list[str]
    preparation: list[str] = Field(default_factory=list)
    choices: list[str] = Field(default_factory=list)
    decision_questions: list[str] = Field(
        default_factory=list, description="what makes a question ask for the decision; empty: every question does"
    )
    reported: list[str]
    background: list[str]
    background_years_back: int = Field(ge=0)
    exploring_strong: list[str]
    exploring_weak: list[str]

    @model_validator(mode="after")
    def _patterns_compile(self) -> CommitmentRules:
        for group in self._groups():
            for pattern in group:
                _compile(pattern, self.fragments)
        return self

    def _groups(self) -> list[list[str]]:
        lists = [
            self.metadata,
            self.broadcast,
            self.milestones,
            self.negations,
            self.hedges,
            self.conditionals,
            self.bundled,
            self.targets,
        ]
        lists += [
            self.consultation,
            self.preparation,
            self.choices,
            self.decision_questions,
            self.reported,
            self.background,
            self.exploring_strong,
            self.exploring_weak,
        ]
        return [*self.committed.values(), *lists]

    @field_validator("committed")
    @classmethod
    def _every_kind(cls, value: dict[CommittedKind, list[str]]) -> dict[CommittedKind, list[str]]:
        missing = [k for k in COMMITTED_KINDS if not value.get(k)]
        if missing:
            raise ValueError(f"no patterns for {', '.join(missing)}")
        return value


def _compile(pattern: str, fragments: dict[str, str]) -> re.Pattern[str]:
    try:
        return re.compile(expand_fragments(pattern, fragments), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid pattern {pattern!r}: {exc}") from None


@dataclass(frozen=True)
class SentenceSignal:
    """What one sentence says about commitment: its label and the kind of signal that decided it."""

    label: SentenceLabel
    kind: str


class SignalReader:
    """Compiled rules; `read(text)` labels one sentence."""

    def __init__(self, rules: CommitmentRules, today: date | None = None) -> None:
        def group(patterns: list[str]) -> list[re.Pattern[str]]:
            return [_compile(p, rules.fragments) for p in patterns]

        self.committed = {kind: group(rules.committed[kind]) for kind in COMMITTED_KINDS}
        self.metadata = group(rules.metadata)
        self.broadcast = group(rules.broadcast)
        self.milestones = group(rules.milestones)
        self.targets = group(rules.targets)
        self.consultation = group(rules.consultation)
        self.preparation = group(rules.preparation)
        self.choices = group(rules.choices)
        self.decision_questions = group(rules.decision_questions)
        self.reported = group(rules.reported)
        self.negations = group(rules.negations)
        self.hedges = group(rules.hedges)
        self.conditionals = group(rules.conditionals)
        self.bundled = group(rules.bundled)
        self.background = group(rules.background)
        last_old_year = (today or date.today()).year - rules.background_years_back
        # "bought in 2014", "in March 2021", "sinds januari 2019"
        self.old_year = re.compile(r"\b(?:in|sinds|since|uit)\s+(?:[a-z]+\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)
        self.last_old_year = last_old_year
        self.strong = group(rules.exploring_strong)
        self.weak = group(rules.exploring_weak)

    def read(self, text: str) -> SentenceSignal:
        plain = " ".join(MARKUP.sub("", text).split())
        if _any(self.broadcast, plain):  # no signal of its own; the stage reads the memo's dates as told
            return SentenceSignal("neutral", "broadcast")
        if _any(self.metadata, plain):
            return SentenceSignal("neutral", "metadata")
        # what a purpose clause describes ("so that allowances are no longer retyped") is the aim, not a fact
        kind = self._committed_kind(_main_clause(plain))
        if kind is not None:
            if self._is_background(plain):
                return SentenceSignal("neutral", "background")
            if _any(self.reported, plain):
                return SentenceSignal("neutral", "reported_speech")
            if kind == "external_commitment" and _any(self.consultation, plain):
                return SentenceSignal("exploring", "consultation")
            if _any(self.preparation, plain):
                return SentenceSignal("exploring", "preparation")
            blocker = self._blocker(plain)
            if blocker:
                return SentenceSignal("exploring", blocker)
            if kind == "irreversible_past_action" and self._only_a_choice(plain):
                return SentenceSignal("committed", "choice")
            return SentenceSignal("committed", kind)
        blocker = self._blocker(plain, negation=False)
        if blocker:
            return SentenceSignal("exploring", blocker)
        if _any(self.weak, plain):
            return SentenceSignal("exploring", "weak")
        return SentenceSignal("neutral", "neutral")

    def asks_for_decision(self, text: str, signal: SentenceSignal) -> bool:
        """Whether the sentence asks for the decision: an exploring signal, an option or a hedge does; a question
        or a condition only where it names the decision ("Can we go ahead?", "If the board approves, ..."; not
        "Is the gallery public?" or "If owners have trouble logging in, just reset it", s38-s39)."""
        if signal.label != "exploring" or signal.kind not in ("exploring", "question", "hedge", "conditional"):
            return False
        if signal.kind not in ("question", "conditional") or not self.decision_questions:
            return True
        return _any(self.decision_questions, text)

    def _committed_kind(self, text: str) -> CommittedKind | None:
        if _any(self.milestones, text):
            # "Keys ordered: 16 March" is a step of the plan; "Wouter licht toe: contract is op 11 februari getekend"
            # reports an act after its label
            if _any(self.committed["irreversible_past_action"], text.partition(":")[2]):
                return "irreversible_past_action"
            return "dated_declarative"
        return next((k for k in COMMITTED_KINDS if _any(self.committed[k], text)), None)

    def _only_a_choice(self, text: str) -> bool:
        """A choice is all the sentence commits to: without its choice words no committed signal is left."""
        if not _any(self.choices, text):
            return False
        rest = text
        for pattern in self.choices:
            rest = pattern.sub(" ", rest)
        return self._committed_kind(rest) is None

    def _blocker(self, text: str, negation: bool = True) -> str | None:
        if text.rstrip().endswith("?"):
            return "question"
        checks = (
            ("exploring", self.strong),
            ("conditional", self.conditionals),
            ("hedge", self.hedges),
            ("bundled", self.bundled),
            ("target", self.targets),
            ("negation", self.negations if negation else []),
        )
        main = PURPOSE.split(text, maxsplit=1)[0]
        return next((name for name, patterns in checks if _any(patterns, main if name == "negation" else text)), None)

    def _is_background(self, text: str) -> bool:
        if _any(self.background, text):
            return True
        return any(int(m.group(1)) <= self.last_old_year for m in self.old_year.finditer(text))


def _main_clause(text: str) -> str:
    """The part of a sentence that can state a commitment: without quoted words, purpose and before-clauses."""
    text = QUOTED.sub(" ", text)
    text = PURPOSE.split(text, maxsplit=1)[0]
    return BEFORE.split(text, maxsplit=1)[0]


def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def load_rules(path: Path = RULES_FILE) -> CommitmentRules:
    from core.data_files import load_yaml

    return load_yaml(path, CommitmentRules)


@lru_cache(maxsize=1)
def default_reader() -> SignalReader:
    return SignalReader(load_rules())
