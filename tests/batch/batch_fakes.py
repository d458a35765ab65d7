"""A scripted reviewer for batch tests: records what it reviewed, fails or stalls on cue."""

from __future__ import annotations

import threading
import time

from agents.schemas import Finding, ProposalEvidence, ReviewMeta, ReviewReport

DRAFT = "# {title}\n\nWe will roll out {title} to all 40 planners in March.\nSEVERITY={severity}\n"


def draft_text(title: str, severity: str = "low") -> str:
    return DRAFT.format(title=title, severity=severity)


def report_for(text: str) -> ReviewReport:
    """One finding whose severity the draft names (SEVERITY=high|medium|low), quoting line 1."""
    severity = "low"
    for line in text.splitlines():
        if line.startswith("SEVERITY="):
            severity = line.removeprefix("SEVERITY=").strip()
    quote = text.strip().splitlines()[0]
    finding = Finding(
        id="f1",
        kind="unasked_question",
        perspective="it",
        title=f"Who supports {quote.lstrip('# ')}?",
        detail="Nobody is named.",
        severity=severity,  # type: ignore[arg-type]
        evidence=[ProposalEvidence(quote=quote)],
    )
    return ReviewReport(findings=[finding], meta=ReviewMeta(gapreview_version="test"))


class FakeReviewer:
    """Callable like `run_review` bound to settings. `fail_on` texts raise; `interrupt_after` stops."""

    def __init__(self, fail_marker: str = "BOOM", interrupt_after: int | None = None, delay_s: float = 0.0):
        self.fail_marker = fail_marker
        self.interrupt_after = interrupt_after
        self.delay_s = delay_s
        self.reviewed: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, text: str) -> ReviewReport:
        with self._lock:
            if self.interrupt_after is not None and len(self.reviewed) >= self.interrupt_after:
                raise KeyboardInterrupt
            self.reviewed.append(text.strip().splitlines()[0])
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail_marker in text:
            raise RuntimeError("model exploded")
        return report_for(text)
