"""Precedent relations on tiny fixture records, in English and Dutch, with the real e5 embedder.

Each relation is decided from meaning plus what the texts state (an "instead of" in the record, a
"we will use" in the proposal, a shared system name), never from a record's id or file name.
"""

from __future__ import annotations

import pytest

from agents.nodes.precedent_relations import RelationJudge, follow_superseded
from agents.nodes.read import parse_proposal
from agents.nodes.retrieve import relate
from agents.schemas import DecisionEvidence, ProposalEvidence
from knowledge.base import RecordView, SearchHit
from knowledge.embeddings import CachedEmbedder

pytestmark = pytest.mark.integration


def record(rid: str, title: str, decision: str, consequences: str = "", status: str = "accepted") -> RecordView:
    sections = {"context": "Background.", "decision": decision}
    if consequences:
        sections["consequences"] = consequences
    return RecordView(decision_id=rid, title=title, status=status, source=f"kb/{rid}.md", sections=sections)


DISPATCH_EN = record(
    "ADR-0006",
    "Drivers coordinate through the dispatch app instead of WhatsApp groups",
    "Chosen option: the dispatch app, because messages to drivers must be logged and stay on company devices.",
    "* Bad, because drivers needed a day of training on the dispatch app.",
)
SHAREPOINT_EN = record(
    "ADR-0011",
    "Move the departmental file shares to SharePoint Online",
    "We move all departmental file shares to SharePoint Online in 2022.",
    "* Good, because files are reachable from home.\n"
    "* Bad, because the migration stopped halfway: 40% of the files stayed on the old file server.",
)
POWERBI_EN = record(
    "ADR-0010",
    "Use Power BI as the standard reporting platform",
    "All management reports are built in Power BI by the BI team.",
    "* Bad, because reports built outside Power BI get no support from the BI team.",
)
DISPATCH_NL = record(
    "ADR-0106",
    "Chauffeurs communiceren via de planningsapp in plaats van WhatsApp-groepen",
    "Gekozen optie: de planningsapp, omdat berichten aan chauffeurs gelogd moeten worden op apparaten van het bedrijf.",
    "* Slecht, omdat chauffeurs een dag training nodig hadden.",
)
SHAREPOINT_NL = record(
    "ADR-0111",
    "Afdelingsschijven verhuizen naar SharePoint Online",
    "We verhuizen alle afdelingsschijven naar SharePoint Online in 2022.",
    "* Goed, omdat bestanden thuis bereikbaar zijn.\n"
    "* Slecht, omdat de migratie halverwege stopte: 40% van de bestanden bleef op de oude bestandsserver.",
)
POWERBI_NL = record(
    "ADR-0110",
    "Power BI als standaard rapportageplatform",
    "Alle managementrapportages worden door het BI-team in Power BI gebouwd.",
    "* Slecht, omdat rapportages buiten Power BI geen ondersteuning van het BI-team krijgen.",
)

CASES = [
    ("conflicts", DISPATCH_EN, "# Dispatch\n\nWe will use WhatsApp groups per depot to send drivers their routes."),
    ("repeats", SHAREPOINT_EN, "# File shares\n\nWe will migrate all departmental file shares to SharePoint Online."),
    (
        "builds_on",
        POWERBI_EN,
        "# Margin dashboard\n\nSales wants a daily margin dashboard in Power BI for the regions.",
    ),
    (
        "conflicts",
        DISPATCH_NL,
        "# Ritplanning\n\nWe gaan per depot WhatsApp-groepen gebruiken om chauffeurs hun ritten te sturen.",
    ),
    ("repeats", SHAREPOINT_NL, "# Schijven\n\nWe verhuizen dit jaar alle afdelingsschijven naar SharePoint Online."),
    ("builds_on", POWERBI_NL, "# Margedashboard\n\nVerkoop wil een dagelijks margedashboard in Power BI per regio."),
]


def judge_for(text: str, e5: CachedEmbedder) -> RelationJudge:
    proposal = parse_proposal(text)
    return RelationJudge(proposal, e5.embed_passages([s.text for s in proposal.sentences]), e5)


@pytest.mark.parametrize(("relation", "rec", "text"), CASES, ids=[f"{c[0]}-{c[1].decision_id}" for c in CASES])
def test_relation_is_detected(relation: str, rec: RecordView, text: str, e5: CachedEmbedder) -> None:
    verdict = judge_for(text, e5).judge(rec)
    assert verdict is not None and verdict.relation == relation
    assert verdict.proposal_quote in text  # verbatim
    if relation == "repeats":  # says what the consequences said last time
        assert verdict.record_section == "consequences" and "40%" in verdict.record_quote


