"""The lens engine with the real offline embedder: relevance, coverage and tailoring."""

from __future__ import annotations

import pytest

from agents.lenses.catalog import load_catalog, load_vocabulary
from agents.lenses.engine import LensEngine
from agents.nodes.read import detect_language, parse_proposal
from knowledge.embeddings import CachedEmbedder

TWO_FA = """# Mandatory MFA for warehouse staff

From 1 March 2027 every Entra ID account must use Microsoft Authenticator push, including the
warehouse pickers who share RF scanners between shifts. Success: MFA enforced on 100% of accounts.
"""
ANSWERS_INCLUSION = (
    "\nPickers without a company phone get an NFC badge instead of the app; nobody needs a personal smartphone.\n"
)
MIGRATION = """# Move customer history to the new CRM

We will migrate twelve years of customer orders and contact history from the old AS/400 system
into Dynamics before the switch-over in week 40.
"""
DUTCH = """# Verplichte MFA voor magazijnmedewerkers

Vanaf 1 maart 2027 moeten alle magazijnmedewerkers inloggen met Microsoft Authenticator op de
gedeelde scanners. Het budget is goedgekeurd.
"""


@pytest.fixture(scope="module")
def engine(e5: CachedEmbedder) -> LensEngine:
    return LensEngine(load_catalog(), load_vocabulary(), e5)


def judged(engine: LensEngine, text: str) -> dict:  # type: ignore[type-arg]
    proposal = parse_proposal(text)
    vectors = engine.embedder.embed_passages([s.text for s in proposal.sentences])
    return {j.concern.id: j for j in engine.judge(proposal, vectors)}


def raised(engine: LensEngine, text: str) -> list:  # type: ignore[type-arg]
    proposal = parse_proposal(text)
    vectors = engine.embedder.embed_passages([s.text for s in proposal.sentences])
    judgements = engine.judge(proposal, vectors)
    return engine.findings(proposal, judgements, "it") + engine.findings(proposal, judgements, "business")


def test_a_concern_the_proposal_answers_is_not_raised(engine: LensEngine) -> None:
    before = judged(engine, TWO_FA)["biz.inclusion"]
    after = judged(engine, TWO_FA + ANSWERS_INCLUSION)["biz.inclusion"]
    assert before.relevant and not before.answered
    assert after.answered
    assert "biz.inclusion" not in {f.concern for f in raised(engine, TWO_FA + ANSWERS_INCLUSION)}


def test_irrelevant_concern_is_not_raised_but_relevant_one_is(engine: LensEngine) -> None:
    assert not judged(engine, TWO_FA)["it.data_migration"].relevant
    migration = judged(engine, MIGRATION)["it.data_migration"]
    assert migration.relevant and not migration.answered


def test_findings_name_the_proposals_own_subject(engine: LensEngine) -> None:
    findings = raised(engine, TWO_FA)
    assert findings
    subject_words = ("Entra ID", "Microsoft Authenticator", "warehouse pickers", "RF", "1 March 2027", "MFA")
    specific = [f for f in findings if any(w in f.title for w in subject_words)]
    assert len(specific) / len(findings) >= 0.8
    for finding in findings:
        assert finding.evidence[0].quote in TWO_FA


def test_dutch_proposal_gets_dutch_findings(engine: LensEngine) -> None:
    findings = raised(engine, DUTCH)
    assert findings
    assert detect_language(" ".join(f.title for f in findings)) == "nl"
    assert not [f.title for f in findings if " the " in f.title or " and " in f.title]
    assert any("magazijnmedewerkers" in f.title for f in findings)
