"""Graph state, and (re-exported from agents.context) the run context passed to every node.

Parallel nodes (it_view, business_view) append to `findings`, `warnings` and `timings`
through reducers, so neither overwrites the other.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, Field

from agents.context import ReviewContext
from agents.schemas import (
    Commitment,
    CoverageItem,
    DoneDefinitions,
    Exchange,
    Finding,
    Precedent,
    Relation,
    ReviewReport,
)

__all__ = ["JudgedPrecedent", "Proposal", "ReviewContext", "ReviewState", "Sentence", "merge_timings"]


class Sentence(BaseModel):
    """A sentence (or list item, or table row) of the proposal, with its place in the original text.

    `row`: the unit is a table row. A row of an action plan or a cost table lists a step, not a claim
    or the situation a concern is about; it is quoted only where no sentence in prose carries the fact."""

    text: str
    start: int
    end: int
    section: str = ""
    row: bool = False


class Proposal(BaseModel):
    """The normalised proposal: original text kept verbatim so quotes can be checked."""

    text: str
    title: str = ""
    language: str = "en"
    sections: list[str] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)


class JudgedPrecedent(BaseModel):
    """A record in force judged against the proposal without a model: the relation and the two
    verbatim sentences where the texts meet. Kept in state so the synthesis model can word it."""

    decision_id: str
    title: str
    status: str | None = None
    relation: Relation
    record_quote: str
    record_section: str | None = None
    proposal_quote: str
    strength: float = 0.0
    record_text: str = Field(default="", description="the record's decision and consequences, for quote checks")


def merge_timings(left: dict[str, float], right: dict[str, float]) -> dict[str, float]:
    return {**left, **right}


class ReviewState(TypedDict, total=False):
    raw_text: str
    proposal: Proposal
    sentence_vectors: Any  # numpy (n_sentences, dim), embedded once per review
    commitment: Commitment
    precedents: list[Precedent]
    judged_precedents: list[JudgedPrecedent]  # current records that meet the proposal, with their relation
    facts: list[Any]  # agents.lenses.library.Fact: typed facts with their sentence
    archetypes: list[str]  # ids of the decision archetypes recognised (often several)
    judgements: list[Any]  # the analyse node's verdicts, shared by both perspective branches
    coverage: list[CoverageItem]
    findings: Annotated[list[Finding], operator.add]
    done_definitions: DoneDefinitions
    exchanges: list[Exchange]
    warnings: Annotated[list[str], operator.add]
    dropped_findings: Annotated[int, operator.add]
    timings: Annotated[dict[str, float], merge_timings]
    report: ReviewReport
