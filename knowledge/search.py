"""Hybrid ranking of records: dense (e5) and lexical (BM25) evidence on whole records and sections.

Why records and two kinds of chunk: a proposal is about what a record decided as a whole (title,
context, decision), while a citation needs one section ("Consequences: ..."). Each record is
stored as one whole passage and as section chunks; search ranks records by fusing four lists
(dense/lexical x whole/section, each record at its best chunk of that kind) and quotes the best
section. Dense finds paraphrases and crosses languages, BM25 nails exact names. The weights and
the fusion method were tuned on the development split of evals/retrieval/queries.yaml only.
Inactive decisions (superseded, deprecated, rejected) stay findable, flagged, but down-ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import bm25s
import numpy as np

from knowledge.base import SearchHit, is_inactive_status, record_number

INACTIVE_PENALTY = 0.95  # a small cost for any inactive record; below its successor is a rule (see fuse_records)
STOPWORDS = sorted(set(bm25s.stopwords.STOPWORDS_EN) | set(bm25s.stopwords.STOPWORDS_DUTCH))
FusionMethod = Literal["rrf", "score"]


@dataclass(frozen=True)
class FusionWeights:
    """How much each list counts; `method` "rrf" fuses ranks, "score" fuses normalised scores."""

    dense_whole: float = 1.0
    dense_section: float = 1.0
    lexical_whole: float = 0.0
    lexical_section: float = 0.5
    method: FusionMethod = "rrf"
    rrf_k: int = 60
    """Reciprocal-rank constant: 60 is the textbook value, but it makes ranks 1 and 6 nearly equal."""

    def only(self, dense: bool, lexical: bool) -> FusionWeights:
        """The same weights with one side switched off (the dense-only and lexical-only modes)."""
        return FusionWeights(
            dense_whole=self.dense_whole if dense else 0.0,
            dense_section=self.dense_section if dense else 0.0,
            lexical_whole=self.lexical_whole if lexical else 0.0,
            lexical_section=self.lexical_section if lexical else 0.0,
            method=self.method,
            rrf_k=self.rrf_k,
        )


# Tuned on the dev split only (`python -m evals.retrieval_eval --tune`, 31 queries, grid of 331
# settings). With mean-centred dense ranking (knowledge.centring): dev hit@5 0.806 / MRR 0.697 vs
# dense-only 0.806 / 0.696; held-out (31 queries, never tuned on) 0.710 / 0.638 vs dense-only
# 0.710 / 0.634. Re-tuning after centring found (1, 1, 0, 0.1) at dev MRR 0.704: less than one
# query moving from rank 1 to 2 (0.016), so the weights were kept. A small RRF constant lets a
# clear dense winner keep its lead. Stemmed BM25 and coverage-scaled BM25 did not beat this on dev
# (evals/retrieval/FINDINGS.md).
DEFAULT_WEIGHTS = FusionWeights(1.0, 1.0, 0.1, 0.5, "rrf", rrf_k=10)


@dataclass(frozen=True)
class ChunkRow:
    """What search needs to know about one stored chunk."""

    chunk_id: str
    document: str
    meta: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind") or "section")

    @property
    def record_key(self) -> str:
        return str(self.meta.get("source") or self.meta.get("decision_id"))

    @property
    def lexical_text(self) -> str:
        if self.kind == "whole":  # the whole passage already starts with the title
            return self.document
        return f"{self.meta.get('title', '')}\n{self.meta.get('heading', '')}\n{self.document}"


@dataclass(frozen=True)
class Candidates:
    """One query's raw evidence: dense (row, cosine) and lexical (row, BM25) lists, best first."""

    dense: Sequence[tuple[ChunkRow, float]]
    lexical: Sequence[tuple[ChunkRow, float]]


def tokenize(texts: Sequence[str]) -> Any:
    return bm25s.tokenize(list(texts), stopwords=STOPWORDS, show_progress=False)


class LexicalIndex:
    """BM25 over every stored chunk (whole passages and sections), with the chunk snapshot."""

    def __init__(
        self, rows: Sequence[ChunkRow], retriever: bm25s.BM25 | None = None, centre: np.ndarray | None = None
    ) -> None:
        self.rows = list(rows)
        self.by_id = {row.chunk_id: row for row in self.rows}
        self.centre = centre
        """Mean chunk vector of the same snapshot (see knowledge.centring); None: rank by raw cosine."""
        self.retriever = retriever
        if self.rows and retriever is None:
            self.retriever = bm25s.BM25()
            self.retriever.index(tokenize([r.lexical_text for r in self.rows]), show_progress=False)

    def top(self, query: str, n: int) -> list[tuple[ChunkRow, float]]:
        if self.retriever is None or not self.rows:
            return []
        tokens = tokenize([query])
        if not tokens.vocab:
            return []
        n = min(n, len(self.rows))
        docs, scores = self.retriever.retrieve(tokens, k=n, show_progress=False, n_threads=1)
        return [(self.rows[int(i)], float(s)) for i, s in zip(docs[0], scores[0], strict=True) if s > 0]


def is_inactive(meta: Mapping[str, Any]) -> bool:
    """Same rule as `SearchHit.is_current`: the first word of the status label decides."""
    return is_inactive_status(str(meta.get("status") or ""))


