"""Graph state and the run context passed to every node.

Parallel nodes (it_view, business_view) append to `findings`, `warnings` and `timings`
through reducers, so neither overwrites the other.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

from pydantic import BaseModel, Field

from agents.schemas import Commitment, CoverageItem, DoneDefinitions, Exchange, Finding, Precedent, ReviewReport

if TYPE_CHECKING:
    from agents.llm import LLMClient
    from core.settings import Settings
    from knowledge.base import KnowledgeSource
    from knowledge.embeddings import Embedder


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


@dataclass
class ReviewContext:
    """Dependencies of a run: injected, so tests pass fakes and nothing is global."""

    settings: Settings
    embedder: Embedder
    knowledge: KnowledgeSource
    llm: LLMClient | None = None
    extra_archetypes: list[Any] = field(default_factory=list)  # agents.lenses.library.Archetype, always applied
