"""Record-level fusion: whole and section chunks, weights, one entry per record, inactive down-ranked."""

from __future__ import annotations

import pytest

from knowledge.search import Candidates, ChunkRow, FusionWeights, fuse_records, to_hit


def row(cid: str, source: str, kind: str = "section", status: str = "accepted") -> ChunkRow:
    meta = {"source": source, "decision_id": source.upper(), "title": source, "status": status, "kind": kind}
    meta["section"] = "record" if kind == "whole" else "consequences"
    return ChunkRow(cid, f"text {cid}", meta)


def ranked(cands: Candidates, weights: FusionWeights, k: int = 5) -> list[str]:
    return [r.key for r in fuse_records(cands, weights, k)]


DENSE = FusionWeights(1.0, 1.0, 0.0, 0.0)


def test_agreement_of_whole_and_section_beats_a_single_list() -> None:
    dense = [(row("a-w", "a", "whole"), 0.9), (row("b-s", "b"), 0.89), (row("b-w", "b", "whole"), 0.85)]
    dense += [(row("a-s", "a"), 0.80), (row("c-s", "c"), 0.79)]
    assert ranked(Candidates(dense, []), DENSE) == ["a", "b", "c"]
    # without the whole passages, b leads: the section list alone ranks b first
    assert ranked(Candidates(dense, []), FusionWeights(0.0, 1.0, 0.0, 0.0))[0] == "b"


def test_weights_decide_between_dense_and_lexical() -> None:
    dense = [(row("a", "a"), 0.9), (row("b", "b"), 0.8)]
    lexical = [(row("b", "b"), 12.0), (row("a", "a"), 3.0)]
    assert ranked(Candidates(dense, lexical), FusionWeights(0, 1.0, 0, 0.5))[0] == "a"
    assert ranked(Candidates(dense, lexical), FusionWeights(0, 0.5, 0, 1.0))[0] == "b"


def test_score_fusion_uses_the_size_of_the_gap() -> None:
    dense = [(row("a", "a"), 0.90), (row("b", "b"), 0.89)]
    lexical = [(row("b", "b"), 10.0), (row("a", "a"), 1.0)]
    w = FusionWeights(0, 1.0, 0, 0.1, "score")  # b: 0.89 + 0.1; a: 0.90 + 0.01
    assert ranked(Candidates(dense, lexical), w)[0] == "b"


def test_top_of_every_list_scores_one() -> None:
    cands = Candidates([(row("w", "a", "whole"), 0.9), (row("s", "a"), 0.8)], [(row("s", "a"), 4.0)])
    top = fuse_records(cands, FusionWeights(1.0, 1.0, 0.0, 0.5), 1)[0]
    assert top.score == pytest.approx(1.0)


def test_one_entry_per_record_quoting_its_best_section() -> None:
    dense = [(row("a-w", "a", "whole"), 0.9), (row("a2", "a"), 0.85), (row("a1", "a"), 0.8), (row("b1", "b"), 0.7)]
    fused = fuse_records(Candidates(dense, []), DENSE, 5)
    assert [r.key for r in fused] == ["a", "b"]
    assert fused[0].quote_row.chunk_id == "a2"  # a section, not the whole passage, is quoted
    assert fused[0].similarity == pytest.approx(0.9)  # the best cosine of any of its chunks


def test_superseded_is_down_ranked_but_kept() -> None:
    old, new = row("old", "s1", status="superseded by ADR-2"), row("new", "s2")
    fused = fuse_records(Candidates([(old, 0.9), (new, 0.89)], [(old, 5.0), (new, 4.9)]), DENSE, 2)
    assert [r.key for r in fused] == ["s2", "s1"]  # adjacent ranks: the penalty decides
    others = [(row(f"x{c}", f"x{c}"), 0.5) for c in "abcdef"]
    old_whole = row("old-w", "s1", "whole", status="superseded by ADR-2")
    far = fuse_records(Candidates([(old_whole, 0.95), (old, 0.9), *others], []), DENSE, 7)
    assert far[0].key == "s1"  # top of both lists: still first, but flagged
    assert not to_hit(far[0].quote_row, far[0].score).is_current


def test_a_superseded_record_never_ranks_above_its_successor_in_the_same_folder() -> None:
    old = row("old", "adr/0003-a.md", status="superseded by ADR-0015")
    old.meta["decision_id"] = "ADR-0003"  # type: ignore[index]
    new = row("new", "adr/0015-b.md")
    new.meta["decision_id"] = "ADR-0015"  # type: ignore[index]
    elsewhere = row("other", "team-b/0015-c.md")
    elsewhere.meta["decision_id"] = "ADR-0015"  # type: ignore[index]
    dense = [(old, 0.95), (elsewhere, 0.9), (row("x", "adr/x.md"), 0.85), (new, 0.8)]
    assert ranked(Candidates(dense, []), DENSE)[:3] == ["team-b/0015-c.md", "adr/x.md", "adr/0015-b.md"]
    assert ranked(Candidates(dense, []), DENSE)[3] == "adr/0003-a.md"


def test_score_fusion_counts_a_missing_dense_passage_at_the_lists_floor() -> None:
    # b's whole passage missed the candidate cut; it ranked below 0.80, so it counts as 0.80, not 0
    dense = [(row("a-w", "a", "whole"), 0.85), (row("c-w", "c", "whole"), 0.80)]
    dense += [(row("b-s", "b"), 0.90), (row("a-s", "a"), 0.70), (row("c-s", "c"), 0.69)]
    w = FusionWeights(1.0, 1.0, 0.0, 0.0, "score")
    assert ranked(Candidates(dense, []), w) == ["b", "a", "c"]  # b: 0.90 + 0.80 > a: 0.85 + 0.70
