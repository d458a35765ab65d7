"""How a revised draft's review relates to the previous one, and which settings the revision runs with.

Kept apart from storage: it compares two reports and knows nothing of SQLite. A previous finding the
new review does not raise is only "answered" when the new review could have raised it: one that moved
to the appendix is still raised (lower ranked), and one that cites a past decision the new review did
not retrieve was not re-checked at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agents.context import RUN_FIELDS
from agents.schemas import DecisionEvidence, Finding, ReviewReport
from core.settings import BUILTIN, ROLES, Settings


@dataclass(frozen=True)
class RevisionComparison:
    """How a revised draft's review relates to the previous one's findings."""

    now_answered: list[Finding]
    still_raised: list[tuple[Finding, Finding]]  # (old, new), both among the findings
    new_findings: list[Finding]
    lower_ranked: list[tuple[Finding, Finding]] = field(default_factory=list)  # (old finding, new appendix item)
    not_rechecked: list[Finding] = field(default_factory=list)  # cites a decision the new review did not retrieve

    @property
    def carried(self) -> list[tuple[Finding, Finding]]:
        """Pairs whose resolution carries over: the same gap, raised again (in the findings or the appendix)."""
        return [*self.still_raised, *self.lower_ranked]


def compare_with_previous(new_report: ReviewReport, old_report: ReviewReport) -> RevisionComparison:
    """Match the previous findings against the new findings and the new appendix."""
    in_findings = _index(new_report.findings)
    in_appendix = _index(new_report.appendix)
    retrieved = {p.decision_id for p in new_report.precedents}
    answered: list[Finding] = []
    still: list[tuple[Finding, Finding]] = []
    lower: list[tuple[Finding, Finding]] = []
    unchecked: list[Finding] = []
    for old in old_report.findings:
        if (match := _find(old, in_findings)) is not None:
            still.append((old, match))
        elif (match := _find(old, in_appendix)) is not None:
            lower.append((old, match))
        elif _cited_decisions(old) - retrieved:
            unchecked.append(old)
        else:
            answered.append(old)
    seen_before = _index(old_report.findings + old_report.appendix)
    fresh = [f for f in new_report.findings if _find(f, seen_before) is None]
    return RevisionComparison(answered, still, fresh, lower, unchecked)


def _cited_decisions(finding: Finding) -> set[str]:
    """Past decisions a finding rests on; only precedent findings stand or fall with their retrieval."""
    if finding.origin != "precedent":
        return set()
    return {e.decision_id for e in finding.evidence if isinstance(e, DecisionEvidence)}


def _index(findings: list[Finding]) -> dict[str, Finding]:
    by_key: dict[str, Finding] = {}
    for finding in findings:
        for key in _match_keys(finding):
            by_key.setdefault(key, finding)
    return by_key


def _find(finding: Finding, index: dict[str, Finding]) -> Finding | None:
    return next((index[k] for k in _match_keys(finding) if k in index), None)


def _match_keys(finding: Finding) -> list[str]:
    """Identity across runs: the lens concern when known, else kind + normalised title.

    Finding ids may be positional, so they are not trusted to mean the same gap in two runs.
    """
    title = re.sub(r"\W+", " ", finding.title.lower()).strip()
    keys = [f"title:{finding.kind}:{title}"]
    if finding.concern:
        keys.insert(0, f"concern:{finding.perspective}:{finding.concern}")
    return keys


def settings_for_revision(
    settings: Settings, run_settings: dict[str, Any], settings_summary: dict[str, str] | None = None
) -> Settings:
    """The page's settings with the original review's run settings (model per role, knowledge base on/off,
    precedents_k), so a revision is reviewed the way the original was.

    Reviews saved before run settings were stored only have their public summary; the models and the
    knowledge-base switch are read back from it.
    """
    values = {k: v for k, v in run_settings.items() if k in RUN_FIELDS}
    if not values and settings_summary:
        values = {"model": None}
        for role in ROLES:
            chosen = settings_summary.get(f"{role}_model", BUILTIN)
            values[f"{role}_model"] = None if chosen == BUILTIN else chosen
        values["no_kb"] = settings_summary.get("knowledge_base") == "off"
    if not values:
        return settings
    return settings.model_copy(update=values)
