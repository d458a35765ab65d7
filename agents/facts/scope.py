"""Who a proposal is about: the groups of people it covers only, and the groups it leaves out.

Why: a concern about the night shift is not open in a "laptop refresh for office staff"; it does
not apply. Answered detection by meaning cannot see that (no sentence talks about the night shift),
so scope is read separately, from the title, headings and sentences, with the groups and phrasings
as data in `scope.yaml`. A group the proposal names elsewhere ("drivers get a tablet too") is never
read as left out by a restriction alone; an explicit exclusion always counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.state import Proposal

SCOPE_FILE = Path(__file__).with_name("scope.yaml")


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str] = Field(min_length=1)
    outside: list[str] = Field(default_factory=list, description="groups whose 'only' scope leaves this one out")


class ScopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    groups: dict[str, Group]
    only: list[str]
    only_in_heading: list[str]
    left_out: list[str]

    @field_validator("only", "only_in_heading", "left_out")
    @classmethod
    def _has_slot(cls, values: list[str]) -> list[str]:
        for value in values:
            if "{group}" not in value:
                raise ValueError(f"pattern without {{group}}: {value!r}")
            re.compile(value.replace("{group}", "x"))
        return values


@dataclass(frozen=True)
class Scope:
    """Groups left out of the proposal, each with the text that says so (a sentence or the title)."""

    left_out: dict[str, str] = field(default_factory=dict)

    def excludes(self, groups: list[str]) -> str | None:
        """The quote that leaves out every one of `groups`, or None when any of them is in scope."""
        if not groups or any(g not in self.left_out for g in groups):
            return None
        return self.left_out[groups[0]]


class Compiled:
    def __init__(self, raw: ScopeFile) -> None:
        self.raw = raw
        self.words: dict[str, re.Pattern[str]] = {}
        self.only: dict[str, re.Pattern[str]] = {}
        self.only_in_heading: dict[str, re.Pattern[str]] = {}
        self.left_out: dict[str, re.Pattern[str]] = {}
        for name, group in raw.groups.items():
            words = "(?:" + "|".join(_phrase(w) for w in sorted(group.words, key=len, reverse=True)) + ")"
            self.words[name] = re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)
            for target, patterns in (
                (self.only, raw.only),
                (self.only_in_heading, raw.only_in_heading),
                (self.left_out, raw.left_out),
            ):
                target[name] = re.compile(
                    "|".join(f"(?:{p.replace('{group}', words)})" for p in patterns), re.IGNORECASE
                )


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


@lru_cache(maxsize=1)
def load_scope(path: Path = SCOPE_FILE) -> Compiled:
    from core.data_files import load_yaml

    return Compiled(load_yaml(path, ScopeFile))


def read_scope(proposal: Proposal, skip: set[int] | None = None, patterns: Compiled | None = None) -> Scope:
    """The groups the proposal leaves out, explicitly or by covering only another group."""
    p = patterns or load_scope()
    skip = skip or set()
    sentences = [(i, s.text) for i, s in enumerate(proposal.sentences) if i not in skip]
    headings = [proposal.title, *proposal.sections]
    left_out: dict[str, str] = {}
    only: dict[str, str] = {}
    for name in p.raw.groups:
        for _, text in sentences:
            if name not in left_out and p.left_out[name].search(text):
                left_out[name] = text
            if name not in only and p.only[name].search(text):
                only[name] = text
        heading = next((h for h in headings if h and p.only_in_heading[name].search(h)), None)
        if name not in only and heading:
            only[name] = heading
    for name, group in p.raw.groups.items():
        if name in left_out:
            continue
        covering = next((only[g] for g in group.outside if g in only), None)
        named = any(p.words[name].search(text) for _, text in sentences)
        if covering is not None and not named:
            left_out[name] = covering
    return Scope(left_out)


def group_names() -> set[str]:
    return set(load_scope().raw.groups)
