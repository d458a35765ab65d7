"""Graph state, and (re-exported from agents.context) the run context passed to every node.

Parallel nodes (it_view, business_view) append to `findings`, `warnings` and `timings`
through reducers, so neither overwrites the other.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, Field

from agents.context import ReviewContext
from agents.schemas import Commitment, CoverageItem, DoneDefinitions, Exchange, Finding, Precedent, ReviewReport

__all__ = ["Proposal", "ReviewContext", "ReviewState", "Sentence", "merge_timings"]


class Sentence(BaseModel):
    """A sentence (or list item) of the proposal, with its place in the original text."""

    text: str
    start: int
    end: int
    section: str = ""


class Proposal(BaseModel):
    """The normalised proposal: original text kept verbatim so quotes can be checked."""

    text: str
    title: str = ""
    language: str = "en"
    sections: list[str] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)


def merge_timings(left: dict[str, float], right: dict[str, float]) -> dict[str, float]:
    return {**left, **right}


class ReviewState(TypedDict, total=False):
    raw_text: str
    proposal: Proposal
    sentence_vectors: Any  # numpy (n_sentences, dim), embedded once per review
    commitment: Commitment
    precedents: list[Precedent]
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
