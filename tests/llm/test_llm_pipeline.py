"""What the user gets from a whole review when the model misbehaves: a valid report, always.

The model is a scripted `ModelClient` answering with pydantic objects; how the real client parses,
repairs, retries and redacts is tested on the client itself (test_llm_client.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fakes import HashEmbedder, ScriptedModel

from agents.nodes.llm_cross_examine import CrossExamination
from agents.nodes.llm_done import DoneViews
from agents.nodes.llm_synthesis import SynthesisAnswer
from agents.nodes.llm_views import LLMGapList
from agents.review import build_context, run_review
from agents.schemas import ProposalEvidence, ReviewReport
from core.errors import ModelError
from core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
PROPOSAL = (REPO / "samples" / "proposals" / "2fa-warehouse.md").read_text(encoding="utf-8")
REAL_QUOTE = "Set the sign-in frequency on shared devices to once per shift (10 hours)."
DONE = DoneViews(
    it=["Entra ID enforces MFA without open incidents"], business=["Pickers start their shift without extra waiting"]
)


def gaps(title: str, quote: str, kind: str = "hidden_dependency") -> LLMGapList:
    return LLMGapList.model_validate(
        {"findings": [{"kind": kind, "title": title, "detail": title, "severity": "high", "quote": quote}]}
    )


def review(settings: Settings, model: ScriptedModel, text: str = PROPOSAL) -> ReviewReport:
    llm_settings = settings.model_copy(update={"model": "openai/test"})
    report = run_review(text, llm_settings, context=build_context(llm_settings, embedder=HashEmbedder(), llm=model))
    ReviewReport.model_validate_json(report.model_dump_json())  # what --format json would print
    for finding in report.findings:
        for item in finding.evidence:
            if isinstance(item, ProposalEvidence):
                assert item.quote in text
    return report


def synthesis_role(messages: list[dict[str, Any]], schema: type) -> Any:
    """The synthesis role answers three calls, told apart by the schema asked for: what each side
    counts as done, the cross-examination (every question left open) and the final selection (keep
    every candidate, in the order given)."""
    prompt = " ".join(str(m.get("content", "")) for m in messages)
    if schema is DoneViews:
        return DONE
    if schema is CrossExamination:
        ids = re.findall(r"- question_id: (\S+) \|", prompt)
        open_ = [{"question_id": q, "status": "open", "it_position": "now", "business_position": "later"} for q in ids]
        return CrossExamination.model_validate({"exchanges": open_})
    assert schema is SynthesisAnswer, schema
    keep = [
        {"id": cid, "reason": "kept", "importance": 0.5, "specificity": 0.5}
        for cid in re.findall(r"- id: (\S+) \|", prompt)
    ]
    return SynthesisAnswer.model_validate({"keep": keep})


def scripted(it: Any, business: Any, synthesis: Any = synthesis_role) -> ScriptedModel:
    """IT and business answer once; the synthesis role answers done, cross-examination and selection."""
    first = synthesis
    return ScriptedModel.scripted(it=[it], business=[business], synthesis=[first, synthesis_role, synthesis_role])


def llm_titles(report: ReviewReport) -> set[str]:
    return {f.title for f in [*report.findings, *report.appendix] if f.origin == "llm"}


def test_model_findings_reach_the_report_with_usage(settings: Settings) -> None:
    model = scripted(
        gaps("Scanner shift re-login at 06:00 rush", REAL_QUOTE),
        gaps("Who pays for drivers' overtime during enrolment?", "our 140 truck drivers", kind="unasked_question"),
    )
    report = review(settings, model)
    # it, business, then the synthesis role for done, cross-examination and the final selection
    assert sorted(model.roles()) == ["business", "it", "synthesis", "synthesis", "synthesis"]
    assert report.meta.mode == "llm" and report.meta.llm_calls == 5 and report.meta.synthesis == "model"
    assert report.meta.prompt_tokens == model.usage.prompt_tokens > 0
    assert "Scanner shift re-login at 06:00 rush" in llm_titles(report)
    assert report.meta.dropped_findings == 0


def test_invented_quotes_are_counted_in_meta(settings: Settings) -> None:
    invented = gaps("Blockchain audit trail", "We will store all sign-ins on a blockchain ledger.")
    report = review(settings, scripted(invented, invented))
    assert report.meta.dropped_findings == 2
    assert "Blockchain audit trail" not in llm_titles(report)
    # no model finding survived: nothing for the model to lead, so no cross-examination or selection call
    assert report.meta.llm_calls == 3 and report.meta.synthesis == "fallback"
    assert report.findings + report.appendix  # the engine's findings still stand


def test_synthesis_model_words_the_done_definitions(settings: Settings) -> None:
    model = scripted(gaps("Shift login", REAL_QUOTE), gaps("Cost", REAL_QUOTE))
    report = review(settings, model)
    assert report.done_definitions.it == DONE.it and report.done_definitions.business == DONE.business
    assert report.done_definitions.proposal  # the proposal's own criteria are quoted, not generated
    [(_, messages, schema)] = [call for call in model.history if call[2] is DoneViews]
    assert schema is DoneViews and "<criteria>" in " ".join(m["content"] for m in messages)


def test_failing_synthesis_model_keeps_builtin_done_wording(settings: Settings) -> None:
    model = scripted(gaps("Shift login", REAL_QUOTE), gaps("Cost", REAL_QUOTE), ModelError("all models failed"))
    report = review(settings, model)
    assert report.done_definitions.it and "without open priority incidents" in report.done_definitions.it[0]
    assert any(w.startswith("done definitions: model failed") for w in report.meta.warnings)


def test_all_models_failing_keeps_builtin_findings(settings: Settings) -> None:
    failed = ModelError("all models failed (openai/test: AuthenticationError)")
    report = review(settings, scripted(failed, failed, failed))
    kept = report.findings + report.appendix
    assert kept and all(f.origin != "llm" for f in kept)
    assert sum("perspective: model failed" in w for w in report.meta.warnings) == 2


def test_model_warnings_reach_the_report(settings: Settings) -> None:
    model = scripted(gaps("Shift login", REAL_QUOTE), gaps("Cost", REAL_QUOTE))
    model.warnings.append("model openai/test failed for the it view: Timeout")
    assert "model openai/test failed for the it view: Timeout" in review(settings, model).meta.warnings
