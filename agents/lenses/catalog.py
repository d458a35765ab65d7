"""Load the concern catalogue and vocabulary (data files) into typed objects."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from agents.schemas import Kind, Perspective, Severity


class Concern(BaseModel):
    """One thing a perspective would ask about, with when it applies and when it is answered."""

    id: str
    perspective: Perspective
    kind: Kind
    severity: Severity
    always: bool = False
    relevant_when: list[str]
    triggers: list[str] = Field(default_factory=list)
    answered_when: list[str]
    answers: list[str] = Field(default_factory=list)
    question: dict[str, str]
    why: dict[str, str]
    source: Literal["catalog", "rules"] = "catalog"

    def text_for(self, field: dict[str, str], language: str) -> str:
        return field.get(language) or field["en"]


class Catalog(BaseModel):
    version: int
    concerns: list[Concern]


class Vocabulary(BaseModel):
    version: int
    people: list[str]
    not_systems: list[str]
    fallback: dict[str, dict[str, str]]


def _read(name: str) -> dict:
    return yaml.safe_load(resources.files("agents.lenses").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    return Catalog.model_validate(_read("catalog.yaml"))


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    return Vocabulary.model_validate(_read("vocabulary.yaml"))


@lru_cache(maxsize=512)
def stem_pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of literal word stems: each must start at a word boundary."""
    if not stems:
        return None
    ordered = sorted((s.lower() for s in stems), key=len, reverse=True)
    alternatives = [r"\s+".join(re.escape(word) for word in stem.split()) for stem in ordered]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
