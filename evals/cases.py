"""Labelled eval cases: a proposal text (`<slug>.md`) beside its expectations (`<slug>.yaml`).

Cases are data so that anyone can add one without touching code. Loading is strict: a malformed
case would silently change every score, so each problem is an error that names the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.schemas import Kind, Perspective, Stage
from core.errors import InputError

CASE_SUFFIXES = (".yaml", ".yml", ".json")


class CaseError(InputError):
    """A case file cannot be used; the message names the file and the problem."""


class ExpectedGap(BaseModel):
    """A gap a careful human reviewer would raise on this proposal."""

    model_config = ConfigDict(extra="forbid")
    kind: Kind
    perspective: Perspective
    gap: str = Field(min_length=3)
    anchors: list[str] = Field(default_factory=list)


class CaseSpec(BaseModel):
    """The YAML part of a case, exactly as written by the case author."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    language: Literal["en", "nl"]
    origin: Literal["it", "business"]
    stage: Stage
    expected: list[ExpectedGap] = Field(min_length=1)
    answered: list[str] = Field(default_factory=list)
    notes: str | None = None


class EvalCase(CaseSpec):
    """A loaded case: the spec plus the proposal text it describes."""

    text: str
    path: Path


def _format_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def load_case(spec_path: Path) -> EvalCase:
    """Load one case from its YAML/JSON file and the `.md` proposal beside it."""
    try:
        raw = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{spec_path}: cannot read case file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise CaseError(f"{spec_path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise CaseError(f"{spec_path}: expected a mapping with id, language, origin, stage, expected")
    try:
        spec = CaseSpec.model_validate(raw)
    except ValidationError as exc:
        raise CaseError(f"{spec_path}: {_format_validation(exc)}") from exc
    if spec.id != spec_path.stem:
        raise CaseError(f"{spec_path}: id {spec.id!r} does not match the file name {spec_path.stem!r}")
    text_path = spec_path.with_suffix(".md")
    try:
        text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CaseError(f"{spec_path}: proposal text {text_path.name} is missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{text_path}: cannot read proposal text ({exc})") from exc
    if not text.strip():
        raise CaseError(f"{text_path}: proposal text is empty")
    return EvalCase(**spec.model_dump(), text=text, path=spec_path)


def load_cases(directory: Path) -> list[EvalCase]:
    """All cases in a directory, sorted by id; refuses an empty set and duplicate ids."""
    if not directory.is_dir():
        raise CaseError(f"{directory}: not a directory of eval cases")
    specs = sorted(p for p in directory.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file())
    if not specs:
        raise CaseError(f"{directory}: no case files (*.yaml) found")
    cases: list[EvalCase] = []
    seen: dict[str, Path] = {}
    for spec_path in specs:
        case = load_case(spec_path)
        if case.id in seen:
            raise CaseError(f"{spec_path}: duplicate case id {case.id!r} (also in {seen[case.id].name})")
        seen[case.id] = spec_path
        cases.append(case)
    return sorted(cases, key=lambda c: c.id)
