"""The whole graph on a well-prepared proposal: few findings, and a coverage map that shows what
the proposal already answers. A small fixture library keeps it independent of the library data."""

from __future__ import annotations

import pytest

import agents.judge.analysis as analysis_module
from agents.lenses.library import Answer, Archetype, Library, Pitfall, Texts, Trigger
from agents.review import build_context, run_review
from core.settings import Settings
from knowledge.embeddings import Embedder


def pitfall(pid: str, meaning: str, answered: str, cues: list[str], question: str) -> Pitfall:
    return Pitfall(
        id=f"decommission.{pid}", perspective="it", kind="hidden_dependency", severity="high",
        applies_when=Trigger(facts_all=["system_retired"], meaning=[meaning], cues=["switch off", "uitzet"]),
        answered_when=Answer(meaning=[answered], cues=cues), question=Texts(en=question),
        why=Texts(en="It goes wrong after the switch-off."), evidence_fact="system_retired",
    )  # fmt: skip


LIBRARY = Library(
    version=7,
    archetypes=[
        Archetype(
            id="decommission",
            name=Texts(en="Decommission"),
            recognise=[
                "we will switch off the old server or system on a fixed date",
                "the legacy server is decommissioned after its data has moved",
            ],
            cues=["switch off", "decommission"],
            pitfalls=[
                pitfall(
                    "readers",
                    "the old server will be switched off",
                    "the access logs were checked for reports, jobs and users that still read from it",
                    ["access log"],
                    "Which reports and jobs still read from {retired_system}?",
                ),
                pitfall(
                    "retention",
                    "the old server and its data will be switched off",
                    "the retention period of the data is named and a read-only archive is kept",
                    ["retention"],
                    "How long must the data of {retired_system} stay retrievable?",
                ),
                pitfall(
                    "fallback",
                    "the old server is switched off on a fixed date",
                    "the old server stays available read-only for a month as a fallback",
                    ["read-only", "fallback"],
                    "What is the way back if {retired_system} is needed again?",
                ),
            ],  # fmt: skip
        )
    ],
)

WELL_PREPARED = """# Switch off the file server FS01

We switch off the file server FS01 on 30 June 2026, after its shares have moved to SharePoint Online.

The access logs of FS01 for the last three months were checked: two scheduled reports still read from it and
both have been moved; no other jobs or users read from it.

The retention period for the finance shares is seven years; they are kept in a read-only archive.

FS01 stays available read-only until 31 July as a fallback.
"""


@pytest.mark.slow
def test_a_well_prepared_proposal_gets_few_findings_and_a_covered_coverage_map(
    e5: Embedder, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis_module, "default_library", lambda: LIBRARY)
    report = run_review(WELL_PREPARED, settings, context=build_context(settings, embedder=e5))
    lens = [f for f in report.findings + report.appendix if f.origin == "lens"]
    assert len(lens) <= 1
    covered = [c for c in report.coverage if c.status == "covered"]
    assert len(covered) >= 2
    assert all(c.quote and c.quote in WELL_PREPARED for c in covered)
    assert {c.archetype for c in report.coverage} == {"decommission"}


@pytest.mark.slow
def test_the_same_proposal_without_its_answers_raises_them(
    e5: Embedder, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis_module, "default_library", lambda: LIBRARY)
    bare = WELL_PREPARED.split("\n\nThe access logs")[0] + "\n"
    report = run_review(bare, settings, context=build_context(settings, embedder=e5))
    lens = [f for f in report.findings + report.appendix if f.origin == "lens"]
    assert len(lens) >= 2
    assert all("FS01" in f.title for f in lens)
    assert all(f.evidence[0].quote.startswith("We switch off the file server FS01") for f in lens)
