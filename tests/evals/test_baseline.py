"""The checklist baseline: fixed, generic, contract-valid."""

from __future__ import annotations

from eval_fakes import PROPOSAL, make_case

from agents.schemas import ReviewReport
from evals.baseline import checklist_review
from evals.scoring import Scorer, summarize


def test_same_fifteen_questions_for_any_proposal() -> None:
    first = checklist_review(PROPOSAL)
    second = checklist_review("Voorstel: nieuwe koffieautomaat\n\nWe kopen er twee.")
    assert len(first.findings) == 15
    assert [f.title for f in first.findings] == [f.title for f in second.findings]
    assert {f.kind for f in first.findings} == {"unasked_question", "hidden_dependency", "done_divergence"}
    assert second.findings[0].evidence[0].quote == "Voorstel: nieuwe koffieautomaat"
    assert first.commitment.stage == "exploring"
    ReviewReport.model_validate_json(first.model_dump_json())


def test_checklist_is_grounded_but_never_specific(scorer: Scorer) -> None:
    case = make_case()
    metrics = summarize([scorer.score(case, checklist_review(case.text), "checklist", 1, 0.0)])
    assert metrics["grounding"] == 1.0
    assert metrics["specificity"] == 0.0
