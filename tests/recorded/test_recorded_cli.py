"""End to end through the real CLI and litellm, against hand-written capable answers (see README.md).

What a user of LLM mode must get: the model's specific findings lead (templates never outrank them),
at most ten visible, the synthesis step's merges and drops applied; when the synthesis answer is
unusable the fallback keeps templates as rare; the cross-examination parsed into exchanges; and
bad model output dropped and counted, never shown.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from conftest import Runner, case_path
from recorded_server import RecordedAnswers, load_cases

from agents.nodes.ranking import ENGINE_ORIGINS, READING_CAP
from agents.schemas import DecisionEvidence, ProposalEvidence, ReviewReport

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RECORDED = load_cases()
TEMPLATE_SHARE_TARGET = 0.2


def template_share(report: ReviewReport) -> float:
    """Share of the visible list that comes from the engine's templates rather than the model."""
    return sum(f.origin in ENGINE_ORIGINS for f in report.findings) / max(1, len(report.findings))


def assert_grounded(report: ReviewReport, case: str) -> None:
    text = " ".join(case_path(case).read_text(encoding="utf-8").split())
    for finding in [*report.findings, *report.appendix]:
        for ev in finding.evidence:
            if isinstance(ev, ProposalEvidence):
                assert " ".join(ev.quote.split()) in text, ev.quote
    for exchange in report.exchanges:
        if exchange.quote:
            assert " ".join(exchange.quote.split()) in text


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_the_models_findings_lead_after_synthesis(review_case: Runner, case: str) -> None:
    recorded = RECORDED[case]
    report = review_case(case)
    assert report.meta.mode == "llm" and report.meta.synthesis == "model"
    assert report.meta.llm_calls == 5 and report.meta.dropped_findings == 0
    assert not [w for w in report.meta.warnings if "failed" in w or "invalid" in w], report.meta.warnings
    assert len(report.findings) <= READING_CAP
    # the synthesis answer decides the list and its order; no template outranks a model finding
    assert [f.id for f in report.findings] == [k.id for k in recorded.synthesis.keep]
    assert template_share(report) == 0.0
    assert all(f.reason and f.importance is not None and f.specificity is not None for f in report.findings)
    merged = {k.id: k.merged for k in recorded.synthesis.keep if k.merged}
    assert {f.id: f.merged_ids for f in report.findings if f.merged_ids} == merged
    dropped = {d.id for d in recorded.synthesis.drop}
    assert not dropped & {f.id for f in [*report.findings, *report.appendix]}
    assert_grounded(report, case)


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_cross_examination_is_parsed_into_exchanges(review_case: Runner, case: str) -> None:
    recorded = RECORDED[case]
    report = review_case(case)
    by_id = {x.id: x for x in report.exchanges}
    assert set(by_id) == {x.question_id for x in recorded.cross.exchanges}
    for answer in recorded.cross.exchanges:
        exchange = by_id[answer.question_id]
        assert exchange.status == answer.status
        if answer.status in ("open", "contested"):
            assert exchange.positions == {"it": answer.it_position, "business": answer.business_position}
        elif answer.status == "answerable_now":
            assert exchange.answer == " ".join((answer.answer or "").split()) and exchange.simulated
    # each side asked its own top questions, taken from the model's findings
    assert {x.asked_by for x in report.exchanges} == {"it", "business"}
    assert all(x.finding_id and x.finding_id.startswith("llm-") for x in report.exchanges)


@pytest.mark.parametrize("case", ["laptop-refresh-2026", "hr-systeem-personio-nl"])
def test_unusable_synthesis_answer_falls_back_with_the_same_template_share(review_case: Runner, case: str) -> None:
    report = review_case(case, "recorded-bad-synthesis")
    assert report.meta.synthesis == "fallback"
    assert any(w.startswith("synthesis: model failed") for w in report.meta.warnings)
    assert len(report.findings) <= READING_CAP
    assert template_share(report) <= TEMPLATE_SHARE_TARGET
    model_ranks = [i for i, f in enumerate(report.findings) if f.origin == "llm"]
    assert model_ranks and model_ranks == list(range(len(model_ranks)))  # the model's findings come first
    assert_grounded(report, case)


