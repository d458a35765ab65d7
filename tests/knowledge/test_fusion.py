"""Reciprocal-rank fusion: weights, one chunk per record, inactive records down-ranked not dropped."""

from __future__ import annotations

import pytest

from knowledge.search import ChunkRow, fuse, to_hit


def row(cid: str, source: str, status: str = "accepted") -> ChunkRow:
    return ChunkRow(
        cid,
        f"text {cid}",
        {"source": source, "decision_id": source.upper(), "title": source, "status": status, "section": "context"},
    )


def test_agreement_beats_a_single_list() -> None:
    a, b, c = row("a", "s1"), row("b", "s2"), row("c", "s3")
    fused = fuse([(1.0, [a, b, c]), (1.0, [b, c, a])], k=3)
    assert [r.chunk_id for r, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] < 1.0 and all(score > 0 for _, score in fused)


def test_weights_decide_between_lists() -> None:
    a, b = row("a", "s1"), row("b", "s2")
    assert fuse([(1.0, [a, b]), (0.5, [b, a])], k=1)[0][0].chunk_id == "a"
    assert fuse([(0.5, [a, b]), (1.0, [b, a])], k=1)[0][0].chunk_id == "b"


def test_top_of_every_list_scores_one() -> None:
    a = row("a", "s1")
    assert fuse([(1.0, [a]), (0.5, [a])], k=1)[0][1] == pytest.approx(1.0)


def test_one_chunk_per_record() -> None:
    fused = fuse([(1.0, [row("a1", "s1"), row("a2", "s1"), row("b1", "s2")])], k=5)
    assert [r.chunk_id for r, _ in fused] == ["a1", "b1"]


def test_superseded_is_down_ranked_but_kept() -> None:
    old, new = row("old", "s1", "superseded by ADR-2"), row("new", "s2")
    fused = fuse([(1.0, [old, new]), (1.0, [old, new])], k=2)
    assert [r.chunk_id for r, _ in fused] == ["new", "old"]  # adjacent ranks: the penalty decides
    others = [row(f"x{i}", f"x{i}") for i in range(6)]
    far = fuse([(1.0, [old, *others[:3]]), (1.0, [old, *others[3:]])], k=7)
    assert far[0][0].chunk_id == "old"  # top of both lists: still first, but flagged
    assert not to_hit(*far[0]).is_current
