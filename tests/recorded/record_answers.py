"""Recorded answers for real decision records, which may not contain the records' text.

Why: the anticipation measure (`evals.anticipation`) needs capable answers for real records, but the
project may not hold any record text. So an answer file (`adr_answers/*.yaml`) names its record by
path and by the digest of its proposal (`evals.decision_records.proposal_digest`), and every quote is
a reference, `quote_ref: N`, the N-th proposal sentence (1-based) as `proposal_sentences` splits it
(`tests/recorded/adr_sentences.py` lists them). The synthesis answer names findings by position
(`it-2` = the second IT finding, `business-1` ...). At serve time the record is read from the shared
folder and every reference becomes the verbatim sentence or the id the pipeline computes for that
finding, giving an ordinary `RecordedCase`. A digest that no longer matches (the record or the
split changed) fails loudly, so no answer is served against sentences it was not written for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.nodes.llm_cross_examine import CrossExamination, ExchangeAnswer
from agents.nodes.llm_done import DoneViews
from agents.nodes.llm_synthesis import DroppedItem, KeptItem, SynthesisAnswer
from agents.nodes.llm_views import LLMGap, LLMGapList, llm_perspective
from agents.nodes.read import parse_proposal
from core.data_files import load_yaml
from evals.decision_records import load_record, proposal_digest, proposal_sentences

ADR_ANSWERS = Path(__file__).resolve().parent / "adr_answers"
_POSITION = re.compile(r"^(it|business)-([1-9][0-9]*)$")


class RefGap(LLMGap):
    """A finding whose quote is a sentence number, never the sentence."""

    model_config = ConfigDict(extra="forbid")
    quote_ref: int = Field(ge=1)

    @field_validator("quote")
    @classmethod
    def _no_text(cls, value: str) -> str:
        if value:
            raise ValueError("write quote_ref: N, not the record's text")
        return value


class RefGapList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    findings: list[RefGap]


class RefExchange(ExchangeAnswer):
    model_config = ConfigDict(extra="forbid")
    quote_ref: int | None = Field(default=None, ge=1)


class RefCross(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exchanges: list[RefExchange]


class RefKept(KeptItem):
    model_config = ConfigDict(extra="forbid")

    @field_validator("id")
    @classmethod
    def _position(cls, value: str) -> str:
        if not _POSITION.match(value):
            raise ValueError("name a finding by position: it-N or business-N")
        return value

    @field_validator("quote")
    @classmethod
    def _no_text(cls, value: str | None) -> str | None:
        if value:
            raise ValueError("a kept item carries no quote here: no record text in the project")
        return value


class RefSynthesis(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: list[RefKept]
    drop: list[DroppedItem] = Field(default_factory=list)


class RecordAnswers(BaseModel):
    """One answer file as written: references only."""

    model_config = ConfigDict(extra="forbid")
    record: str
    proposal_sha256: str
    it: RefGapList
    business: RefGapList
    done: DoneViews
    cross: RefCross
    synthesis: RefSynthesis


class _Fixed:
    """A model client that returns one prepared answer: lets the pipeline's own grounding compute ids."""

    def __init__(self, answer: LLMGapList) -> None:
        self.answer = answer

    def structured(self, role: str, messages: Any, schema: Any) -> LLMGapList:
        return self.answer


def resolve(answers: RecordAnswers, folder: Path, source: str) -> tuple[str, dict[str, Any]]:
    """(proposal digest, the fields of a RecordedCase) with every reference made concrete."""
    record = load_record(folder, answers.record)
    if record is None:
        raise ValueError(f"{source}: {answers.record} has no consequences section")
    digest = proposal_digest(record.proposal)
    if digest != answers.proposal_sha256:
        raise ValueError(f"{source}: proposal digest {digest} != {answers.proposal_sha256}: record or split changed")
    sentences = proposal_sentences(record.proposal)

    def sentence(n: int) -> str:
        if n > len(sentences):
            raise ValueError(f"{source}: quote_ref {n} but the proposal has {len(sentences)} sentences")
        return sentences[n - 1]

    proposal = parse_proposal(record.proposal)
    gaps: dict[str, LLMGapList] = {}
    ids: dict[str, list[str]] = {}
    for side in ("it", "business"):
        written = getattr(answers, side).findings
        gaps[side] = LLMGapList(
            findings=[
                LLMGap(**g.model_dump(exclude={"quote_ref", "quote"}), quote=sentence(g.quote_ref)) for g in written
            ]
        )
        ids[side] = []
        for gap in gaps[side].findings:
            found, dropped = llm_perspective(side, proposal, [], [], _Fixed(LLMGapList(findings=[gap])))  # type: ignore[arg-type]
            if dropped or len(found) != 1:
                raise ValueError(f"{source}: {side} finding {gap.title!r} does not ground")
            ids[side].append(found[0].id)

    def finding_id(position: str) -> str:
        match = _POSITION.match(position)
        if match is None or int(match.group(2)) > len(ids[match.group(1)]):
            raise ValueError(f"{source}: no finding {position}")
        return ids[match.group(1)][int(match.group(2)) - 1]

    exchanges = [
        ExchangeAnswer(
            **x.model_dump(exclude={"quote_ref", "quote"}), quote=sentence(x.quote_ref) if x.quote_ref else None
        )
        for x in answers.cross.exchanges
    ]
    keep = [
        KeptItem(
            **k.model_dump(exclude={"id", "merged"}), id=finding_id(k.id), merged=[finding_id(m) for m in k.merged]
        )
        for k in answers.synthesis.keep
    ]
    fields = {
        "case": answers.record,
        "marker": f"digest:{digest}",  # never a substring of a proposal: these cases match by digest
        "it": gaps["it"],
        "business": gaps["business"],
        "done": answers.done,
        "cross": CrossExamination(exchanges=exchanges),
        "synthesis": SynthesisAnswer(keep=keep, drop=answers.synthesis.drop),
    }
    return digest, fields


def load_record_answers(folder: Path | None) -> dict[str, dict[str, Any]]:
    """Digest -> RecordedCase fields for every answer file; empty when the records folder is missing."""
    if folder is None or not folder.is_dir():
        return {}
    resolved = {}
    for path in sorted(ADR_ANSWERS.glob("*.yaml")):
        digest, fields = resolve(load_yaml(path, RecordAnswers), folder, path.name)
        resolved[digest] = fields
    return resolved
