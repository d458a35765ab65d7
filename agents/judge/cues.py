"""Literal cue stems (EN and NL) as one regex: each stem must start at a word boundary.

Why stems: "uitfaser" should find "uitfaseren" and "uitgefaseerd" alike without a stemmer.
Why some stems are whole words: a short stem is the start of too many unrelated words ("log" of
"logistiek", "temp" of "template", "sla" of "slaat", "edi" of "edited"); where a caller asks for
it (`whole_below`), a stem shorter than that matches only as a word of its own, or its plural.
"""

from __future__ import annotations

import re
from functools import lru_cache

WHOLE_WORD_BELOW = 5  # a cue stem this short must be a word of its own ("log" is not "logistiek")
PLURAL = r"(?:s|es|en|'s)?(?![^\W\d_])"  # the word ends here (digits may follow: "ftp01")


@lru_cache(maxsize=4096)
def cue_pattern(stems: tuple[str, ...], whole_below: int = 0) -> re.Pattern[str] | None:
    if not stems:
        return None
    ordered = sorted({s.lower().strip() for s in stems if s.strip()}, key=len, reverse=True)
    alternatives = []
    for stem in ordered:
        words = r"\s+".join(re.escape(word) for word in stem.split())
        alternatives.append(words + PLURAL if len(stem) < whole_below else words)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def cue_hits(stems: list[str], texts: list[str], whole_below: int = 0) -> list[bool]:
    """Per text, whether any stem occurs in it (stems shorter than `whole_below` as whole words)."""
    pattern = cue_pattern(tuple(stems), whole_below)
    if pattern is None:
        return [False] * len(texts)
    return [pattern.search(t) is not None for t in texts]