def test_invented_output_is_dropped_and_counted(review_case: Runner) -> None:
    case = "edi-ftp-server-decommission"
    invented = RECORDED[case].invented
    report = review_case(case, "recorded-invented")
    # one invented quote in a finding, one unknown id in the synthesis, an exchange about a question
    # nobody asked and an "answered by the proposal" whose quote is not in the proposal
    assert report.meta.dropped_findings == 4
    shown = [*report.findings, *report.appendix]
    assert invented.it[0].title not in {f.title for f in shown}
    assert invented.synthesis[0].id not in {f.id for f in shown}
    exchanges = {x.id: x for x in report.exchanges}
    assert "x-it-9" not in exchanges and exchanges["x-it-3"].status == "open"
    assert report.meta.synthesis == "model"
    assert_grounded(report, case)


def test_markdown_shows_the_exchange_and_the_model_reasons(review_case: Runner) -> None:
    markdown = review_case("laptop-refresh-2026", fmt="markdown")
    assert "## IT asks, the business answers" in markdown and "## The business asks, IT answers" in markdown
    assert "(simulated view): Finance uses the Dynamics Excel add-in every day" in markdown
    assert '- The proposal: "in teams of 8, never more than one team per day"' in markdown
    assert "### Still open between IT and the business" in markdown
    assert "Why it matters: Wiping the old laptops removes tools" in markdown
    assert "synthesis model" in markdown


def test_an_unknown_request_gets_a_500(recorded: tuple[str, RecordedAnswers]) -> None:
    base_url, _ = recorded
    body = json.dumps({"model": "recorded", "messages": [{"role": "user", "content": "Hello"}]}).encode()
    request = urllib.request.Request(f"{base_url}/chat/completions", data=body, method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 500


def test_the_2fa_review_leads_with_the_adr_0009_reversal_worded_by_the_model(review_case: Runner) -> None:
    """The sample proposal with the sample knowledge base: the model words the precedent relations,
    corrects one, and says nothing about others, which keep the builtin relation and wording."""
    case = "2fa-warehouse"
    verdicts = {v.decision_id: v for v in RECORDED[case].synthesis.precedents}
    report = review_case(case)
    assert report.meta.synthesis == "model" and report.meta.dropped_findings == 0

    lead = report.findings[0]
    assert (lead.id, lead.origin, lead.severity) == ("precedent-ADR-0009", "precedent", "high")
    assert (lead.title, lead.detail) == (verdicts["ADR-0009"].title, " ".join(verdicts["ADR-0009"].detail.split()))
    assert lead.reason and lead.reason.endswith("(relation conflicts by the model)")
    [cited] = [e for e in lead.evidence if isinstance(e, DecisionEvidence)]
    assert (cited.decision_id, cited.quote) == ("ADR-0009", verdicts["ADR-0009"].record_quote)
    quoted = [" ".join(e.quote.split()) for e in lead.evidence if isinstance(e, ProposalEvidence)]
    assert quoted == [verdicts["ADR-0009"].proposal_quote]  # the proposal's own text, line break and all

    precedents = {p.decision_id: p for p in report.precedents}
    assert (precedents["ADR-0009"].relation, precedents["ADR-0009"].relation_by) == ("conflicts", "model")
    assert (precedents["ADR-0007"].relation, precedents["ADR-0007"].current_id) == ("superseded", "ADR-0009")
    # a relation the model corrected: ADR-0019 was found "related" by meaning only, never raised
    shown = {f.id: f for f in [*report.findings, *report.appendix]}
    corrected = shown["precedent-ADR-0019"]
    assert corrected in report.findings and corrected.severity == "high" and corrected.reason
    assert corrected.reason.endswith("(relation conflicts by the model, detected without a model: related)")
    # a record the model said nothing about keeps the builtin relation and template wording
    assert (precedents["ADR-0001"].relation, precedents["ADR-0001"].relation_by) == ("builds_on", "builtin")
    assert shown["precedent-ADR-0001"].title.startswith("Builds on ADR-0001: Use Microsoft Entra ID")
