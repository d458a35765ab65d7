"""Does a finding name the proposal's own subject, or could it stand on any proposal?

A checklist line ("Who owns this after go-live?") reads the same on every proposal; a useful
finding names the system, the group of people or the date from this text ("Who owns the Zebra
scanners for the 140 warehouse staff after go-live?"). We call a proposal term distinctive when
it is not a stop word, not part of the generic vocabulary (checklist and lens catalogue text) and
either a proper noun/acronym/number or rare across the other proposals of the eval set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN_PLUS

_WORD = re.compile(r"[^\W_][\w\-]*[^\W_]|[^\W_]", re.UNICODE)
STOPWORDS = frozenset(w.lower() for w in (*STOPWORDS_EN_PLUS, *STOPWORDS_DUTCH))
MIN_LENGTH = 4
MAX_DOCUMENT_FREQUENCY = 0.3  # a term in more than 30% of the eval proposals is not distinctive


def words(text: str) -> list[str]:
    """Unicode words (hyphenated compounds kept whole), original case."""
    return _WORD.findall(text)


def _is_named(token: str, at_sentence_start: bool) -> bool:
    """Proper noun, acronym or number: names a thing even if short or common elsewhere."""
    if any(ch.isdigit() for ch in token):
        return True
    if len(token) >= 2 and token.isupper():
        return True
    return token[:1].isupper() and not at_sentence_start


class SubjectTerms:
    """Builds the distinctive-term set of a proposal and tests findings against it."""

    def __init__(self, generic_texts: Iterable[str], corpus: Sequence[str] = ()) -> None:
        self.generic = {w.lower() for text in generic_texts for w in words(text)}
        self._corpus_sets = [{w.lower() for w in words(doc)} for doc in corpus]

    def _document_frequency(self, term: str) -> float:
        if len(self._corpus_sets) < 4:  # too few documents to call anything common
            return 0.0
        return sum(term in doc for doc in self._corpus_sets) / len(self._corpus_sets)

    def terms(self, proposal: str) -> set[str]:
        """Lower-cased distinctive terms of the proposal."""
        found: set[str] = set()
        for sentence in re.split(r"(?<=[.!?:])\s+|\n+", proposal):
            for i, token in enumerate(words(sentence)):
                low = token.lower()
                if low in STOPWORDS or low in self.generic:
                    continue
                named = _is_named(token, at_sentence_start=(i == 0))
                if named or (len(low) >= MIN_LENGTH and self._document_frequency(low) <= MAX_DOCUMENT_FREQUENCY):
                    found.add(low)
        return found

    @staticmethod
    def is_specific(finding_text: str, terms: set[str], quotes: Iterable[str] = ()) -> bool:
        """True if the finding's own words (quotes of the proposal removed) use a distinctive term.

        Quotes are removed because pasting a proposal sentence under a generic question does not
        make the question itself specific.
        """
        for quote in quotes:
            if quote:
                finding_text = finding_text.replace(quote, " ")
        return any(w.lower() in terms for w in words(finding_text))
