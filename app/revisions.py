"""How a revised draft's review relates to the previous one: which earlier findings it answers.

Kept apart from storage: it compares two reports and knows nothing of SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.schemas import Finding, ReviewReport


@dataclass(frozen=True)
class RevisionComparison:
    """How a revised draft's review relates to the previous one's findings."""

    now_answered: list[Finding]
    still_raised: list[tuple[Finding, Finding]]  # (old, new)
    new_findings: list[Finding]


def compare_with_previous(new_report: ReviewReport, old_report: ReviewReport) -> RevisionComparison:
    """Which earlier findings the revised draft no longer raises: those count as answered by the text."""
    new_by_key: dict[str, Finding] = {}
    for finding in new_report.findings:
        for key in _match_keys(finding):
            new_by_key.setdefault(key, finding)
    answered: list[Finding] = []
    still: list[tuple[Finding, Finding]] = []
    matched_new: set[str] = set()
    for old in old_report.findings:
        match = next((new_by_key[k] for k in _match_keys(old) if k in new_by_key), None)
        if match is None:
            answered.append(old)
        else:
            still.append((old, match))
            matched_new.add(match.id)
    fresh = [f for f in new_report.findings if f.id not in matched_new]
    return RevisionComparison(now_answered=answered, still_raised=still, new_findings=fresh)


def _match_keys(finding: Finding) -> list[str]:
    """Identity across runs: the lens concern when known, else kind + normalised title.

    Finding ids may be positional, so they are not trusted to mean the same gap in two runs.
    """
    title = re.sub(r"\W+", " ", finding.title.lower()).strip()
    keys = [f"title:{finding.kind}:{title}"]
    if finding.concern:
        keys.insert(0, f"concern:{finding.perspective}:{finding.concern}")
    return keys
