"""LLM mode: the synthesis model words the precedent relations and may correct them.

The synthesize node runs with a scripted model (tests/fakes.py ScriptedModel) on a small proposal
and three judged records; what the model answers about them is checked the way the product checks
it: reworded findings replace the templates, a corrected relation changes the finding's weight and
the precedents list, bad verdicts are dropped and counted, and a failed call keeps the builtin
findings exactly.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from fakes import HashEmbedder, ScriptedModel, make_finding

from agents.nodes.precedent_findings import builtin_finding
from agents.nodes.read import parse_proposal
from agents.nodes.synthesize import synthesize
from agents.review import build_context
from agents.schemas import DecisionEvidence, Finding, Precedent, ProposalEvidence, ReviewReport
from agents.state import JudgedPrecedent
from core.errors import ModelError
from core.settings import Settings

TEXT = (
    "# Proposal: Authenticator prompt on the shared scanners\n\n"
    "## What we propose\n\n"
    "We require the Microsoft Authenticator prompt for every sign-in on the shared RF scanners.\n"
    "The service desk extends its hours to 06:00-20:00 during the rollout weeks.\n"
)
SCANNERS = "We require the Microsoft Authenticator prompt for every sign-in on the shared RF scanners."
DESK = "The service desk extends its hours to 06:00-20:00 during the rollout weeks."
BADGE = "Shared scanners use a badge tap instead of phone-based MFA."
BADGE_COST = "Bad, because 60 older scanners were replaced early."

JUDGED = [
    JudgedPrecedent(
        decision_id="ADR-0203",
        title="Password-only sign-in stays on the packing-line PCs",
        status="accepted",
        relation="conflicts",
        record_quote="Packing-line PCs keep password-only sign-in without a second factor.",
        record_section="decision",
        proposal_quote=SCANNERS,
        strength=0.86,
        record_text="Packing-line PCs keep password-only sign-in without a second factor.",
    ),
    JudgedPrecedent(  # detected only as "related" by meaning: the builtin engine does not raise it
        decision_id="ADR-0209",
        title="Badge tap sign-in for shared warehouse devices",
        status="accepted",
        relation="related",
        record_quote=BADGE,
        record_section="decision",
        proposal_quote=SCANNERS,
        strength=0.87,
        record_text=f"{BADGE}\n* Good, because sign-in takes two seconds.\n* {BADGE_COST}",
    ),
    JudgedPrecedent(
        decision_id="ADR-0201",
        title="Entra ID as the single identity provider",
        status="accepted",
        relation="builds_on",
        record_quote="Every application signs in through Entra ID with conditional access policies per group.",
        record_section="decision",
        proposal_quote=SCANNERS,
        strength=0.85,
        record_text="Every application signs in through Entra ID with conditional access policies per group.",
    ),
]
MODEL_FINDING = make_finding("Who answers scanner lock-outs at 05:30?", DESK, id="llm-it-1", origin="llm")


def precedents() -> list[Precedent]:
    return [
        Precedent(
            decision_id=j.decision_id,
            title=j.title,
            source=f"kb/{j.decision_id}.md",
            score=0.9,
            relation=j.relation,
            relation_by="builtin",
        )
        for j in JUDGED
    ]


def builtin_findings() -> list[Finding]:
    proposal = parse_proposal(TEXT)
    return [f for j in JUDGED if (f := builtin_finding(j, proposal))]


def keep(*ids: str) -> list[dict[str, Any]]:
    return [
        {"id": fid, "reason": f"kept {fid}", "importance": 0.9 - 0.1 * i, "specificity": 0.8}
        for i, fid in enumerate(ids)
    ]


def review(
    settings: Settings, answer: Any, judged: list[JudgedPrecedent] = JUDGED
) -> tuple[ReviewReport, ScriptedModel]:
    model = ScriptedModel.scripted(synthesis=[answer])
    ctx = build_context(settings, embedder=HashEmbedder(), llm=model)
    state: Any = {
        "proposal": parse_proposal(TEXT),
        "findings": [*builtin_findings(), MODEL_FINDING] if judged else [MODEL_FINDING],
        "precedents": precedents() if judged else [],
        "judged_precedents": judged,
    }
    report = synthesize(state, SimpleNamespace(context=ctx))["report"]
    ReviewReport.model_validate_json(report.model_dump_json())
    return report, model


def by_id(report: ReviewReport) -> dict[str, Finding]:
    return {f.id: f for f in [*report.findings, *report.appendix]}


def relations(report: ReviewReport) -> dict[str, tuple[Any, Any, Any]]:
    return {p.decision_id: (p.relation, p.relation_by, p.detected_relation) for p in report.precedents}


def test_builtin_raises_the_conflict_and_the_record_built_on_not_the_related_one() -> None:
    assert [f.id for f in builtin_findings()] == ["precedent-ADR-0203", "precedent-ADR-0201"]


def test_the_prompt_shows_each_judged_record_with_its_relation_and_both_sentences(settings: Settings) -> None:
    _, model = review(settings, {"keep": keep("llm-it-1")})
    [(role, messages, _)] = model.history
    prompt = messages[-1]["content"]
    block = prompt.split("<precedents>")[1].split("</precedents>")[0]
    assert role == "synthesis"
    assert "decision_id: ADR-0209 | status: accepted" in block
    assert "detected relation: related | candidate: (not raised)" in block
    assert "detected relation: conflicts | candidate: precedent-ADR-0203" in block
    assert f'record (decision): "{BADGE}"' in block and f'proposal: "{SCANNERS}"' in block
    assert BADGE_COST in block  # the record's consequences, so the model can quote them


def test_no_precedents_means_no_extra_call_and_an_empty_block(settings: Settings) -> None:
    report, model = review(settings, {"keep": keep("llm-it-1")}, judged=[])
    assert model.roles() == ["synthesis"] and report.meta.llm_calls == 1
    assert "<precedents>\n(none)\n</precedents>" in model.history[0][1][-1]["content"]


def test_the_models_wording_replaces_the_template_and_says_so(settings: Settings) -> None:
    title = "Reverses ADR-0203 (accepted): the packing-line PCs were left on passwords on purpose"
    detail = "ADR-0203 kept passwords on the packing line; say why the scanners now need the Authenticator prompt."
    answer = {
        "keep": keep("precedent-ADR-0203", "llm-it-1"),
        "precedents": [
            {
                "decision_id": "ADR-0203",
                "relation": "Reverses",
                "title": title,
                "detail": detail,
                "proposal_quote": SCANNERS,
            }
        ],
    }
    report, _ = review(settings, answer)
    lead = report.findings[0]
    assert (lead.id, lead.title, lead.detail, lead.origin) == ("precedent-ADR-0203", title, detail, "precedent")
    assert lead.severity == "high" and lead.kind == "unasked_question"
    assert lead.reason == "kept precedent-ADR-0203 (relation conflicts by the model)"
    assert [e.quote for e in lead.evidence if isinstance(e, ProposalEvidence)] == [SCANNERS]
    assert relations(report)["ADR-0203"] == ("conflicts", "model", None)
    # the records the model said nothing about keep the builtin relation and template
    assert relations(report)["ADR-0201"] == ("builds_on", "builtin", None)
    assert by_id(report)["precedent-ADR-0201"].title.startswith("Builds on ADR-0201: ")
    assert report.meta.synthesis == "model" and report.meta.dropped_findings == 0


def test_the_model_corrects_a_relation_and_sets_an_irrelevant_record_aside(settings: Settings) -> None:
    answer = {
        "keep": keep("precedent-ADR-0209", "llm-it-1", "precedent-ADR-0201"),
        "precedents": [
            {
                "decision_id": "ADR-0209",
                "relation": "conflicts",
                "title": "Reverses ADR-0209: the badge tap was chosen instead of phone-based MFA",
                "detail": "The scanners would need the phone prompt ADR-0209 ruled out; say what changed.",
                "record_quote": "shared scanners use a badge tap  instead of phone-based MFA",
                "proposal_quote": SCANNERS,
            },
            {"decision_id": "precedent-ADR-0201", "relation": "none", "detail": "Identity provider is not at stake."},
        ],
    }
    report, _ = review(settings, answer)
    lead = report.findings[0]
    assert lead.id == "precedent-ADR-0209" and lead.severity == "high"
    assert lead.reason == "kept precedent-ADR-0209 (relation conflicts by the model, detected without a model: related)"
    [cited] = [e for e in lead.evidence if isinstance(e, DecisionEvidence)]
    assert cited.decision_id == "ADR-0209" and cited.quote == BADGE.rstrip(".")  # repaired to the record's own text
    assert relations(report)["ADR-0209"] == ("conflicts", "model", "related")
    # "none": not lost, in the appendix with the model's reason, and the list shows the change
    assert "precedent-ADR-0201" not in {f.id for f in report.findings}
    aside = by_id(report)["precedent-ADR-0201"]
    assert aside.reason and "not relevant: Identity provider is not at stake." in aside.reason
    assert relations(report)["ADR-0201"] == (None, "model", "builds_on")
    assert report.meta.dropped_findings == 0  # keeping a record set aside is not counted as invented


@pytest.mark.parametrize(
    "verdict",
    [
        {"decision_id": "ADR-0999", "relation": "conflicts", "title": "Reverses ADR-0999"},  # unknown record
        {"decision_id": "ADR-0203", "relation": "supersedes", "title": "ADR-0203 replaced"},  # invalid relation
        {"decision_id": "ADR-0203", "relation": "superseded", "title": "ADR-0203 replaced"},  # a fact, not a verdict
        {"decision_id": "ADR-0203", "relation": "conflicts", "title": "T", "proposal_quote": "We ban all phones."},
        {"decision_id": "ADR-0203", "relation": "repeats", "record_quote": "Passwords were abolished in 2019."},
    ],
)
def test_a_bad_verdict_is_dropped_counted_and_the_builtin_finding_stays(settings: Settings, verdict: Any) -> None:
    builtin = {f.id: f for f in builtin_findings()}
    report, _ = review(settings, {"keep": keep("precedent-ADR-0203", "llm-it-1"), "precedents": [verdict]})
    shown = by_id(report)["precedent-ADR-0203"]
    assert (shown.title, shown.detail, shown.evidence) == (
        builtin["precedent-ADR-0203"].title,
        builtin["precedent-ADR-0203"].detail,
        builtin["precedent-ADR-0203"].evidence,
    )
    assert relations(report)["ADR-0203"] == ("conflicts", "builtin", None)
    assert report.meta.dropped_findings == 1
    assert any("1 invalid precedent verdict(s) dropped" in w for w in report.meta.warnings)


def test_a_second_verdict_on_the_same_record_is_dropped_and_counted(settings: Settings) -> None:
    first = {"decision_id": "ADR-0203", "relation": "conflicts", "title": "Reverses ADR-0203: first wording"}
    second = {"decision_id": "adr-0203", "relation": "none"}
    report, _ = review(settings, {"keep": keep("precedent-ADR-0203", "llm-it-1"), "precedents": [first, second]})
    assert report.findings[0].title == "Reverses ADR-0203: first wording"
    assert report.meta.dropped_findings == 1


def test_a_failed_synthesis_call_keeps_the_builtin_relations_and_wording(settings: Settings) -> None:
    report, model = review(settings, ModelError("the model server is down"))
    assert model.roles() == ["synthesis"] and report.meta.synthesis == "fallback"
    builtin = {f.id: (f.title, f.detail, f.reason) for f in builtin_findings()}
    shown = {fid: (f.title, f.detail, f.reason) for fid, f in by_id(report).items() if fid in builtin}
    assert shown == builtin
    assert relations(report) == {j.decision_id: (j.relation, "builtin", None) for j in JUDGED}
