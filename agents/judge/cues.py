"""Literal cue stems (EN and NL) as one regex: each stem must start at a word boundary.

Why stems: "uitfaser" should find "uitfaseren" and "uitgefaseerd" alike without a stemmer.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)
def cue_pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    if not stems:
        return None
    ordered = sorted({s.lower().strip() for s in stems if s.strip()}, key=len, reverse=True)
    alternatives = [r"\s+".join(re.escape(word) for word in stem.split()) for stem in ordered]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def cue_hits(stems: list[str], texts: list[str]) -> list[bool]:
    """Per text, whether any stem occurs in it."""
    pattern = cue_pattern(tuple(stems))
    if pattern is None:
        return [False] * len(texts)
    return [pattern.search(t) is not None for t in texts]
