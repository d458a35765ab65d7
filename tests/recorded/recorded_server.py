"""An OpenAI-compatible endpoint that serves hand-written answers for some evals/cases proposals.

Why: ranking, the synthesis step and its fallback, and cross-examination parsing must be tested end
to end through litellm's real HTTP path with answers as specific as a capable model's, not only with
in-process fakes. The answers are data (`answers/*.yaml`, validated against the product's own answer
schemas so a schema change breaks them loudly); this module only picks one:
  case    the proposal fenced in the prompt contains the case's `marker`, or (answers for real decision
          records, `record_answers.py`) its whitespace-normalised digest is the answer file's;
  role    the prompt's opening lines (IT, business, done, cross-examination, synthesis);
  variant the model name: `recorded`, `recorded-bad-synthesis` (synthesis answer unusable),
          `recorded-invented` (bad output added: an invented quote, unknown ids, an unasked question).
Anything else is answered with HTTP 500.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agents.nodes.llm_cross_examine import CrossExamination, ExchangeAnswer
from agents.nodes.llm_done import DoneViews
from agents.nodes.llm_synthesis import KeptItem, SynthesisAnswer
from agents.nodes.llm_views import LLMGap, LLMGapList
from agents.prompts import CROSS_EXAMINE_SYSTEM, DONE_SYSTEM, SYNTHESIS_SYSTEM
from core.data_files import load_yaml
from evals.decision_records import proposal_digest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from openai_stub import OpenAIStub  # noqa: E402
from record_answers import load_record_answers  # noqa: E402

ANSWERS = Path(__file__).resolve().parent / "answers"
VARIANTS = ("recorded", "recorded-bad-synthesis", "recorded-invented")
UNUSABLE_SYNTHESIS = "All of these findings matter to the steering committee; I would keep them all."
_FENCED = re.compile(r"<proposal title=\"[^\"]*\">\n(.*?)\n</proposal>", re.DOTALL)


class Invented(BaseModel):
    """Deliberately bad output, added only in the `recorded-invented` variant."""

    model_config = ConfigDict(extra="forbid")
    it: list[LLMGap] = Field(default_factory=list)
    synthesis: list[KeptItem] = Field(default_factory=list)
    cross: list[ExchangeAnswer] = Field(default_factory=list)


class RecordedCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case: str
    marker: str
    proposal: str | None = Field(default=None, description="the proposal's path in the repository, if not a case")
    knowledge: str | None = Field(default=None, description="records loaded as the knowledge base (default: none)")
    it: LLMGapList
    business: LLMGapList
    done: DoneViews
    cross: CrossExamination
    synthesis: SynthesisAnswer
    invented: Invented = Field(default_factory=Invented)


def load_cases() -> dict[str, RecordedCase]:
    cases = [load_yaml(path, RecordedCase) for path in sorted(ANSWERS.glob("*.yaml"))]
    return {c.case: c for c in cases}


def role_of(prompt: str) -> str | None:
    for role, marker in (
        ("done", DONE_SYSTEM.split("\n", 1)[0]),
        ("synthesis", SYNTHESIS_SYSTEM.split("\n", 1)[0]),
        ("cross", CROSS_EXAMINE_SYSTEM.split("\n", 1)[0]),
        ("it", "from the IT perspective"),
        ("business", "from the business perspective"),
    ):
        if marker in prompt:
            return role
    return None


class RecordedAnswers:
    """The endpoint's answer function: (status, content) for one chat-completions request body."""

    def __init__(self, cases: dict[str, RecordedCase], by_digest: dict[str, RecordedCase] | None = None) -> None:
        self.cases = cases
        self.by_digest = by_digest or {}  # real decision records, matched by their proposal's digest
        self.served: list[tuple[str, str, str]] = []  # (variant, case, role)

    def __call__(self, body: dict[str, Any]) -> tuple[int, str]:
        variant = str(body.get("model", "")).removeprefix("openai/")
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        fenced = _FENCED.search(prompt)
        matches = [c for c in self.cases.values() if fenced and c.marker in fenced.group(1)]
        if not matches and fenced and proposal_digest(fenced.group(1)) in self.by_digest:
            matches = [self.by_digest[proposal_digest(fenced.group(1))]]
        role = role_of(prompt)
        if variant not in VARIANTS or len(matches) != 1 or role is None:
            return 500, f"no recorded answer (variant {variant!r}, {len(matches)} case(s), role {role!r})"
        case = matches[0]
        self.served.append((variant, case.case, role))
        return 200, self._content(case, role, variant)

    def _content(self, case: RecordedCase, role: str, variant: str) -> str:
        invented = variant == "recorded-invented"
        if role == "synthesis":
            if variant == "recorded-bad-synthesis":
                return UNUSABLE_SYNTHESIS
            keep = [*case.invented.synthesis, *case.synthesis.keep] if invented else case.synthesis.keep
            return _dump(case.synthesis.model_copy(update={"keep": keep}))
        if role == "cross":
            exchanges = [*case.invented.cross, *case.cross.exchanges] if invented else case.cross.exchanges
            return _dump(CrossExamination(exchanges=exchanges))
        if role == "done":
            return _dump(case.done)
        gaps = case.it if role == "it" else case.business
        if invented and role == "it":
            gaps = LLMGapList(findings=[*case.invented.it, *gaps.findings])
        return _dump(gaps)


def _dump(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)


def load_record_cases(records: Path | None) -> dict[str, RecordedCase]:
    """Digest -> case for the answers to real decision records (none when the folder is missing)."""
    return {digest: RecordedCase(**fields) for digest, fields in load_record_answers(records).items()}


def serve(records: Path | None = None) -> tuple[OpenAIStub, RecordedAnswers]:
    """The endpoint; with `records` (the decision-records folder) it also answers for real records."""
    answers = RecordedAnswers(load_cases(), load_record_cases(records))
    return OpenAIStub(answers), answers


if __name__ == "__main__":  # serve by hand, e.g. for `gapreview eval --model openai/recorded --api-base ...`
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Serve the recorded answers on 127.0.0.1.")
    parser.add_argument("--seconds", type=float, default=3600, help="stop after this long")
    parser.add_argument("--records", type=Path, default=None, help="decision-records folder (default: ../shared)")
    args = parser.parse_args()
    from evals.decision_records import default_records_folder

    stub, _ = serve(args.records or default_records_folder())
    with stub:
        print(stub.base_url, flush=True)
        time.sleep(args.seconds)
