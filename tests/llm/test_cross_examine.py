"""Cross-examination: the model's answers parsed and checked, and the builtin fill from coverage."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from fakes import HashEmbedder, make_finding
from llm_fakes import ScriptedCompletion, auth_error

from agents.llm import LLMClient
from agents.nodes.cross_examine import builtin_exchanges, cross_examine, divergences, top_questions
from agents.nodes.llm_cross_examine import CrossExamination, build_cross_messages, parse_exchanges
from agents.schemas import Commitment, CoverageItem, Finding
from agents.state import Proposal, ReviewContext
from core.settings import Settings
from knowledge.base import EmptyKnowledge

TEXT = (
    "We roll out the new rostering app to all 300 drivers on 1 March.\n"
    "Team leads keep the paper roster as a backup for the first month.\n"
    "The vendor trains the planners in February.\n"
)
BACKUP = "Team leads keep the paper roster as a backup for the first month."
ROLLOUT = "We roll out the new rostering app to all 300 drivers on 1 March."


def findings() -> list[Finding]:
    return [
        make_finding("What if the app fails on day one?", ROLLOUT, id="it-rollback", concern="it.rollback"),
        make_finding("Who supports drivers at 5 am?", ROLLOUT, id="llm-it-1", origin="llm", severity="high"),
        make_finding(
            "Who pays for the drivers' training hours?",
            ROLLOUT,
            id="llm-business-1",
            origin="llm",
            perspective="business",
            detail="Training on paid time for 300 drivers is a budget line nobody has named.",
        ),
        make_finding("Done differs", ROLLOUT, id="done-x", kind="done_divergence", perspective="business"),
    ]


def questions() -> list[tuple[str, Finding]]:
    """Each side's questions ranked without a model leading: the engine's finding is asked too."""
    return top_questions(findings(), Commitment(), model_leads=False)


def test_top_questions_rank_each_side_and_skip_done_divergences() -> None:
    picked = questions()
    assert [(xid, f.id) for xid, f in picked] == [
        ("x-it-1", "llm-it-1"),
        ("x-it-2", "it-rollback"),
        ("x-business-1", "llm-business-1"),
    ]


def test_when_the_model_leads_a_side_asks_only_the_models_questions() -> None:
    picked = top_questions(findings(), Commitment(), model_leads=True)
    assert [(xid, f.id) for xid, f in picked] == [("x-it-1", "llm-it-1"), ("x-business-1", "llm-business-1")]
    lens_only = [f for f in findings() if f.origin != "llm" or f.perspective == "business"]
    assert ("x-it-1", "it-rollback") in [(x, f.id) for x, f in top_questions(lens_only, Commitment(), True)]


def test_model_answers_are_parsed_checked_and_counted() -> None:
    answer = CrossExamination.model_validate_json(
        json.dumps(
            {
                "exchanges": [
                    {"question_id": "x-it-2", "status": "answered_by_proposal", "quote": BACKUP},
                    {
                        "question_id": "x-it-1",
                        "status": "Answerable now",
                        "answer": "The planners' night shift takes calls.",
                    },
                    {
                        "question_id": "x-business-1",
                        "status": "contested",
                        "it_position": "Training belongs in the project budget.",
                        "business_position": "Drivers learn it on the job, no paid hours.",
                    },
                    {"question_id": "x-it-9", "status": "open", "it_position": "a", "business_position": "b"},
                    {"question_id": "x-it-2", "status": "answered_by_proposal", "quote": "Never said anywhere."},
                ]
            }
        )
    )
    exchanges, invalid = parse_exchanges(answer, Proposal(text=TEXT), questions())
    assert invalid == 1  # the question nobody asked; a second answer to x-it-2 is ignored
    assert exchanges["x-it-2"].status == "answered_by_proposal" and exchanges["x-it-2"].quote == BACKUP
    assert not exchanges["x-it-2"].simulated
    assert exchanges["x-it-1"].answer == "The planners' night shift takes calls." and exchanges["x-it-1"].simulated
    contested = exchanges["x-business-1"]
    assert contested.positions == {
        "it": "Training belongs in the project budget.",
        "business": "Drivers learn it on the job, no paid hours.",
    }
    assert [x.id for x in divergences(list(exchanges.values()))] == ["x-business-1"]


def test_invented_quotes_and_half_answers_are_dropped() -> None:
    answer = CrossExamination.model_validate(
        {
            "exchanges": [
                {"question_id": "x-it-1", "status": "answered_by_proposal", "quote": "Drivers get a 24/7 hotline."},
                {"question_id": "x-it-2", "status": "answerable_now", "answer": "  "},
                {"question_id": "x-business-1", "status": "open", "it_position": "Budget it."},
            ]
        }
    )
    exchanges, invalid = parse_exchanges(answer, Proposal(text=TEXT), questions())
    assert exchanges == {} and invalid == 3


def test_the_prompt_lists_each_question_with_who_asks_and_who_answers() -> None:
    messages = build_cross_messages(Proposal(text=TEXT), questions())
    user = messages[-1]["content"]
    assert "- question_id: x-business-1 | asked by: business | answered by: IT" in user
    assert "<questions>" in user and ROLLOUT in user


def test_builtin_fill_answers_covered_concerns_and_leaves_the_rest_open() -> None:
    coverage = [
        CoverageItem(concern="it.rollback", title="Way back", perspective="it", status="covered", quote=BACKUP),
        CoverageItem(
            concern="biz.training",
            title="Who trains the planners",
            perspective="business",
            status="covered",
            quote="The vendor trains the planners in February.",
        ),
        CoverageItem(concern="it.eu_data", title="Data abroad", perspective="it", status="not_applicable"),
    ]
    exchanges = {x.id: x for x in builtin_exchanges(questions(), coverage)}
    rollback = exchanges["x-it-2"]
    assert rollback.status == "answered_by_proposal" and rollback.quote == BACKUP and not rollback.simulated
    training = exchanges["x-business-1"]
    assert training.status == "open"
    assert training.positions["business"] == "Training on paid time for 300 drivers is a budget line nobody has named."
    assert ROLLOUT in training.positions["it"]  # the other side's position: what the proposal states, no template
    covered = exchanges["x-business-covered-1"]
    assert covered.question == "Who trains the planners" and covered.status == "answered_by_proposal"
    assert "x-it-covered-1" not in exchanges  # its one covered concern was already asked as x-it-2


def _node(settings: Settings, steps: list[object] | None) -> tuple[dict[str, object], ScriptedCompletion]:
    fake = ScriptedCompletion(steps or [])
    client = None if steps is None else LLMClient(settings, completion=fake, sleep=lambda _: None)
    ctx = ReviewContext(settings=settings, embedder=HashEmbedder(), knowledge=EmptyKnowledge(), llm=client)
    state: Any = {"proposal": Proposal(text=TEXT), "findings": findings(), "coverage": []}
    return cross_examine(state, SimpleNamespace(context=ctx)), fake  # type: ignore[arg-type]


def test_node_without_a_model_fills_the_exchange_from_data(settings: Settings) -> None:
    update, _ = _node(settings.model_copy(update={"model": None}), None)
    exchanges = update["exchanges"]
    assert [x.status for x in exchanges] == ["open", "open", "open"]  # type: ignore[attr-defined]
    assert update["dropped_findings"] == 0


def test_node_with_a_failing_model_keeps_the_builtin_exchange_and_says_so(settings: Settings) -> None:
    update, fake = _node(settings, [auth_error()])
    # the model leads: each side asks its model findings only (the engine's finding is a hint)
    assert len(fake.history) == 1 and len(update["exchanges"]) == 2  # type: ignore[arg-type]
    assert any(w.startswith("cross-examination: model failed") for w in update["warnings"])  # type: ignore[union-attr]


def test_node_counts_invalid_model_answers(settings: Settings) -> None:
    answer = {"exchanges": [{"question_id": "x-it-8", "status": "open", "it_position": "a", "business_position": "b"}]}
    update, _ = _node(settings, [json.dumps(answer)])
    assert update["dropped_findings"] == 1
    assert [x.status for x in update["exchanges"]] == ["open", "open"]  # type: ignore[attr-defined]
