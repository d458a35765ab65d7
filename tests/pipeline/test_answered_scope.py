"""Answered means answered: scope that leaves a group out, and questions answered in parts.

A concern about the night shift does not apply to a laptop refresh "for office staff"; a question
with several aspects ("how long without a device, and how do the shifts fit") is answered when each
aspect is answered somewhere, often in different sections. Cue words answer the parts here, so the
fast HashEmbedder is enough (meaning scores of a hash embedder never reach the answer threshold).
"""

from __future__ import annotations

from fakes import HashEmbedder

from agents.facts.scope import group_names, read_scope
from agents.judge.analysis import analyse_proposal
from agents.judge.findings import side_findings
from agents.judge.pitfalls import Judgement
from agents.lenses.library import Answer, AnswerPart, Archetype, Library, Pitfall, Texts, Trigger, load_library
from agents.nodes.read import parse_proposal

SWAP = Pitfall(
    id="refresh.swap_during_work",
    perspective="business",
    kind="unasked_question",
    severity="high",
    applies_when=Trigger(cues=["swap"]),
    answered_when=Answer(
        meaning=["the swap schedule limits downtime and fits every shift"],
        parts=[
            AnswerPart(meaning=["each user books a short slot"], cues=["minute slot"]),
            AnswerPart(
                meaning=["night shifts swap at the start of their shift"],
                cues=["night slots"],
                about=["shift_workers", "drivers"],
            ),  # fmt: skip
            AnswerPart(meaning=["finance swaps after the close"], cues=["after the close"]),
        ],
    ),
    question=Texts(en="How long is each person without a device, and how do night shifts fit?"),
    why=Texts(en="The night shift ends up without a device."),
)
NO_DESK = Pitfall(
    id="refresh.no_desk_users",
    perspective="business",
    kind="hidden_dependency",
    severity="high",
    applies_when=Trigger(cues=["swap"]),
    answered_when=Answer(meaning=["drivers use a kiosk"], about=["drivers"]),
    question=Texts(en="How do the drivers without a laptop get their device?"),
    why=Texts(en="Drivers are never at the swap desk."),
)
REFRESH = Archetype(
    id="refresh", name=Texts(en="Device refresh"), recognise=["a", "b"], pitfalls=[SWAP, NO_DESK]
)  # fmt: skip

OFFICE = """# Laptop refresh for office staff, spring 2026

## How the swap works

Each user books a 45-minute slot at the swap desk.

## Planning

Finance swaps in May, after the close of the first quarter.
"""


def analyse(text: str):  # type: ignore[no-untyped-def]
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    return proposal, analyse_proposal(proposal, vectors, embedder, Library(version=1, archetypes=[]), [REFRESH])


def judged(analysis, pid: str) -> Judgement:  # type: ignore[no-untyped-def]
    return next(j for j in analysis.judgements if isinstance(j, Judgement) and j.pitfall.id == pid)


def test_a_title_for_office_staff_leaves_out_shifts_drivers_and_the_floor() -> None:
    scope = read_scope(parse_proposal(OFFICE))
    assert set(scope.left_out) == {"shift_workers", "drivers", "floor_staff"}
    assert scope.left_out["drivers"] == "Laptop refresh for office staff, spring 2026"
    assert scope.excludes(["shift_workers", "drivers"]) is not None


def test_a_group_the_proposal_names_is_not_left_out_by_a_restriction_alone() -> None:
    text = OFFICE + "\nThe drivers get a new tablet at the same desk.\n"
    scope = read_scope(parse_proposal(text))
    assert "drivers" not in scope.left_out and "shift_workers" in scope.left_out
    assert scope.excludes(["shift_workers", "drivers"]) is None


def test_explicit_exclusions_and_only_read_in_english_and_dutch() -> None:
    dutch = "# Nieuwe laptops\n\nDe wissel is alleen voor kantoorpersoneel.\n\nChauffeurs vallen buiten de scope.\n"
    scope = read_scope(parse_proposal(dutch))
    assert scope.left_out["drivers"] == "Chauffeurs vallen buiten de scope."
    assert scope.left_out["shift_workers"] == "De wissel is alleen voor kantoorpersoneel."
    english = "# New phones\n\nEvery employee gets a new phone, excluding the night shift.\n"
    assert set(read_scope(parse_proposal(english)).left_out) == {"shift_workers"}
    assert read_scope(parse_proposal("# New phones\n\nEvery employee gets a new phone.\n")).left_out == {}


