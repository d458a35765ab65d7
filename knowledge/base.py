"""What the review pipeline needs from a knowledge base: search, and nothing else.

The pipeline depends on this protocol, not on chromadb, so an empty or fake knowledge base
works in tests and on a fresh machine.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel

INACTIVE_STATUSES = frozenset({"superseded", "deprecated", "rejected"})


def is_inactive_status(status: str | None) -> bool:
    """The one rule: a decision whose status label starts with an inactive status is no longer current
    ("superseded by ADR-015" is superseded; "accepted" or an unknown status is current)."""
    return (status or "").split(" ")[0].lower() in INACTIVE_STATUSES


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


class KnowledgeSource(Protocol):
    def search(self, query: str, k: int = 5) -> list[SearchHit]: ...


class EmptyKnowledge:
    """A knowledge base with no records: reviews still work, they just cite nothing."""

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        return []