def test_unrelated_record_is_not_related(e5: CachedEmbedder) -> None:
    verdict = judge_for("# Laptops\n\nWe replace 300 laptops with a lighter model in autumn.", e5).judge(DISPATCH_EN)
    assert verdict is None or verdict.relation == "related"


def test_same_words_without_the_opposite_action_is_not_a_conflict(e5: CachedEmbedder) -> None:
    text = "# Dispatch\n\nDrivers keep using the dispatch app; we add route changes to it."
    verdict = judge_for(text, e5).judge(DISPATCH_EN)
    assert verdict is None or verdict.relation != "conflicts"


class Lookup:
    def __init__(self, *records: RecordView) -> None:
        self.by_id = {r.decision_id: r for r in records}

    def record(self, ref: str, near: str | None = None) -> RecordView | None:
        return self.by_id.get(ref) or next((r for r in self.by_id.values() if r.source == ref), None)

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        return []


def test_superseded_chain_is_followed_to_the_record_in_force(e5: CachedEmbedder) -> None:
    old = record("ADR-0001", "Dispatch by phone calls", "Dispatchers phone drivers.", status="superseded by ADR-0002")
    middle = record("ADR-0002", "Dispatch by SMS", "Dispatchers text drivers.", status="superseded by ADR-0006")
    lookup = Lookup(old, middle, DISPATCH_EN)
    current = follow_superseded(old, lookup)
    assert current is not None and current.decision_id == "ADR-0006"
    assert follow_superseded(record("X", "t", "d", status="superseded by ADR-9999"), lookup) is None

    text = "# Dispatch\n\nWe will use WhatsApp groups per depot to send drivers their routes."
    hit = SearchHit(
        decision_id="ADR-0001",
        title=old.title,
        status=old.status,
        source=old.source,
        score=1.0,
        similarity=0.9,
        quote="Dispatchers phone drivers.",
        section="decision",
    )
    precedents, findings = relate([hit], parse_proposal(text), judge_for(text, e5), lookup)
    assert (precedents[0].relation, precedents[0].current_id) == ("superseded", "ADR-0006")
    assert [f.id for f in findings] == ["precedent-ADR-0006"]  # the record in force is what conflicts
    assert findings[0].title.startswith("Reverses ADR-0006 (accepted): drivers coordinate")
    evidence = findings[0].evidence
    assert isinstance(evidence[0], DecisionEvidence) and isinstance(evidence[1], ProposalEvidence)
    assert evidence[1].quote in text and findings[0].importance == pytest.approx(0.95)
    assert findings[0].severity == "high" and findings[0].origin == "precedent"


def test_dutch_proposal_gets_a_dutch_finding(e5: CachedEmbedder) -> None:
    text = CASES[3][2]
    hit = SearchHit(
        decision_id="ADR-0106",
        title=DISPATCH_NL.title,
        status="accepted",
        source=DISPATCH_NL.source,
        score=1.0,
        similarity=0.9,
        quote="x",
        section="decision",
    )
    _, findings = relate([hit], parse_proposal(text), judge_for(text, e5), Lookup(DISPATCH_NL))
    assert findings[0].title.startswith("Draait ADR-0106 (aanvaard) terug: chauffeurs communiceren")
    assert findings[0].importance == pytest.approx(0.95)


ENTRA_EN = record(
    "ADR-0120",
    "Use Microsoft Entra ID as the single identity provider for SSO",
    "All staff sign in to cloud applications with Microsoft Entra ID; no application keeps its own passwords.",
    "* Good, because leavers lose access everywhere at once.",
)


def test_a_shared_umbrella_or_department_name_is_no_step_on_a_record(e5: CachedEmbedder) -> None:
    """s58: "Microsoft 365 E3 licences", "a university ID card" and "IT Information Security" made memos "build on" an
    identity and a SaaS-intake record (wrong to both blind labellers, all three). The record's own product still
    ties them."""
    for text in (
        "# Email nudges\n\nGareth believes the schedule-send prompt is covered by our Microsoft 365 E3 licences.",
        "# Interlocks\n\nUsers without a university ID card get a Hub card; IT reviewed the controller.",
    ):
        verdict = judge_for(text, e5).judge(ENTRA_EN)
        assert verdict is None or verdict.relation != "builds_on", text
    text = "# Warehouse sign-in\n\nWarehouse staff will sign in to the scanners with Entra ID and a second factor."
    verdict = judge_for(text, e5).judge(ENTRA_EN)
    assert verdict is not None and verdict.relation == "builds_on"