def test_a_question_answered_in_parts_across_sections_and_by_scope_is_covered_with_every_quote() -> None:
    proposal, analysis = analyse(OFFICE)
    swap = judged(analysis, "refresh.swap_during_work")
    assert swap.applies and swap.answered
    assert side_findings("business", analysis.judgements, proposal, analysis.facts) == []
    item = next(c for c in analysis.coverage if c.concern == "refresh.swap_during_work")
    assert item.status == "covered" and item.quote
    for quote in ("45-minute slot", "after the close", "for office staff"):
        assert quote in item.quote


def test_one_unanswered_part_keeps_the_question_open() -> None:
    text = OFFICE.replace("Finance swaps in May, after the close of the first quarter.", "Finance swaps in May.")
    _, analysis = analyse(text)
    swap = judged(analysis, "refresh.swap_during_work")
    assert swap.applies and not swap.answered
    assert next(c for c in analysis.coverage if c.concern == "refresh.swap_during_work").status == "open"


def test_a_part_about_a_group_in_scope_needs_its_own_answer() -> None:
    text = OFFICE.replace("for office staff", "for all staff")
    _, analysis = analyse(text)
    assert not judged(analysis, "refresh.swap_during_work").answered


def test_a_concern_about_a_left_out_group_is_not_applicable_with_the_scope_as_its_quote() -> None:
    _, analysis = analyse(OFFICE)
    assert not judged(analysis, "refresh.no_desk_users").applies
    item = next(c for c in analysis.coverage if c.concern == "refresh.no_desk_users")
    assert item.status == "not_applicable" and item.quote == "Laptop refresh for office staff, spring 2026"
    _, everyone = analyse(OFFICE.replace("for office staff", "for all staff"))
    assert judged(everyone, "refresh.no_desk_users").open


def test_every_group_the_library_names_is_a_scope_group() -> None:
    groups = group_names()
    for archetype in load_library().archetypes:
        for pitfall in archetype.pitfalls:
            named = set(pitfall.answered_when.about) | {g for p in pitfall.answered_when.parts for g in p.about}
            assert named <= groups, f"{pitfall.id}: unknown groups {named - groups}"


POLICY = Pitfall(
    id="ai.staff_rules",
    perspective="business",
    kind="unasked_question",
    severity="medium",
    applies_when=Trigger(cues=["pilot users", "order status"]),
    answered_when=Answer(meaning=["staff know what may be entered"], cues=["acceptable use", "e-mail rules"]),
    question=Texts(en="What may staff paste into the assistant?"),
    why=Texts(en="People paste whatever speeds them up."),
)
AI_PILOT = Archetype(id="ai", name=Texts(en="AI adoption"), recognise=["a", "b"], pitfalls=[POLICY])


def analyse_ai(text: str):  # type: ignore[no-untyped-def]
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    return analyse_proposal(proposal, vectors, embedder, Library(version=1, archetypes=[]), [AI_PILOT])


def test_an_answer_cue_written_with_a_hyphen_or_without_one_still_answers() -> None:
    hyphen = analyse_ai("# Copilot pilot\n\nPilot users sign an addendum to the acceptable-use policy.\n")
    assert judged(hyphen, "ai.staff_rules").answered
    closed = analyse_ai("# Copilot pilot\n\nPilot users follow the email rules of the service desk.\n")
    assert judged(closed, "ai.staff_rules").answered
    unanswered = analyse_ai("# Copilot pilot\n\nPilot users get a licence in May.\n")
    assert judged(unanswered, "ai.staff_rules").open


def test_a_situation_cue_stays_literal_so_a_hyphenated_compound_does_not_make_a_pitfall_apply() -> None:
    analysis = analyse_ai("# Chatbot\n\nThe old bot answers order-status questions.\n")
    assert not judged(analysis, "ai.staff_rules").applies
