"""A stored record put back together from its chunks, found by id, bare number or source path.

Why: relating a precedent to a proposal needs the record's decision and consequences, and following
"superseded by 0009" needs to find ADR-0009 by its number; the chunk snapshot already holds both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from knowledge.base import RecordView, record_number
from knowledge.search import ChunkRow


def assemble_record(rows: Sequence[ChunkRow], ref: str, near: str | None = None) -> RecordView | None:
    """`near`: the source of the record that names `ref`; a number is looked up in its folder first
    (a corpus of several teams has many records numbered 0009)."""
    wanted = ref.strip()
    match = [r for r in rows if str(r.meta.get("decision_id")) == wanted or r.meta.get("source") == wanted]
    number = record_number(wanted)
    if not match and number is not None:
        match = [r for r in rows if record_number(str(r.meta.get("decision_id"))) == number]
        folder = str(Path(near).parent) if near else None
        local = [r for r in match if str(Path(str(r.meta.get("source"))).parent) == folder]
        match = local or match
    if not match:
        return None
    source = match[0].meta.get("source")
    parts = sorted((r for r in match if r.meta.get("source") == source), key=lambda r: int(r.meta["chunk_index"]))
    sections: dict[str, str] = {}
    for row in parts:
        if row.kind == "section":
            name = str(row.meta.get("section"))
            sections[name] = f"{sections[name]}\n\n{row.document}" if name in sections else row.document
    meta = parts[0].meta
    return RecordView(
        decision_id=str(meta["decision_id"]),
        title=str(meta.get("title", "")),
        status=str(meta.get("status")) if meta.get("status") else None,
        source=str(source),
        sections=sections,
    )
