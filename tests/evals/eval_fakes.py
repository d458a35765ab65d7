"""Deterministic stand-ins: a bag-of-words embedder and hand-made reports and cases."""

from __future__ import annotations

from pathlib import Path

from fakes import HashEmbedder, make_finding

from agents.schemas import Finding, ReviewMeta, ReviewReport
from evals.cases import EvalCase, ExpectedGap

DIM = 1024


def WordEmbedder() -> HashEmbedder:  # noqa: N802 - reads like the class it stands for
    """Cosine = word overlap, with enough dimensions that unrelated words rarely collide."""
    return HashEmbedder(dims=1024)


ZEBRA_CASE = """id: zebra
language: en
origin: business
stage: committed
expected:
  - kind: hidden_dependency
    perspective: it
    gap: "scanner wifi coverage in the freezer aisles"
"""
"""The case spec the eval tests share (`answered:` appended where a test needs it)."""

PROPOSAL = (
    "# Zebra scanners for the Tilburg warehouse\n\n"
    "We replace the paper pick lists with Zebra TC52 scanners for all 140 warehouse pickers on 1 March.\n"
    "Training is two hours per shift, given by the team leads.\n"
    "Success: 100% of picks scanned.\n"
)


def write_zebra_case(folder: Path, spec: str = ZEBRA_CASE) -> Path:
    """A cases folder holding the zebra case: its spec and the proposal text."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zebra.yaml").write_text(spec, encoding="utf-8")
    (folder / "zebra.md").write_text(PROPOSAL, encoding="utf-8")
    return folder


def make_case(tmp: Path | None = None, **overrides: object) -> EvalCase:
    fields: dict[str, object] = {
        "id": "zebra",
        "language": "en",
        "origin": "business",
        "stage": "committed",
        "expected": [
            ExpectedGap(kind="hidden_dependency", perspective="it", gap="scanner wifi coverage in the freezer aisles"),
            ExpectedGap(kind="unasked_question", perspective="business", gap="who repairs broken scanners at night"),
            ExpectedGap(
                kind="done_divergence",
                perspective="both",
                gap="picks scanned versus pickers faster",
                anchors=["speed"],
            ),
        ],
        "answered": ["training for the pickers"],
        "text": PROPOSAL,
        "path": (tmp or Path(".")) / "zebra.yaml",
    }
    fields.update(overrides)
    return EvalCase.model_validate(fields)


def finding(title: str, detail: str = "", quote: str = "Zebra TC52 scanners", severity: str = "medium") -> Finding:
    return make_finding(title, quote, id=title[:8], detail=detail, severity=severity)


def report(findings: list[Finding], stage: str = "committed", **meta: object) -> ReviewReport:
    result = ReviewReport(findings=findings, meta=ReviewMeta(gapreview_version="test", **meta))  # type: ignore[arg-type]
    result.commitment.stage = stage  # type: ignore[assignment]
    return result