def _per_record(pairs: Sequence[tuple[ChunkRow, float]], kind: str) -> list[tuple[ChunkRow, float]]:
    """Best chunk of `kind` per record, in the list's order (lists come best first)."""
    seen: set[str] = set()
    out: list[tuple[ChunkRow, float]] = []
    for row, score in pairs:
        if row.kind == kind and row.record_key not in seen:
            seen.add(row.record_key)
            out.append((row, score))
    return out


@dataclass
class RankedRecord:
    key: str
    score: float
    quote_row: ChunkRow
    similarity: float | None


def fuse_records(cands: Candidates, weights: FusionWeights, k: int) -> list[RankedRecord]:
    """Rank records by the weighted fusion of the four lists; quote each record's best section."""
    lists = [
        (weights.dense_whole, _per_record(cands.dense, "whole")),
        (weights.dense_section, _per_record(cands.dense, "section")),
        (weights.lexical_whole, _per_record(cands.lexical, "whole")),
        (weights.lexical_section, _per_record(cands.lexical, "section")),
    ]
    fused: dict[str, float] = {}
    for n, (weight, ranking) in enumerate(lists):
        if weight <= 0 or not ranking:
            continue
        top = max(score for _, score in ranking) or 1.0
        for rank, (row, score) in enumerate(ranking):
            if weights.method == "rrf":
                gain = weight / (weights.rrf_k + rank + 1) * (weights.rrf_k + 1)
            else:  # cosines are used as they are; BM25 is scaled to the query's best score
                gain = weight * (score if n < 2 else score / top)
            fused[row.record_key] = fused.get(row.record_key, 0.0) + gain
    if weights.method == "score":
        _floor_missing(fused, lists[:2])
    total = sum(weight for weight, ranking in lists if weight > 0 and ranking) or 1.0
    quote: dict[str, ChunkRow] = {}
    similarity: dict[str, float] = {}
    for row, sim in cands.dense:  # dense order: the section most like the query is quoted
        similarity[row.record_key] = max(sim, similarity.get(row.record_key, -1.0))
        if row.kind == "section":
            quote.setdefault(row.record_key, row)
    anyrow: dict[str, ChunkRow] = {}
    for row, _ in [*cands.dense, *cands.lexical]:
        anyrow.setdefault(row.record_key, row)
        if row.kind == "section":
            quote.setdefault(row.record_key, row)
    floor = min(similarity.values()) if similarity else None
    ranked = [
        RankedRecord(
            key=key,
            score=score / total * (INACTIVE_PENALTY if is_inactive(anyrow[key].meta) else 1.0),
            quote_row=quote.get(key, anyrow[key]),
            similarity=similarity.get(key, floor),
        )
        for key, score in fused.items()
    ]
    ranked.sort(key=lambda r: -r.score)
    return _successors_first(ranked, anyrow)[:k]


def _floor_missing(
    fused: dict[str, float], dense_lists: Sequence[tuple[float, Sequence[tuple[ChunkRow, float]]]]
) -> None:
    """In score fusion, a record absent from a dense list counts at that list's lowest cosine (it
    ranked below every candidate, so at most that), not at 0: otherwise a record whose whole passage
    missed the candidate cut lost a full cosine (~0.8) to one whose passage made it."""
    for weight, ranking in dense_lists:
        if weight <= 0 or not ranking:
            continue
        present = {row.record_key for row, _ in ranking}
        floor = weight * min(score for _, score in ranking)
        for key in fused.keys() - present:
            fused[key] += floor


def _successors_first(ranked: list[RankedRecord], rows: Mapping[str, ChunkRow]) -> list[RankedRecord]:
    """A superseded record never ranks above the record that superseded it, when both are found
    (the successor: the same folder, the number the status names)."""

    def place(key: str, number: int | None) -> tuple[str, int | None]:
        return (str(Path(str(rows[key].meta.get("source") or "")).parent), number)

    position = {
        place(r.key, record_number(str(rows[r.key].meta.get("decision_id", "")))): i for i, r in enumerate(ranked)
    }
    out = list(ranked)
    for record in ranked:
        status = str(rows[record.key].meta.get("status") or "")
        if not status.lower().startswith("superseded by "):
            continue
        successor = position.get(place(record.key, record_number(status[len("superseded by ") :])))
        mine = out.index(record)
        if successor is not None and successor > mine and record_number(status) is not None:
            target = out[successor]
            out.remove(record)
            out.insert(out.index(target) + 1, record)
            record.score = min(record.score, target.score)
    return out


def to_hit(row: ChunkRow, score: float, similarity: float | None = None) -> SearchHit:
    meta = row.meta
    return SearchHit(
        decision_id=str(meta.get("decision_id", "")),
        title=str(meta.get("title", "")),
        status=str(meta.get("status")) if meta.get("status") else None,
        source=str(meta.get("source", "")),
        section=str(meta.get("section")) if meta.get("section") else None,
        score=round(float(score), 4),
        quote=row.document,
        similarity=round(similarity, 4) if similarity is not None else None,
    )


def dense_similarity(distance: float) -> float:
    """Chroma's cosine distance back to a similarity in [-1, 1]."""
    return float(np.clip(1.0 - distance, -1.0, 1.0))
