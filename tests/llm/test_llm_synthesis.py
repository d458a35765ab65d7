"""The synthesis step with a scripted model: good answer, malformed answer, failure, budget spent."""

from __future__ import annotations

import json
from typing import Any

from fakes import HashEmbedder, make_finding
from llm_fakes import ScriptedCompletion, auth_error

from agents.llm import LLMClient
from agents.nodes.synthesize import order_findings
from agents.schemas import Commitment, CoverageItem, Finding
from agents.state import Proposal, ReviewContext
from core.settings import Settings
from knowledge.base import EmptyKnowledge

TEXT = (
    "We connect the AI assistant to the customer service mailbox from 1 June.\n"
    "Agents send the drafted replies after a quick look.\n"
    "We switch off the old CRM on 1 May.\n"
)
MAILBOX = "We connect the AI assistant to the customer service mailbox from 1 June."
REVIEW = "Agents send the drafted replies after a quick look."
CRM = "We switch off the old CRM on 1 May."


def candidates() -> list[Finding]:
    return [
        make_finding("Who checks supplier support hours?", MAILBOX, id="lens-1", origin="lens", severity="high"),
        make_finding("Rollback plan for go-live", MAILBOX, id="lens-2", origin="lens", severity="high"),
        make_finding(
            "Customer e-mails with personal data go to an outside AI provider", MAILBOX, id="llm-it-a", origin="llm"
        ),
        make_finding(
            "A quick look is not a review of a reply to an angry customer", REVIEW, id="llm-business-b", origin="llm"
        ),
        make_finding(
            "Who exports the CRM history before switch-off?", CRM, id="llm-it-c", origin="llm", severity="low"
        ),
        make_finding("CRM history export owner", CRM, id="llm-business-d", origin="llm", severity="low"),
    ]


def run(
    settings: Settings, steps: list[Any], **limits: Any
) -> tuple[str, list[Finding], int, int, list[str], LLMClient]:
    llm_settings = settings.model_copy(update=limits)
    client = LLMClient(llm_settings, completion=ScriptedCompletion(steps), sleep=lambda _: None)
    ctx = ReviewContext(settings=llm_settings, embedder=HashEmbedder(), knowledge=EmptyKnowledge(), llm=client)
    coverage = [
        CoverageItem(concern="it.support", title="Support hours", perspective="it", status="covered", quote=MAILBOX)
    ]
    state: Any = {"proposal": Proposal(text=TEXT), "coverage": coverage}
    path, ordered, visible, invalid, warnings, _ = order_findings(state, ctx, candidates(), Commitment())
    return path, ordered[:visible], visible, invalid, warnings, client


GOOD = json.dumps(
    {
        "keep": [
            {
                "id": "llm-business-b",
                "reason": "Replies reach customers unchecked",
                "importance": 0.8,
                "specificity": 0.9,
            },
            {
                "id": "llm-it-a",
                "merged": ["lens-1"],
                "reason": "Personal data leaves the company without a processing agreement",
                "importance": 9,  # a 0..10 score is accepted and scaled
                "specificity": 0.9,
            },
            {
                "id": "llm-it-c",
                "merged": ["llm-business-d"],
                "reason": "History lost",
                "importance": 0.6,
                "specificity": 0.8,
            },
        ],
        "drop": [{"id": "lens-2", "why": "generic"}],
    }
)


def test_good_answer_orders_by_importance_merges_and_drops(settings: Settings) -> None:
    path, visible, _, invalid, warnings, client = run(settings, [GOOD])
    assert path == "model" and invalid == 0 and not warnings
    assert [f.id for f in visible] == ["llm-it-a", "llm-business-b", "llm-it-c"]
    assert visible[0].importance == 0.9 and visible[0].merged_ids == ["lens-1"]
    assert visible[0].reason == "Personal data leaves the company without a processing agreement"
    assert visible[2].merged_ids == ["llm-business-d"]
    # the merged findings' angles stay readable in the finding that absorbed them
    assert visible[0].detail.endswith("Also raised: Who checks supplier support hours?")
    assert visible[2].detail.endswith("Also raised: CRM history export owner")
    assert "Also raised" not in visible[1].detail
    assert "lens-2" not in [f.id for f in visible]  # generic: dropped on purpose
    prompt = client._completion.history[0]["messages"]  # type: ignore[union-attr]
    text = " ".join(m["content"] for m in prompt)
    assert "- id: lens-1 | origin: lens" in text and "<coverage>" in text and "it.support (it): covered" in text


def test_unknown_ids_and_invented_quotes_are_dropped_and_counted(settings: Settings) -> None:
    answer = json.loads(GOOD)
    answer["keep"].append({"id": "llm-it-zzz", "reason": "invented", "importance": 1, "specificity": 1})
    answer["keep"][1]["quote"] = "We send every e-mail to OpenAI without asking anyone."
    answer["keep"][0]["merged"] = ["nobody-knows-me"]
    path, visible, _, invalid, warnings, _ = run(settings, [json.dumps(answer)])
    assert path == "model" and invalid == 3
    assert [f.id for f in visible] == ["llm-business-b", "llm-it-c"]
    assert any("3 invalid item(s)" in w for w in warnings)


def test_malformed_answer_twice_repaired_then_fallback(settings: Settings) -> None:
    path, visible, _, _, warnings, client = run(settings, ["{not json", "Sure! Here you go.", '{"keep": "all"}'])
    assert client.usage.calls == 3  # the answer, then two repair attempts
    assert path == "fallback" and any("synthesis: model failed" in w for w in warnings)
    assert [f.origin for f in visible[:3]] == ["llm", "llm", "llm"]  # the model's findings lead
    assert "llm-business-d" not in [f.id for f in visible]  # merged into its twin on the same quote
    assert sum(f.origin == "lens" for f in visible) <= 2


def test_model_failure_means_fallback(settings: Settings) -> None:
    path, visible, _, _, warnings, _ = run(settings, [auth_error()])
    assert path == "fallback" and visible[0].origin == "llm"
    assert any(w.startswith("synthesis: model failed") for w in warnings)


def test_budget_spent_means_fallback_without_a_call(settings: Settings) -> None:
    path, visible, _, _, warnings, client = run(settings, [GOOD], max_llm_calls=0)
    assert client.usage.calls == 0 and path == "fallback"
    assert any("budget spent" in w for w in warnings) and visible[0].origin == "llm"


def test_an_answer_naming_no_candidate_falls_back(settings: Settings) -> None:
    invented = json.dumps({"keep": [{"id": "nope", "reason": "x", "importance": 1, "specificity": 1}]})
    path, _, _, invalid, warnings, _ = run(settings, [invented])
    assert path == "fallback" and invalid == 1 and any("named no candidate" in w for w in warnings)
