"""Labelled eval cases: a proposal text (`<slug>.md`) beside its expectations (`<slug>.yaml`).

Cases are data so that anyone can add one without touching code. Loading is strict: a malformed
case would silently change every score, so each problem is an error that names the file.

Splits: a case's split comes from its folder, never from the case file. Everything under a folder
named `heldout` is the held-out split (it never tunes thresholds, patterns or wording); every other
case is the development split. Loading a folder reads it recursively, so `evals/cases` yields both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.schemas import Kind, Perspective, Stage
from core.errors import InputError

CASE_SUFFIXES = (".yaml", ".yml", ".json")
Split = Literal["dev", "heldout"]
SPLITS: tuple[Split, ...] = ("dev", "heldout")
HELDOUT_FOLDER = "heldout"


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
    split: Split = "dev"


def _format_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def load_case(spec_path: Path, split: Split = "dev") -> EvalCase:
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
    return EvalCase(**spec.model_dump(), text=text, path=spec_path, split=split)


def split_of(spec_path: Path, root: Path) -> Split:
    """`heldout` when the file sits in a `heldout` folder (the root itself included), else `dev`."""
    folders = [root.resolve().name, *spec_path.resolve().relative_to(root.resolve()).parts[:-1]]
    return "heldout" if HELDOUT_FOLDER in folders else "dev"


def _spec_files(directory: Path) -> list[Path]:
    """Case files under `directory`, recursively; hidden folders and files are skipped."""
    found = []
    for path in directory.rglob("*"):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix in CASE_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def load_cases(directory: Path, split: Split | None = None) -> list[EvalCase]:
    """All cases under a directory (recursively), sorted by id; `split` keeps only that split.

    Refuses an empty selection and duplicate ids (also across splits: a case in both splits would
    let held-out figures be tuned on).
    """
    if not directory.is_dir():
        raise CaseError(f"{directory}: not a directory of eval cases")
    specs = _spec_files(directory)
    if not specs:
        raise CaseError(f"{directory}: no case files (*.yaml) found")
    cases: list[EvalCase] = []
    seen: dict[str, Path] = {}
    for spec_path in specs:
        case = load_case(spec_path, split_of(spec_path, directory))
        if case.id in seen:
            raise CaseError(f"{spec_path}: duplicate case id {case.id!r} (also in {seen[case.id]})")
        seen[case.id] = spec_path
        cases.append(case)
    if split is not None:
        cases = [c for c in cases if c.split == split]
        if not cases:
            raise CaseError(f"{directory}: no cases in the {split} split")
    return sorted(cases, key=lambda c: c.id)
