"""Literal cue stems (EN and NL) as one regex: each stem must start at a word boundary.

Why stems: "uitfaser" should find "uitfaseren" and "uitgefaseerd" alike without a stemmer.
Why answer cues may join their words by a hyphen or a space alike (`loose`): "acceptable use" is
written "acceptable-use policy" as often as not, and "e-mail" as "email"; an answer missed for a
hyphen raises a finding the proposal already answers. Situation cues stay literal: they decide
whether a pitfall applies at all, and "order-status questions" of an old bot is not the new channel.
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
def cue_pattern(stems: tuple[str, ...], whole_below: int = 0, loose: bool = False) -> re.Pattern[str] | None:
    if not stems:
        return None
    ordered = sorted({s.lower().strip() for s in stems if s.strip()}, key=len, reverse=True)
    alternatives = []
    for stem in ordered:
        words = (r"[\s-]+".join(_word(w) for w in stem.split())) if loose else r"\s+".join(map(re.escape, stem.split()))
        alternatives.append(words + PLURAL if len(stem) < whole_below else words)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _word(word: str) -> str:
    """One word of a stem; a hyphen inside it may also be a space or nothing ("e-mail", "email")."""
    return r"[\s-]?".join(re.escape(part) for part in word.split("-"))


def cue_hits(stems: list[str], texts: list[str], whole_below: int = 0, loose: bool = False) -> list[bool]:
    """Per text, whether any stem occurs in it (stems shorter than `whole_below` as whole words;
    `loose`: a hyphen and a space between or inside words count alike)."""
    pattern = cue_pattern(tuple(stems), whole_below, loose)
    if pattern is None:
        return [False] * len(texts)
    return [pattern.search(t) is not None for t in texts]
