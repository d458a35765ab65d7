"""What the review pipeline needs from a knowledge base: search, and nothing else.

The pipeline depends on this protocol, not on chromadb, so an empty or fake knowledge base
works in tests and on a fresh machine.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

INACTIVE_STATUSES = frozenset({"superseded", "deprecated", "rejected"})


def is_inactive_status(status: str | None) -> bool:
    """The one rule: a decision whose status label starts with an inactive status is no longer current
    ("superseded by ADR-015" is superseded; "accepted" or an unknown status is current)."""
    return (status or "").split(" ")[0].lower() in INACTIVE_STATUSES


def record_number(ref: str) -> int | None:
    """The record number in an id or reference ("ADR-0009", "0009", "ADR009") for matching."""
    digits = re.search(r"(\d+)\s*$", ref) or re.search(r"(\d+)", ref)
    return int(digits.group(1)) if digits else None


class SearchHit(BaseModel):
    """One chunk of one decision record that matched a query."""

    decision_id: str
    title: str
    status: str | None = None
    source: str
    section: str | None = None
    score: float
    quote: str
    similarity: float | None = None
    """Cosine of query and chunk embeddings: unlike the rank-fused `score`, comparable across queries,
    so callers can tell "best of an unrelated lot" from a real match."""

    @property
    def is_current(self) -> bool:
        """Superseded/deprecated decisions must never be presented as current."""
        return not is_inactive_status(self.status)


class RecordView(BaseModel):
    """One stored record put back together from its section chunks (for relating it to a proposal)."""

    decision_id: str
    title: str
    status: str | None = None
    source: str
    sections: dict[str, str]
    """Canonical section name ("decision", "consequences", ...) -> text, in record order."""

    @property
    def is_current(self) -> bool:
        return (self.status or "").split(" ")[0].lower() not in INACTIVE_STATUSES

    @property
    def superseded_by(self) -> str | None:
        """ "superseded by ADR-0009" -> "ADR-0009"."""
        words = (self.status or "").split(" ", 2)
        return words[2] if len(words) == 3 and words[0].lower() == "superseded" else None


@runtime_checkable
class RecordLookup(Protocol):
    """A knowledge base that can also return a whole record by id, number or source path."""

    def record(self, ref: str, near: str | None = None) -> RecordView | None: ...


class KnowledgeSource(Protocol):
    def search(self, query: str, k: int = 5) -> list[SearchHit]: ...


class EmptyKnowledge:
    """A knowledge base with no records: reviews still work, they just cite nothing."""

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        return []
