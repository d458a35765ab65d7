"""Recognition and applicability that stay with what the proposal is about (second precision round).

- an action word counts for an archetype only where it acts on what that kind of decision moves:
  staff who "overstappen" to a night shift are no data migration;
- a short cue stem counts for recognition only as a word of its own ("bi" is not "binnen");
- a pilot "with" a named system introduces that system; Dutch "gaan naar" and compounds such as
  "proefmigratie" are migrations;
- a pitfall that asks another one's question in other words (`defers_to`) is not raised beside it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from fakes import HashEmbedder

from agents.facts import extract_facts
from agents.judge.analysis import analyse_proposal
from agents.judge.findings import side_findings
from agents.judge.pitfalls import Judgement
from agents.judge.recognise import FACT_WEIGHT, fact_bonus, score_archetypes, supported
from agents.lenses.library import Answer, Archetype, Fact, Library, Pitfall, Texts, Trigger, load_library
from agents.nodes.read import parse_proposal
from knowledge.embeddings import Embedder

STAFF_SWITCH = Fact(type="action", value="overstappen", sentence=0, role="migrate")
STAFF = Fact(type="people", value="10 vaste medewerkers", sentence=0, count=10)


def test_a_migration_counts_only_where_a_system_or_data_moves() -> None:
    assert not supported("replacement_migration", [STAFF_SWITCH, STAFF])
    assert fact_bonus("replacement_migration", [STAFF_SWITCH, STAFF]) == 0.0
    data_moves = [STAFF_SWITCH, Fact(type="data", value="history", sentence=0)]
    assert fact_bonus("replacement_migration", data_moves) == FACT_WEIGHT
    elsewhere = [STAFF_SWITCH, Fact(type="system", value="Dynamics 365", sentence=3)]
    assert not supported("replacement_migration", elsewhere)  # the system must stand in the same sentence
    # a retired system needs no action beside it
    assert supported("replacement_migration", [Fact(type="system_retired", value="FS01", sentence=2)])


class OneDirection:
    """Every archetype described by the same vector: only cue words and facts tell them apart."""

    def matrix(self, texts: list[str]) -> np.ndarray:
        return np.array([[0.85, math.sqrt(1 - 0.85**2)]], dtype=np.float32)


def test_a_short_cue_stem_counts_for_recognition_only_as_a_word_of_its_own() -> None:
    reporting = next(a for a in load_library().archetypes if a.id == "reporting_data")
    assert "bi" in reporting.cues

    def cue_sentences(texts: list[str]) -> int:
        vecs = np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))
        usable = np.ones(len(texts), dtype=bool)
        (score,) = score_archetypes([reporting], OneDirection(), vecs, texts, usable, [])  # type: ignore[arg-type]
        return score.cue_sentences

    assert cue_sentences(["Aanvragen komen binnen per e-mail.", "Wij bieden een formulier aan."]) == 0
    assert cue_sentences(["The controllers read it in BI every Monday."]) == 1


def facts_of(text: str) -> list[Fact]:
    return extract_facts(parse_proposal(text))


def test_a_pilot_with_a_named_system_introduces_it() -> None:
    facts = facts_of("# Pilot\n\nA three-month pilot (May to July) with RoutePlanr, a SaaS service, for the drivers.\n")
    assert {f.value for f in facts if f.type == "system_new"} == {"RoutePlanr"}
    nl = facts_of("# Pilot\n\nEen proef van acht weken met PlanBord, een clouddienst, voor de planners.\n")
    assert {f.value for f in nl if f.type == "system_new"} == {"PlanBord"}


def test_dutch_moves_and_compound_migrations_are_migrations() -> None:
    proposal = parse_proposal(
        "# ERP\n\nOpen orders en de orderhistorie gaan naar Dynamics 365.\nDrie proefmigraties in juni.\n"
    )
    moved = {proposal.sentences[f.sentence].text for f in extract_facts(proposal) if f.role == "migrate"}
    assert moved == {"Open orders en de orderhistorie gaan naar Dynamics 365.", "Drie proefmigraties in juni."}


def cue_pitfall(pid: str, cue: str, defers_to: list[str] | None = None) -> Pitfall:
    return Pitfall(
        id=pid, perspective="business", kind="unasked_question", severity="high",
        applies_when=Trigger(cues=[cue]), answered_when=Answer(meaning=["never said"]),
        question=Texts(en=f"What about the {cue}?"), why=Texts(en="It goes wrong."), defers_to=defers_to or [],
    )  # fmt: skip


def business_ids(text: str) -> list[str]:
    archive = Archetype(
        id="archive", name=Texts(en="Archive"), recognise=["a", "b"],
        pitfalls=[
            cue_pitfall("archive.retention", "switched off"),
            cue_pitfall("archive.history", "history", defers_to=["archive.retention"]),
        ],
    )  # fmt: skip
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vecs = embedder.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vecs, embedder, Library(version=1, archetypes=[]), [archive])
    return [f.id for f in side_findings("business", analysis.judgements, proposal, analysis.facts)]


def test_a_pitfall_that_defers_is_not_raised_beside_the_one_it_defers_to() -> None:
    both = "# Old WMS\n\nThe history is not migrated.\nThe old WMS is switched off on 30 September.\n"
    assert business_ids(both) == ["archive.retention"]
    only_history = "# Old WMS\n\nThe history is not migrated.\n"
    assert business_ids(only_history) == ["archive.history"]


LIBRARY_CASES = [
    ("identity_security.personal_automations",
     "MFA with the authenticator app is required for every sign-in to Microsoft 365 for all store staff.",
     "Phishing-resistant MFA becomes required for the finance accounts that run scheduled exports."),
    ("customer_channel.launch_in_busy_season",
     "The portal goes live for all customers on 1 September.",
     "We launch for all customers on 16 November, so that the portal takes the extra contacts of the peak season."),
    ("end_user_automation.spreadsheet_as_database",
     "The flow writes each return to a SharePoint list on the team site.",
     "The flow adds a line to the returns register workbook in Excel on the team site."),
    ("reporting_data.owner_after_analyst",
     "Power BI licences were bought for 40 analysts and managers who read the dashboards.",
     "Our controllers have built the data model in Power BI Desktop next to their normal work."),
    ("integration_edi.chargebacks",
     "We exchange orders, dispatch advices and invoices with 150 trading partners by EDI.",
     "The supermarket chains require our dispatch advices by EDI on time and fine us for every late one."),
    ("reporting_data.old_consumers",
     "From the third quarter the dashboard replaces the bonus calculation each manager keeps in Excel.",
     "The 40 weekly SSRS reports that the branches receive are replaced by the new dashboard."),
    ("replacement_migration.dirty_source",
     "Active folders were moved to SharePoint with a migration tool that keeps the version history.",
     "The customer master data, item data and open orders are migrated to the new ERP."),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("pitfall_id", "unrelated", "named"), LIBRARY_CASES)
def test_a_library_pitfall_applies_only_where_its_situation_is_named(
    pitfall_id: str, unrelated: str, named: str, e5: Embedder
) -> None:
    """The first round's misfires: a question about finance automations on a store-staff plan, a peak
    season nobody mentioned, a workbook where a SharePoint list is used, record counts for a file move."""
    real = next(p for a in load_library().archetypes for p in a.pitfalls if p.id == pitfall_id)
    only = Archetype(id="only", name=Texts(en="Only"), recognise=["a", "b"], pitfalls=[real])

    def applies(sentence: str) -> bool:
        proposal = parse_proposal(f"# Proposal\n\n{sentence}\n")
        vecs = e5.embed_passages([s.text for s in proposal.sentences])
        analysis = analyse_proposal(proposal, vecs, e5, Library(version=1, archetypes=[]), [only])
        return next(j for j in analysis.judgements if isinstance(j, Judgement)).applies

    assert applies(named)
    assert not applies(unrelated)


def test_a_pitfall_defers_to_the_challenge_of_the_same_claim() -> None:
    """A claim quoted and challenged ("we don't need IT") is not asked again by a library pitfall."""
    asked_twice = cue_pitfall("tool.no_it", "need IT", defers_to=["assumption.no_it_needed"])
    alone = cue_pitfall("tool.no_it", "need IT")
    text = "# Planning tool\n\nWe don't need IT for this, because the team pays for it by card.\n"

    def ids(p: Pitfall) -> list[str]:
        tool = Archetype(id="tool", name=Texts(en="Tool"), recognise=["a", "b"], pitfalls=[p])
        proposal = parse_proposal(text)
        embedder = HashEmbedder()
        vecs = embedder.embed_passages([s.text for s in proposal.sentences])
        analysis = analyse_proposal(proposal, vecs, embedder, Library(version=1, archetypes=[]), [tool])
        return [
            f.id
            for side in ("it", "business")
            for f in side_findings(side, analysis.judgements, proposal, analysis.facts)
        ]

    assert "assumption.no_it_needed" in ids(alone) and "tool.no_it" in ids(alone)
    assert "assumption.no_it_needed" in ids(asked_twice) and "tool.no_it" not in ids(asked_twice)
