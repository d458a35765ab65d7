"""Scoring on hand-made reports: recall, one-to-one matching, anchors, false positives, grounding,
specificity, stage, failures."""

from __future__ import annotations

import pytest
from eval_fakes import PROPOSAL, finding, make_case, report

from agents.schemas import ReviewReport
from evals.runner import Reviewer, review_case
from evals.scoring import Scorer, failed_score, summarize
from evals.specificity import SubjectTerms

GAP_WIFI = "scanner wifi coverage in the freezer aisles"
GAP_REPAIR = "who repairs broken scanners at night"


def test_recall_overall_and_per_kind(scorer: Scorer) -> None:
    case = make_case()
    score = scorer.score(
        case,
        report([finding(GAP_WIFI), finding(GAP_REPAIR), finding("budget approval for licences")]),
        "r",
        1,
        0.1,
    )
    assert score.matched_by_kind == {"unasked_question": 1, "hidden_dependency": 1, "done_divergence": 0}
    metrics = summarize([score])
    assert metrics["recall"] == pytest.approx(2 / 3)
    assert metrics["recall_done_divergence"] == 0.0
    assert metrics["recall_hidden_dependency"] == 1.0
    assert metrics["findings_per_case"] == 3


def test_one_finding_covers_at_most_one_gap(scorer: Scorer) -> None:
    case = make_case(
        expected=[
            {"kind": "unasked_question", "perspective": "it", "gap": GAP_WIFI},
            {"kind": "hidden_dependency", "perspective": "it", "gap": GAP_WIFI + " too"},
        ]
    )
    assert len(scorer.match(case, [finding(GAP_WIFI)])) == 1
    assert len(scorer.match(case, [finding(GAP_WIFI), finding(GAP_WIFI + " too")])) == 2


def test_anchor_lets_a_looser_paraphrase_match(scorer: Scorer) -> None:
    case = make_case()
    with_anchor = scorer.match(case, [finding("picks scanned but pickers speed")])
    without_anchor = scorer.match(case, [finding("picks scanned but pickers slower")])
    assert [m.by_anchor for _, _, m in with_anchor] == [True]
    assert without_anchor == []


def test_raising_an_answered_concern_is_a_false_positive(scorer: Scorer) -> None:
    case = make_case()
    raised = scorer.score(case, report([finding("training for the pickers")]), "r", 1, 0.0)
    clean = scorer.score(case, report([finding(GAP_WIFI)]), "r", 1, 0.0)
    assert (raised.answered_raised, clean.answered_raised) == (1, 0)
    assert summarize([raised, clean])["answered_raised_rate"] == 0.5


def test_grounding_counts_verbatim_quotes_only(scorer: Scorer) -> None:
    case = make_case()
    score = scorer.score(
        case,
        report([finding("a", quote="Zebra TC52 scanners"), finding("b", quote="Zebra scanners for all")]),
        "r",
        1,
        0,
    )
    assert (score.proposal_quotes, score.verbatim_quotes) == (2, 1)
    assert summarize([score])["grounding"] == 0.5


def test_specificity_needs_the_proposals_own_subject(scorer: Scorer) -> None:
    case = make_case()
    findings = [
        finding("Who repairs the Zebra scanners during the night shift?"),
        finding("Who owns this after go-live?"),
        finding("What are the security risks?", detail='The proposal says "Zebra TC52 scanners".'),
    ]
    score = scorer.score(case, report(findings), "r", 1, 0.0)
    assert score.specific_findings == 1
    assert summarize([score])["specificity"] == pytest.approx(1 / 3)


def test_subject_terms_skip_generic_common_and_stop_words() -> None:
    corpus = [PROPOSAL] + [f"Another warehouse plan number {i} with pickers." for i in range(5)]
    terms = SubjectTerms(["What are the security risks?"], corpus=corpus).terms(
        PROPOSAL + "\nThe security of the Tilburg site matters."
    )
    assert {"tilburg", "zebra", "tc52", "140"} <= terms
    assert not {"security", "the", "warehouse", "pickers"} & terms


def test_stage_accuracy(scorer: Scorer) -> None:
    case = make_case(stage="committed")
    right = scorer.score(case, report([], stage="committed"), "r", 1, 0.0)
    wrong = scorer.score(case, report([], stage="exploring"), "r", 1, 0.0)
    assert summarize([right, wrong])["stage_accuracy"] == 0.5


def test_usage_and_unknown_cost(scorer: Scorer) -> None:
    case = make_case()
    priced = scorer.score(
        case, report([], llm_calls=2, prompt_tokens=100, completion_tokens=20, cost_usd=0.01), "r", 1, 0
    )
    unpriced = scorer.score(case, report([], llm_calls=1, prompt_tokens=10, completion_tokens=5), "r", 1, 0)
    assert summarize([priced])["cost_usd"] == 0.01
    assert summarize([priced])["tokens_per_case"] == 120
    assert summarize([priced, unpriced])["cost_usd"] is None  # unknown, not zero


def test_a_failed_review_is_counted_never_scored_as_empty(scorer: Scorer) -> None:
    case = make_case()

    def broken(text: str) -> ReviewReport:
        raise ValueError("model returned prose instead of JSON")

    failed, no_report = review_case(Reviewer("llm", broken), case, scorer, 1)
    assert no_report is None
    assert failed.error == "ValueError: model returned prose instead of JSON"
    ok = scorer.score(case, report([finding(GAP_WIFI)]), "llm", 1, 0.0)

    mixed = summarize([ok, failed])
    assert mixed["failures"] == 1
    assert mixed["recall"] == pytest.approx(1 / 3)  # over the valid review only
    only_failed = summarize([failed_score(case, "llm", 1, 0.0, "boom")])
    assert only_failed["failures"] == 1
    for metric in (
        "recall",
        "specificity",
        "grounding",
        "answered_raised_rate",
        "findings_per_case",
        "findings_max",
        "template_share",
        "evidence_support",
        "specific_rate",
        "cost_usd",
    ):
        assert only_failed[metric] is None


def test_a_report_that_breaks_the_contract_is_a_parse_failure(scorer: Scorer) -> None:
    bad = ReviewReport.model_construct(findings=[finding("x").model_copy(update={"evidence": []})], meta=None)

    score, _ = review_case(Reviewer("llm", lambda text: bad), make_case(), scorer, 1)

    assert score.error is not None and score.error.startswith("invalid report")
