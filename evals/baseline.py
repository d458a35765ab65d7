"""A fixed generic checklist of 15 questions, returned as a review in the report contract.

Why: every eval table needs a floor. Any reviewer can "find" the usual suspects (security,
training, budget...); the baseline shows how much a reviewer adds beyond asking the same 15
questions of every proposal. It never reads the proposal except to cite its first line, which the
contract requires as evidence, and always answers "exploring" (a checklist cannot judge
commitment).
"""

from __future__ import annotations

import time

from agents.schemas import Finding, Kind, Perspective, ProposalEvidence, ReviewMeta, ReviewReport
from core.version import package_version

CHECKLIST_NAME = "checklist"

CHECKLIST: tuple[tuple[Kind, Perspective, str], ...] = (
    ("unasked_question", "it", "What are the security risks and how are they mitigated?"),
    ("unasked_question", "it", "How will users be authenticated and who gets access?"),
    ("hidden_dependency", "it", "Which existing systems does this need to integrate with?"),
    ("hidden_dependency", "it", "What data has to be migrated, and how?"),
    ("unasked_question", "it", "Who will operate and support it after go-live?"),
    ("unasked_question", "it", "Does it comply with privacy and data-protection rules?"),
    ("unasked_question", "it", "What is the rollback plan if it does not work?"),
    ("unasked_question", "it", "Will it scale to the expected load?"),
    ("unasked_question", "business", "How will staff be trained and supported in adopting it?"),
    ("unasked_question", "business", "What does it cost, including licences and contracts?"),
    ("unasked_question", "business", "Is the timing right given the business calendar?"),
    ("unasked_question", "business", "Who is the business owner accountable for the outcome?"),
    ("unasked_question", "business", "How will customers be affected?"),
    ("hidden_dependency", "business", "Do the works council or HR need to be consulted?"),
    ("done_divergence", "both", "How will success be measured, and when is it done?"),
)


def _first_line(text: str) -> str:
    """The first non-empty line, stripped: a verbatim quote that always exists."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return text.strip()


def checklist_review(text: str) -> ReviewReport:
    """The same 15 findings for any proposal, grounded in its first line."""
    started = time.perf_counter()
    app_version = package_version()
    quote = _first_line(text)
    findings = [
        Finding(
            id=f"checklist-{i + 1:02d}",
            kind=kind,
            perspective=perspective,
            title=question,
            detail=question,
            severity="medium",
            evidence=[ProposalEvidence(quote=quote)],
            origin="lens",
            concern=f"checklist-{i + 1:02d}",
        )
        for i, (kind, perspective, question) in enumerate(CHECKLIST)
    ]
    meta = ReviewMeta(
        gapreview_version=app_version,
        mode="builtin",
        model=CHECKLIST_NAME,
        duration_s=round(time.perf_counter() - started, 6),
    )
    return ReviewReport(findings=findings, meta=meta)
