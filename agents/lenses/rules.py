"""The organisation's own rules: architecture principles, security baselines, works-council rules.

Why a file of its own: every team has checklists the generic catalogue cannot know ("every new SaaS
tool goes through the architecture board", "monitoring staff needs works-council consent"). They
are written in the catalogue's pitfall format (`agents.lenses.library.Pitfall`), with the team's own
severity and a `version` that goes into every report and the batch fingerprint, so a changed rule
set re-reviews. The rules become one extra archetype that applies to every proposal; each rule
still fires only when its own trigger matches, like a catalogue pitfall.

File: `rules = "path"` in gapreview.toml, GAPREVIEW_RULES, or `--rules PATH` on review/batch.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agents.lenses.library import Archetype, Pitfall, Texts
from core.data_files import load_yaml
from core.settings import Settings

RULES_ARCHETYPE_ID = "organisation_rules"


class RulesFile(BaseModel):
    """A rules file: a name, a version the team bumps on every change, and its rules."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1, description="e.g. '2026.1'; recorded in every report")
    name: Texts = Field(default_factory=lambda: Texts(en="Our organisation's rules", nl="Regels van onze organisatie"))
    rules: list[Pitfall] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _version_as_text(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("version"), int | float):
            data = {**data, "version": str(data["version"])}
        return data

    @model_validator(mode="after")
    def _unique_ids(self) -> RulesFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id} appears twice")
            seen.add(rule.id)
            rule.source = "rules"
        return self


def load_rules(path: Path) -> RulesFile:
    """Read and validate a rules file; a problem is a ConfigError "file:line: field: problem".

    Parsed once per file version: a review asks for the rules twice (judging, the report's version)
    and a batch once per draft; an edited file (new mtime) is read again."""
    try:
        stamp: int | None = path.stat().st_mtime_ns
    except OSError:
        stamp = None  # load_yaml turns the missing or unreadable file into one clear error
    return _parsed_rules(path, stamp)


@lru_cache(maxsize=8)
def _parsed_rules(path: Path, stamp: int | None) -> RulesFile:
    return load_yaml(path, RulesFile)


def rules_file(settings: Settings) -> RulesFile | None:
    return load_rules(settings.rules) if settings.rules is not None else None


def rules_version(settings: Settings) -> str | None:
    rules = rules_file(settings)
    return rules.version if rules else None


def rules_archetype(settings: Settings) -> Archetype | None:
    """The rules as one always-applying archetype (None when no rules file is configured)."""
    rules = rules_file(settings)
    if rules is None:
        return None
    return Archetype(
        id=RULES_ARCHETYPE_ID,
        name=rules.name,
        recognise=["any proposal for a decision", "elk voorstel voor een besluit"],
        pitfalls=rules.rules,
    )
