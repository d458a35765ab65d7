"""Real decision records as review material: the record without its consequences is the proposal, the
consequences section is what its authors foresaw or saw happen once the decision was taken.

Why: a record's own consequences are an answer key nobody wrote for gapreview. Hiding them and
reviewing the rest asks whether a reviewer sees them coming. The records are read at run time from
the shared folder (`../shared/data/decision-records`); their text never enters the project, so
recorded answers refer to proposal sentences by number (`proposal_sentences`, 1-based) and find their
record by a digest of the proposal, never by its words.

What counts as the consequences section: an ATX heading (the product's own `HEADING` rule) whose
title names consequences ("Consequences", "Positive Consequences", "Gevolgen"), with everything up
to the next heading of the same or a higher level (so its sub-headings go with it). Status lines and
every other section stay in the proposal.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

from agents.nodes.read import HEADING, parse_proposal
from core.errors import InputError
from evals.retrieval_eval import default_corpus

CONSEQUENCES_TITLE = re.compile(r"consequence|gevolg", re.IGNORECASE)
DIGEST_CHARS = 16


@dataclass(frozen=True)
class HiddenRecord:
    """One record split in two: what the reviewer sees and what it must anticipate."""

    path: str  # relative to the records folder, e.g. "GSA-TTS__FAC/0007-use-github-actions-for-ci.md"
    proposal: str
    consequences: str


def default_records_folder() -> Path:
    """The shared folder ($GAPREVIEW_SHARED_DIR/data/decision-records, ../shared, or /work/shared)."""
    return default_corpus()


def split_record(text: str) -> tuple[str, str]:
    """(the record without its consequences sections, the consequences sections' text)."""
    kept: list[str] = []
    hidden: list[str] = []
    hiding_level = 0  # heading level of the consequences section being hidden; 0 = not hiding
    for line in text.splitlines(keepends=True):
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if hiding_level and level <= hiding_level:
                hiding_level = 0
            if not hiding_level and CONSEQUENCES_TITLE.search(heading.group(2)):
                hiding_level = level
        (hidden if hiding_level else kept).append(line)
    return "".join(kept).rstrip() + "\n", "".join(hidden)


def load_record(folder: Path, path: str) -> HiddenRecord | None:
    """The record at `folder/path` split in two; None when it has no consequences to hide."""
    file = folder / path
    if not file.is_file():
        raise InputError(f"no decision record {path} in {folder}")
    proposal, consequences = split_record(file.read_text(encoding="utf-8"))
    if not consequence_statements(consequences):
        return None
    return HiddenRecord(path=path, proposal=proposal, consequences=consequences)


def consequence_statements(consequences: str) -> list[str]:
    """The hidden section as statements: the product's sentence splitter (headings left out; list
    items and table rows are units of their own)."""
    return [s.text for s in parse_proposal(consequences).sentences] if consequences.strip() else []


def eligible_paths(folder: Path) -> list[str]:
    """Every record (relative path) that has a non-empty consequences section, sorted."""
    paths = []
    for file in sorted(folder.glob("*/*.md")):
        _, consequences = split_record(file.read_text(encoding="utf-8"))
        if consequence_statements(consequences):
            paths.append(file.relative_to(folder).as_posix())
    return paths


def spread(paths: Iterable[str], limit: int) -> list[str]:
    """Up to `limit` paths taken round-robin over the source folders (sorted), so a small sample is
    not all from one organisation."""
    by_source: dict[str, list[str]] = {}
    for path in sorted(paths):
        by_source.setdefault(path.split("/", 1)[0], []).append(path)
    interleaved = [p for row in zip_longest(*by_source.values()) for p in row if p is not None]
    return interleaved[:limit]


def proposal_sentences(proposal: str) -> list[str]:
    """The proposal's sentences as gapreview reads them (`agents.nodes.read.parse_proposal`): the
    numbering (1-based) that recorded answers use for their quotes."""
    return [s.text for s in parse_proposal(proposal).sentences]


def proposal_digest(proposal: str) -> str:
    """A short sha256 of the whitespace-normalised proposal: names a proposal without quoting it."""
    return hashlib.sha256(" ".join(proposal.split()).encode("utf-8")).hexdigest()[:DIGEST_CHARS]
