"""Score one review against one labelled case, and summarise a run over all cases.

Matching is by meaning: a finding covers an expected gap when the e5 cosine of their texts is at
least `threshold`, or at least `anchor_floor` while the finding also contains one of the gap's
keyword anchors. Matching is one-to-one (greedy, best pair first) so that one vague finding cannot
cover five gaps.

Calibration (multilingual-e5-small, whose cosines between any two sentences of this domain sit
in ~0.80-0.92): on the 16 development cases we scored each builtin review against its own case
and against every other same-language case, and picked the thresholds that maximise
own-case recall minus other-case recall (a match that is as likely on someone else's proposal is
noise). Grid 0.83-0.90: best 0.86/0.86 (0.527 vs 0.285) and 0.86/0.84 (0.593 vs 0.358); we use
0.86/0.84 so anchors count. Lower thresholds inflate every reviewer, the checklist included
(0.85/0.83: checklist 0.24, other-case recall 0.54). Re-calibrate when the embedder changes.

A review that could not be produced or parsed is a *failure*: its quality metrics are None and it
is counted under `failures`, never scored as an empty review.

Beside recall: template share and evidence support (`evals.quality`, automatic proxies), and the
share of findings labelled specific / generic / wrong by a judge model or by people
(`evals.judge`, `evals.labels`); labels are stored per finding id and counted only when present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import mean
from typing import get_args

import numpy as np

from agents.schemas import KINDS, Finding, ProposalEvidence, ReviewReport
from evals.cases import EvalCase, Split
from evals.labels import Label
from evals.quality import evidence_support, masked_title, template_flags
from evals.specificity import SubjectTerms
from knowledge.embeddings import Embedder

DEFAULT_THRESHOLD = 0.86
DEFAULT_ANCHOR_FLOOR = 0.84
LABELS: tuple[Label, ...] = get_args(Label)


def finding_text(finding: Finding) -> str:
    return f"{finding.title}. {finding.detail}"


@dataclass(frozen=True)
class Stat:
    """A metric over repeated runs: mean, sample spread and min/median/max of the run values."""

    mean: float | None
    std: float | None
    n: int
    min: float | None = None
    median: float | None = None
    max: float | None = None


@dataclass
class Match:
    gap: str
    finding_title: str
    similarity: float
    by_anchor: bool


@dataclass
class CaseScore:
    """Everything measured on one (reviewer, run, case)."""

    case_id: str
    reviewer: str
    run: int
    latency_s: float
    error: str | None = None
    split: Split = "dev"
    expected_by_kind: dict[str, int] = field(default_factory=dict)
    matched_by_kind: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    answered_raised: int = 0
    findings: int = 0
    specific_findings: int = 0
    proposal_quotes: int = 0
    verbatim_quotes: int = 0
    supported_quotes: int = 0
    finding_ids: list[str] = field(default_factory=list)
    masked_titles: list[str] = field(default_factory=list)
    labels: dict[str, Label] = field(default_factory=dict)
    label_sources: dict[str, str] = field(default_factory=dict)
    judge_invalid: int = 0
    judged: bool = False  # a judge call or a labels file covered this case (labels may still be few)
    stage_correct: bool = False
    llm_calls: int = 0
    tokens: int = 0
    cost_usd: float | None = None
    warnings: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


class Scorer:
    """Holds the embedder, thresholds and vocabulary so every reviewer is scored identically."""

    def __init__(
        self,
        embedder: Embedder,
        subject_terms: SubjectTerms,
        threshold: float = DEFAULT_THRESHOLD,
        anchor_floor: float = DEFAULT_ANCHOR_FLOOR,
    ) -> None:
        self.embedder = embedder
        self.subject_terms = subject_terms
        self.threshold = threshold
        self.anchor_floor = anchor_floor

    def _similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Cosine matrix; e5 wants the `query:` role on both sides of a symmetric comparison."""
        if not left or not right:
            return np.zeros((len(left), len(right)), dtype=np.float32)
        a = self.embedder.embed_queries(list(left))
        b = self.embedder.embed_queries(list(right))
        return np.asarray(a @ b.T, dtype=np.float32)

    def match(self, case: EvalCase, findings: Sequence[Finding]) -> list[tuple[int, int, Match]]:
        """One-to-one matches (gap index, finding index, match), best similarity first."""
        texts = [finding_text(f) for f in findings]
        sims = self._similarity([g.gap for g in case.expected], texts)
        candidates: list[tuple[float, int, int, bool]] = []
        for gi, gap in enumerate(case.expected):
            anchors = [a.lower() for a in gap.anchors]
            for fi, text in enumerate(texts):
                sim = float(sims[gi, fi])
                anchored = any(a in text.lower() for a in anchors)
                if sim >= self.threshold or (anchored and sim >= self.anchor_floor):
                    candidates.append((sim, gi, fi, anchored and sim < self.threshold))
        used_gaps: set[int] = set()
        used_findings: set[int] = set()
        chosen: list[tuple[int, int, Match]] = []
        for sim, gi, fi, by_anchor in sorted(candidates, reverse=True):
            if gi in used_gaps or fi in used_findings:
                continue
            used_gaps.add(gi)
            used_findings.add(fi)
            chosen.append((gi, fi, Match(case.expected[gi].gap, findings[fi].title, round(sim, 4), by_anchor)))
        return chosen

    def answered_raised(self, case: EvalCase, findings: Sequence[Finding]) -> int:
        """Answered concerns that some finding raises anyway.

        A finding raises an answered concern when it is at least `threshold` similar to it and
        closer to it than to every expected gap (so a legitimate gap that happens to resemble an
        answered concern is not punished).
        """
        if not case.answered or not findings:
            return 0
        texts = [finding_text(f) for f in findings]
        to_answered = self._similarity(texts, case.answered)
        to_expected = self._similarity(texts, [g.gap for g in case.expected])
        best_expected = to_expected.max(axis=1) if to_expected.size else np.zeros(len(texts))
        raised = set()
        for fi in range(len(texts)):
            for ai in range(len(case.answered)):
                sim = to_answered[fi, ai]
                if sim >= self.threshold and sim > best_expected[fi]:
                    raised.add(ai)
        return len(raised)

    def score(self, case: EvalCase, report: ReviewReport, reviewer: str, run: int, latency_s: float) -> CaseScore:
        findings = report.findings
        matches = self.match(case, findings)
        expected_by_kind: dict[str, int] = {k: sum(g.kind == k for g in case.expected) for k in KINDS}
        matched_by_kind: dict[str, int] = {k: sum(case.expected[gi].kind == k for gi, _, _ in matches) for k in KINDS}
        quotes = [e.quote for f in findings for e in f.evidence if isinstance(e, ProposalEvidence)]
        terms = self.subject_terms.terms(case.text)
        specific = sum(
            self.subject_terms.is_specific(
                finding_text(f), terms, [e.quote for e in f.evidence if isinstance(e, ProposalEvidence)]
            )
            for f in findings
        )
        meta = report.meta
        supported, _ = evidence_support(findings, case.text)
        return CaseScore(
            case_id=case.id,
            reviewer=reviewer,
            run=run,
            latency_s=latency_s,
            split=case.split,
            expected_by_kind=expected_by_kind,
            matched_by_kind=matched_by_kind,
            answered=len(case.answered),
            answered_raised=self.answered_raised(case, findings),
            findings=len(findings),
            specific_findings=specific,
            proposal_quotes=len(quotes),
            verbatim_quotes=sum(q in case.text for q in quotes),
            supported_quotes=supported,
            finding_ids=[f.id for f in findings],
            masked_titles=[masked_title(f.title, case.text) for f in findings],
            stage_correct=report.commitment.stage == case.stage,
            llm_calls=meta.llm_calls,
            tokens=meta.prompt_tokens + meta.completion_tokens,
            cost_usd=meta.cost_usd if meta.llm_calls else 0.0,
            warnings=list(meta.warnings),
            matches=[m for _, _, m in matches],
        )


