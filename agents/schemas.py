"""The report contract: what every consumer (CLI, web page, batch, evals) relies on.

Kept stable and versioned (`SCHEMA_VERSION`). Fields may be added, never renamed or removed
without bumping the major version.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.5"

Kind = Literal["unasked_question", "hidden_dependency", "done_divergence"]
Perspective = Literal["it", "business", "both"]
Severity = Literal["high", "medium", "low"]
Stage = Literal["exploring", "committed"]
Mode = Literal["builtin", "llm"]
Origin = Literal["lens", "llm", "done", "precedent", "rule", "assumption", "timeline"]
CoverageStatus = Literal["covered", "open", "not_applicable"]
HeldBack = Literal["check_only", "track_record", "track_record_generic"]
ExchangeStatus = Literal["answered_by_proposal", "answerable_now", "open", "contested"]
Relation = Literal["builds_on", "conflicts", "repeats", "superseded", "related"]
SynthesisPath = Literal["builtin", "model", "fallback"]

KINDS: tuple[Kind, ...] = ("unasked_question", "hidden_dependency", "done_divergence")
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


class ProposalEvidence(BaseModel):
    """A verbatim quote from the proposal text."""

    model_config = ConfigDict(extra="forbid")
    source: Literal["proposal"] = "proposal"
    quote: str = Field(min_length=1)


class DecisionEvidence(BaseModel):
    """A citation of a past decision record in the knowledge base."""

    model_config = ConfigDict(extra="forbid")
    source: Literal["decision"] = "decision"
    decision_id: str
    title: str
    quote: str
    section: str | None = None
    status: str | None = None


Evidence = Annotated[ProposalEvidence | DecisionEvidence, Field(discriminator="source")]


class Finding(BaseModel):
    """One gap for humans to resolve; always grounded in at least one evidence item."""

    id: str
    kind: Kind
    perspective: Perspective
    title: str
    detail: str
    severity: Severity
    evidence: list[Evidence] = Field(min_length=1)
    origin: Origin = "lens"
    concern: str | None = None
    reason: str | None = Field(default=None, description="why this finding was kept (synthesis)")
    importance: float | None = Field(default=None, ge=0, le=1, description="how much it could block the decision")
    specificity: float | None = Field(default=None, ge=0, le=1, description="how specific to this proposal")
    merged_ids: list[str] = Field(default_factory=list, description="ids of duplicate findings merged into this one")


class Commitment(BaseModel):
    """How hardened the decision already is, with the quotes that show it."""

    stage: Stage = "exploring"
    signals: list[str] = Field(default_factory=list)


class DoneDefinitions(BaseModel):
    """What 'done' means in the proposal itself, and to each side."""

    proposal: list[str] = Field(default_factory=list)
    it: list[str] = Field(default_factory=list)
    business: list[str] = Field(default_factory=list)


class Precedent(BaseModel):
    """A past decision retrieved as similar to the proposal, and how it bears on it."""

    decision_id: str
    title: str
    source: str
    score: float
    similarity: float | None = Field(default=None, description="dense cosine similarity to the proposal")
    status: str | None = None
    section: str | None = None
    quote: str | None = None
    relation: Relation | None = None
    current_id: str | None = Field(default=None, description="for a superseded record: the record now in force")
    relation_by: Literal["builtin", "model"] | None = Field(
        default=None, description="who decided the relation: the builtin judge, or the model (LLM mode)"
    )
    detected_relation: Relation | None = Field(
        default=None, description="when the model changed the relation: what the builtin judge had detected"
    )


class CoverageItem(BaseModel):
    """One concern the reviewer judged: covered by the proposal, open, or not applicable."""

    concern: str
    title: str
    perspective: Perspective
    status: CoverageStatus
    quote: str | None = Field(default=None, description="the covering (or, when open, the triggering) sentence")
    archetype: str | None = None
    source: Literal["catalog", "rules"] = "catalog"
    held_back: HeldBack | None = Field(
        default=None,
        description="an open concern not listed as a finding, and why: a check by design (`listed: false`), "
        "a check blind reviewers found wrong on other proposals about as often as specific, or more (`track_record`), "
        "or one they almost never "
        "found specific to the proposal (`track_record_generic`)",
    )


class Exchange(BaseModel):
    """One side's question put to the other side, and what came back (cross-examination)."""

    id: str
    asked_by: Literal["it", "business"]
    question: str
    finding_id: str | None = None
    status: ExchangeStatus
    answer: str | None = Field(default=None, description="the answering side's (simulated) view")
    quote: str | None = Field(default=None, description="the proposal sentence that answers it")
    positions: dict[str, str] = Field(default_factory=dict, description="'it' and 'business' when open/contested")
    simulated: bool = True


class ReviewMeta(BaseModel):
    """How the review was produced: enough to reproduce and to compare reviewers."""

    gapreview_version: str
    schema_version: str = SCHEMA_VERSION
    mode: Mode = "builtin"
    model: str | None = None
    language: str = "en"
    duration_s: float = 0.0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    dropped_findings: int = 0
    synthesis: SynthesisPath = "builtin"
    catalog_version: str = ""
    rules_version: str | None = None
    archetypes: list[str] = Field(default_factory=list)
    node_durations: dict[str, float] = Field(default_factory=dict)
    settings_used: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class ReviewReport(BaseModel):
    """The whole review: findings, commitment stage, done definitions, precedents, meta."""

    findings: list[Finding] = Field(default_factory=list)
    appendix: list[Finding] = Field(default_factory=list, description="lower-ranked findings beyond the reading cap")
    commitment: Commitment = Field(default_factory=Commitment)
    done_definitions: DoneDefinitions = Field(default_factory=DoneDefinitions)
    precedents: list[Precedent] = Field(default_factory=list)
    coverage: list[CoverageItem] = Field(default_factory=list)
    exchanges: list[Exchange] = Field(default_factory=list)
    meta: ReviewMeta
