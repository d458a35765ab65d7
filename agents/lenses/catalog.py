"""The old tailoring vocabulary, kept only for agents/nodes/done.py until its rewrite.

The concern catalogue that lived here is gone: the builtin reviewer is `agents/judge` over the
pre-mortem library (`agents/lenses/library.py`). Delete this module with tailor.py and
vocabulary.yaml once done.py no longer imports them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel


class Vocabulary(BaseModel):
    version: int
    people: list[str]
    not_systems: list[str]
    fallback: dict[str, dict[str, str]]


def _read(name: str) -> dict:
    return yaml.safe_load(resources.files("agents.lenses").joinpath(name).read_text(encoding="utf-8"))


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
