"""synthesize: duplicates merged, ranking by severity and commitment, the reading cap."""

from __future__ import annotations

from fakes import HashEmbedder, make_finding

from agents.nodes.synthesize import READING_CAP, deduplicate, keep_each_kind_visible, rank_key, unique_ids
from agents.schemas import Commitment, Finding
from agents.state import ReviewContext
from core.settings import Settings
from knowledge.base import EmptyKnowledge


def finding(fid: str, title: str, severity: str = "medium", origin: str = "lens", quote: str = "q") -> Finding:
    return make_finding(
        title, quote, id=fid, severity=severity, origin=origin, concern=fid if origin != "llm" else None
    )


def context(settings: Settings) -> ReviewContext:
    return ReviewContext(settings=settings, embedder=HashEmbedder(), knowledge=EmptyKnowledge())


def test_llm_finding_that_repeats_a_lens_finding_is_dropped(settings: Settings) -> None:
    lens = finding("it.rollback", "How do you roll back the scanner login if it fails?")
    twin = finding("llm-it-1", "How do you roll back the scanner login if it fails?", origin="llm")
    new = finding("llm-it-2", "Who pays the overtime of drivers during enrolment?", origin="llm")
    kept = deduplicate([lens, twin, new], context(settings))
    assert [f.id for f in kept] == ["it.rollback", "llm-it-2"]


def test_same_concern_raised_by_both_sides_is_kept_once(settings: Settings) -> None:
    first = finding("precedent-ADR-1", "Earlier decision applies")
    second = finding("precedent-ADR-1", "Earlier decision applies")
    assert len(deduplicate([first, second], context(settings))) == 1


def test_ranking_puts_severity_first_then_gaps_that_touch_a_commitment() -> None:
    committed = Commitment(stage="committed", signals=["The contract is signed."])
    low = finding("a", "low", severity="low")
    medium_free = finding("b", "medium", quote="Other sentence.")
    medium_blocking = finding("c", "medium", quote="The contract is signed.")
    high = finding("d", "high", severity="high")
    ranked = sorted([low, medium_free, medium_blocking, high], key=lambda f: rank_key(f, committed))
    assert [f.id for f in ranked] == ["d", "c", "b", "a"]


def test_duplicate_ids_are_made_unique() -> None:
    ids = [f.id for f in unique_ids([finding("x", "one"), finding("x", "two"), finding("y", "three")])]
    assert ids == ["x", "x-2", "y"]


def test_reading_cap_is_about_a_dozen() -> None:
    assert 10 <= READING_CAP <= 15


def test_every_kind_keeps_a_place_in_the_reading_list() -> None:
    questions = [finding(f"q{i}", f"question {i}", severity="high") for i in range(READING_CAP + 2)]
    done = make_finding(
        "agree which criterion decides",
        id="done-mixed",
        kind="done_divergence",
        perspective="both",
        severity="low",
        origin="done",
    )
    ranked = keep_each_kind_visible(questions + [done])
    assert len(ranked) == len(questions) + 1
    assert done in ranked[:READING_CAP]
    assert ranked[READING_CAP - 2].id == f"q{READING_CAP - 2}"
    assert [f.id for f in ranked[READING_CAP:]] == [f"q{READING_CAP - 1}", f"q{READING_CAP}", f"q{READING_CAP + 1}"]
