"""The ranking policy and the duplicate merge: importance, severity, commitment, cap; fallback order."""

from __future__ import annotations

from fakes import HashEmbedder, make_finding

from agents.nodes.ranking import (
    MAX_ENGINE_IN_FALLBACK,
    MAX_TEMPLATE_SHARE,
    READING_CAP,
    engine_slots_beside,
    fallback_order,
    keep_each_kind_visible,
    merge_duplicates,
    rank,
    unique_ids,
)
from agents.schemas import Commitment, Finding

EXPLORING = Commitment()


def finding(fid: str, title: str, severity: str = "medium", origin: str = "lens", quote: str = "q", **extra) -> Finding:
    concern = extra.pop("concern", fid if origin != "llm" else None)
    return make_finding(title, quote, id=fid, severity=severity, origin=origin, concern=concern, **extra)


def test_importance_ranks_first_then_severity_then_commitment() -> None:
    committed = Commitment(stage="committed", signals=["The contract is signed."])
    scored_low = finding("a", "a scored, low severity", severity="low", importance=0.95)
    high = finding("b", "high severity, unscored")  # derived importance of "high" is below 0.95
    high.severity = "high"
    medium_free = finding("c", "medium elsewhere", quote="Other sentence.")
    medium_blocking = finding("d", "medium on the signed contract", quote="The contract is signed.")
    low = finding("e", "low", severity="low")
    ranked = rank([low, medium_free, medium_blocking, high, scored_low], committed)
    assert [f.id for f in ranked] == ["a", "b", "d", "c", "e"]


def test_missing_importance_is_derived_from_severity() -> None:
    unscored_high = finding("h", "unscored high", severity="high")
    scored_medium = finding("m", "scored medium", importance=0.3)
    assert [f.id for f in rank([scored_medium, unscored_high], EXPLORING)] == ["h", "m"]


def test_reading_cap_is_ten() -> None:
    assert READING_CAP == 10


def test_same_concern_raised_twice_is_merged_and_recorded() -> None:
    first = finding("precedent-ADR-1", "Earlier decision applies", concern="precedent.ADR-1")
    second = finding("precedent-ADR-1-b", "Same earlier decision", concern="precedent.ADR-1")
    merged = merge_duplicates([first, second], None)
    assert [f.id for f in merged] == ["precedent-ADR-1"] and merged[0].merged_ids == ["precedent-ADR-1-b"]


def test_two_model_findings_on_the_same_quote_in_other_words_are_merged() -> None:
    quote = "We switch off the old CRM on 1 May once the data is migrated."
    a = finding("llm-it-1", "Who exports the old CRM history before switch-off?", origin="llm", quote=quote)
    b = finding(
        "llm-business-1", "Old CRM history export: who owns it before the switch-off?", origin="llm", quote=quote
    )
    other = finding("llm-it-2", "Which reports still read from the old CRM?", origin="llm", quote=quote)
    kept = merge_duplicates([a, b, other], None)
    assert [f.id for f in kept] == ["llm-it-1", "llm-it-2"]
    assert kept[0].merged_ids == ["llm-business-1"]


def test_different_questions_about_one_sentence_stay_apart() -> None:
    quote = "The vendor hosts the portal from 1 March."
    who = finding("x1", "Who supports the portal at night?", origin="llm", quote=quote)
    cost = finding("x2", "What does the portal cost per year?", origin="llm", quote=quote)
    assert len(merge_duplicates([who, cost], None)) == 2


def test_embedding_catches_a_paraphrase_with_another_quote() -> None:
    a = finding("llm-1", "How do you roll back the scanner login if it fails?", origin="llm", quote="one")
    b = finding("llm-2", "How do you roll back the scanner login if it fails", origin="llm", quote="two")
    assert [f.id for f in merge_duplicates([a, b], HashEmbedder())] == ["llm-1"]


def test_fallback_puts_model_findings_first_and_templates_only_where_uncovered() -> None:
    model = [
        finding(f"llm-it-{i}", title, origin="llm", severity="medium", quote=f"sentence {i}")
        for i, title in enumerate(
            ["Customer e-mails with personal data go to an outside AI provider", "Who exports the CRM history"]
        )
    ]
    covered = finding("it.privacy", "Customer e-mails with personal data go to an outside AI provider", severity="high")
    topics = ["rollback plan", "support hours", "licence count", "works council", "peak season", "training"]
    templates = [
        finding(f"lens-{i}", f"Checklist: {topic}", severity="high", quote=f"t{i}") for i, topic in enumerate(topics)
    ]
    ordered, visible = fallback_order([*templates, covered, *model], EXPLORING, HashEmbedder())
    head = ordered[:visible]
    assert [f.origin for f in head[:2]] == ["llm", "llm"]
    assert "it.privacy" not in [f.id for f in ordered]  # the model's finding covers its concern
    assert sum(f.origin == "lens" for f in head) == 0  # two model findings leave no room at a 0.2 share
    assert len(ordered) == 2 + len(templates)  # the rest of the templates wait in the appendix


def test_templates_beside_model_findings_stay_within_the_share() -> None:
    assert [engine_slots_beside(m, READING_CAP - m) for m in (1, 3, 4, 7, 8, 9, 10)] == [0, 0, 1, 1, 2, 1, 0]
    for m in range(1, READING_CAP + 1):
        e = engine_slots_beside(m, READING_CAP - m)
        assert e <= MAX_ENGINE_IN_FALLBACK and e / (m + e) <= MAX_TEMPLATE_SHARE


def test_fallback_without_model_findings_keeps_the_engine_list() -> None:
    topics = ["rollback plan", "support hours", "licence count", "works council"]
    templates = [finding(f"lens-{i}", f"Checklist: {topic}", quote=f"s{i}") for i, topic in enumerate(topics)]
    ordered, visible = fallback_order(templates, EXPLORING, None)
    assert visible == 4 and len(ordered) == 4


def test_duplicate_ids_are_made_unique() -> None:
    ids = [f.id for f in unique_ids([finding("x", "one"), finding("x", "two"), finding("y", "three")])]
    assert ids == ["x", "x-2", "y"]


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


def test_builtin_done_divergences_sit_beside_the_definitions_not_in_the_list() -> None:
    """Builtin mode lists pitfalls and challenges; its done divergence goes to the appendix and the
    report's done section, whatever its importance."""
    from types import SimpleNamespace

    from agents.nodes.synthesize import order_findings

    topics = ["rollback plan", "support hours", "licence count"]
    pitfalls = [finding(f"p{i}", f"Who owns the {t}?", quote=f"sentence {i}") for i, t in enumerate(topics)]
    done = make_finding(
        "The criteria stop at delivery; the business will also hold it to this: nobody waits at the scanner",
        quote="Badge login is enforced on every scanner by March.",
        id="done-lacks-business",
        kind="done_divergence",
        perspective="business",
        severity="high",
        origin="done",
    )
    ordering = order_findings({}, SimpleNamespace(llm=None), [done, *pitfalls], EXPLORING)  # type: ignore[arg-type]
    listed = ordering.ordered[: ordering.visible]
    assert ordering.path == "builtin" and ordering.visible == 3
    assert {f.id for f in listed} == {"p0", "p1", "p2"}
    assert ordering.ordered[3:] == [done]