def failed_score(case: EvalCase, reviewer: str, run: int, latency_s: float, error: str) -> CaseScore:
    """A case whose review failed or did not parse: recorded as a failure, not as zeros."""
    return CaseScore(case_id=case.id, reviewer=reviewer, run=run, latency_s=latency_s, error=error, split=case.split)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def template_count(scores: Sequence[CaseScore]) -> int:
    """Findings that are templates of a finding on another case of the same group."""
    flags = template_flags([(s.case_id, s.masked_titles) for s in scores])
    return sum(sum(case_flags) for case_flags in flags)


def _label_metrics(ok: Sequence[CaseScore]) -> dict[str, float | None]:
    """Label rates over the labelled findings; all None when nothing was judged or labelled."""
    labelled = sum(len(s.labels) for s in ok)
    judged = any(s.judged or s.labels for s in ok)
    metrics = {
        f"{label}_rate": _ratio(sum(list(s.labels.values()).count(label) for s in ok), labelled) for label in LABELS
    }
    metrics["labelled"] = _ratio(labelled, sum(s.findings for s in ok)) if judged else None
    metrics["judge_invalid"] = float(sum(s.judge_invalid for s in ok)) if judged else None
    return metrics


def summarize(scores: Sequence[CaseScore]) -> dict[str, float | None]:
    """Run-level metrics for one reviewer and run (micro-averaged over the valid reviews).

    Template share compares the cases in `scores` with each other, so a split's figure depends
    only on that split's cases.
    """
    ok = [s for s in scores if s.ok]
    metrics: dict[str, float | None] = {
        "recall": _ratio(
            sum(sum(s.matched_by_kind.values()) for s in ok),
            sum(sum(s.expected_by_kind.values()) for s in ok),
        )
    }
    for kind in KINDS:
        metrics[f"recall_{kind}"] = _ratio(
            sum(s.matched_by_kind.get(kind, 0) for s in ok), sum(s.expected_by_kind.get(kind, 0) for s in ok)
        )
    costs = [s.cost_usd for s in ok] or [None]
    metrics.update(
        {
            "answered_raised_rate": _ratio(sum(s.answered_raised for s in ok), sum(s.answered for s in ok)),
            "findings_per_case": mean(s.findings for s in ok) if ok else None,
            "findings_max": float(max(s.findings for s in ok)) if ok else None,
            "template_share": _ratio(template_count(ok), sum(s.findings for s in ok)),
            "evidence_support": _ratio(sum(s.supported_quotes for s in ok), sum(s.proposal_quotes for s in ok)),
            **_label_metrics(ok),
            "specificity": _ratio(sum(s.specific_findings for s in ok), sum(s.findings for s in ok)),
            "grounding": _ratio(sum(s.verbatim_quotes for s in ok), sum(s.proposal_quotes for s in ok)),
            "stage_accuracy": _ratio(sum(s.stage_correct for s in ok), len(ok)),
            "latency_s": mean(s.latency_s for s in scores) if scores else None,
            "llm_calls_per_case": mean(s.llm_calls for s in ok) if ok else None,
            "tokens_per_case": mean(s.tokens for s in ok) if ok else None,
            "cost_usd": None if any(c is None for c in costs) else sum(c for c in costs if c is not None),
            "failures": float(sum(not s.ok for s in scores)),
            "degraded": float(sum(bool(s.warnings) for s in ok)),
        }
    )
    return metrics
