"""done_definitions with the real offline embedder: what counts as done, and where the sides differ."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.runtime import Runtime

from agents.lenses.done_rules import CriterionClassifier, DoneRules, default_done_rules
from agents.lenses.library import Answer, Archetype, Fact, Library, Pitfall, Texts, Trigger
from agents.nodes import done as done_node
from agents.nodes.done import done_definitions, is_metadata, side_statements
from agents.nodes.read import parse_proposal
from agents.schemas import Commitment
from agents.state import ReviewContext
from core.data_files import parse_yaml
from core.errors import ConfigError
from core.settings import Settings
from knowledge.base import EmptyKnowledge
from knowledge.embeddings import CachedEmbedder

HEAD = (
    "# Badge login on the RF scanners\n\n**Status:** draft for the steering committee\n\n"
    "Pickers in Tilburg log in to Manhattan SCALE with their badge instead of a password.\n\n"
)
DELIVERY = HEAD + "## Success criteria\n\nBadge login is enforced on 100% of the scanners by 1 March 2027.\n"
OUTCOME = HEAD + "## Success criteria\n\nPickers start picking within one minute and complain less.\n"
MONEY = HEAD + "## Success criteria\n\nThe project stays within the budget of EUR 40,000.\n"
BOTH = (
    HEAD + "## Success criteria\n\n- Badge login is enforced on 100% of the scanners by 1 March 2027.\n"
    "- Pickers start picking within one minute, without extra tickets to the service desk.\n"
)
NONE = HEAD + "We want to start soon.\n\nWe ask the steering committee to approve the badge login.\n"


def run(text: str, e5: CachedEmbedder, settings: Settings, **state: Any) -> dict[str, Any]:
    proposal = parse_proposal(text)
    state = {"proposal": proposal, "sentence_vectors": e5.embed_passages([s.text for s in proposal.sentences]), **state}
    runtime = Runtime(context=ReviewContext(settings=settings, embedder=e5, knowledge=EmptyKnowledge()))
    return done_definitions(state, runtime)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        ("First response time under 8 hours.", "adoption_outcome"),
        ("All sites live on 1 March.", "delivery"),
        ("Saves 25 hours a week.", "financial"),
        ("Delivered within the budget of €40k.", "financial"),
        ("No P1 incidents in the first month, runbook handed to the service desk.", "stability_support"),
        ("80% of the account managers open the dashboard at least weekly.", "adoption_outcome"),
        ("Eerste reactietijd onder de 8 uur.", "adoption_outcome"),
        ("Alle vestigingen live op 1 maart.", "delivery"),
        ("Bespaart 25 uur per week.", "financial"),
        ("Geen P1-incidenten in de eerste maand; het beheerhandboek ligt bij de servicedesk.", "stability_support"),
        ("Alle 380 laptops zijn vervangen en in Intune geregistreerd.", "delivery"),
        ("De licentiekosten dalen met EUR 30.000 per jaar.", "financial"),
        ("80% of purchase invoices processed without manual touch by the end of Q3.", "adoption_outcome"),
        ("80% van de inkoopfacturen zonder handwerk verwerkt voor het einde van Q3.", "adoption_outcome"),
    ],
)
def test_criteria_are_classified_into_four_kinds(criterion: str, expected: str, e5: CachedEmbedder) -> None:
    rules = default_done_rules()
    classifier = CriterionClassifier(rules, e5.embed_queries(CriterionClassifier.prototypes(rules)))
    [vector] = e5.embed_passages([criterion])
    assert classifier.classify(criterion, vector) == expected


@pytest.mark.parametrize(
    ("text", "finding_id", "perspective"),
    [
        (DELIVERY, "done-lacks-business", "business"),
        (OUTCOME, "done-lacks-it", "it"),
        (MONEY, "done-lacks-both", "both"),
        (NONE, "done-missing", "both"),
    ],
)
def test_divergence_names_the_side_whose_judgement_is_unmeasured(
    text: str, finding_id: str, perspective: str, e5: CachedEmbedder, settings: Settings
) -> None:
    [finding] = run(text, e5, settings)["findings"]
    assert (finding.id, finding.perspective, finding.kind, finding.origin) == (
        finding_id,
        perspective,
        "done_divergence",
        "done",
    )
    quote = finding.evidence[0].quote
    assert quote in text and not quote.startswith("**Status")
    assert 0 < (finding.importance or 0) <= 1


def test_the_finding_quotes_the_criterion_and_names_what_it_measures(e5: CachedEmbedder, settings: Settings) -> None:
    [finding] = run(OUTCOME, e5, settings)["findings"]
    assert finding.evidence[0].quote == "Pickers start picking within one minute and complain less."
    assert "adoption/outcome" in finding.title and "stably" in finding.title


def test_a_proposal_that_covers_both_sides_gets_no_divergence(e5: CachedEmbedder, settings: Settings) -> None:
    result = run(BOTH, e5, settings)
    assert result["findings"] == []
    assert len(result["done_definitions"].proposal) == 2


def test_a_missing_definition_matters_more_once_committed(e5: CachedEmbedder, settings: Settings) -> None:
    [exploring] = run(NONE, e5, settings)["findings"]
    [committed] = run(NONE, e5, settings, commitment=Commitment(stage="committed"))["findings"]
    assert (committed.importance or 0) > (exploring.importance or 0)


def test_without_archetypes_or_facts_each_side_gets_general_statements(e5: CachedEmbedder, settings: Settings) -> None:
    done = run(DELIVERY, e5, settings)["done_definitions"]
    assert done.proposal == ["Badge login is enforced on 100% of the scanners by 1 March 2027."]
    assert done.it and done.business
    assert not any("{" in line or "Tilburg" in line or "Manhattan" in line for line in done.it + done.business)


def test_fallback_statements_use_typed_facts_only(e5: CachedEmbedder, settings: Settings) -> None:
    facts = [
        Fact(type="system_new", value="Manhattan SCALE", sentence=1),
        Fact(type="people", value="Pickers", sentence=1),
    ]
    done = run(DELIVERY, e5, settings, facts=facts)["done_definitions"]
    assert any(line.startswith("Manhattan SCALE runs in production") for line in done.it)
    assert any(line.startswith("Pickers do their daily work with Manhattan SCALE") for line in done.business)
    # no retired system is stated, so the statement about switching one off is left out
    assert not any("switched off" in line for line in done.it)


def test_archetype_statements_are_filled_from_facts_and_skipped_without_them(
    e5: CachedEmbedder, settings: Settings, monkeypatch: pytest.MonkeyPatch, decommission_library: Library
) -> None:
    monkeypatch.setattr(done_node, "default_library", lambda: decommission_library)
    text = (
        "# FS01 uit\n\n**Status:** concept\n\nWe zetten fileserver FS01 uit.\n\n## Succes\n\nFS01 is op 1 juni uit.\n"
    )
    facts = [Fact(type="system_retired", value="FS01", sentence=1)]
    done = run(text, e5, settings, archetypes=["decommission"], facts=facts)["done_definitions"]
    assert done.it == ["FS01 is uit en de back-ups worden bewaard volgens de bewaartermijn."]
    assert done.business == ["Elke afdeling vindt maandag haar bestanden zonder melding."]  # {new_system} skipped
    without_facts = run(text, e5, settings, archetypes=["decommission"], facts=[])["done_definitions"]
    assert without_facts.it and not any("FS01" in line or "{" in line for line in without_facts.it)  # general wording


@pytest.fixture
def decommission_library() -> Library:
    """A one-archetype library with done statements, some needing facts the test may not give."""
    pitfall = Pitfall(
        id="decommission.users",
        perspective="business",
        kind="hidden_dependency",
        severity="high",
        applies_when=Trigger(actions_any=["switch_off"]),
        answered_when=Answer(meaning=["who still uses it"]),
        question=Texts(en="Who still uses it?"),
        why=Texts(en="Someone always does."),
    )
    done = {
        "it": [
            Texts(
                en="{retired_system} off and its backups kept per the retention policy.",
                nl="{retired_system} is uit en de back-ups worden bewaard volgens de bewaartermijn.",
            )
        ],
        "business": [
            Texts(en="Everyone works in {new_system} on Monday.", nl="Iedereen werkt maandag in {new_system}."),
            Texts(
                en="Every department finds its files on Monday without a ticket.",
                nl="Elke afdeling vindt maandag haar bestanden zonder melding.",
            ),
        ],
    }
    archetype = Archetype(
        id="decommission",
        name=Texts(en="Decommission"),
        recognise=["switching a system off", "een systeem uitzetten"],
        done=done,
        pitfalls=[pitfall],
    )
    return Library(version=1, archetypes=[archetype])


def test_side_statements_follow_every_recognised_archetype(decommission_library: Library) -> None:
    facts = [
        Fact(type="system_retired", value="FS01", sentence=0),
        Fact(type="system_new", value="SharePoint", sentence=0),
    ]
    rules = default_done_rules()
    business = side_statements("business", ["decommission", "unknown"], facts, "en", decommission_library, rules)
    assert business == [
        "Everyone works in SharePoint on Monday.",
        "Every department finds its files on Monday without a ticket.",
    ]
    it = side_statements("it", ["decommission"], facts, "en", decommission_library, rules)
    assert it == ["FS01 off and its backups kept per the retention policy."]


def test_header_lines_are_never_criteria() -> None:
    rules = default_done_rules()
    assert is_metadata("**Status:** draft, 100% for discussion", rules)
    assert is_metadata("Van: Linda Peeters", rules)
    assert not is_metadata("Go-live: all sites on 1 March", rules)


def test_dutch_proposal_gets_dutch_wording(e5: CachedEmbedder, settings: Settings) -> None:
    text = (
        "# Badge-inlog op de scanners\n\nOrderpickers loggen in op Manhattan SCALE met hun pasje.\n\n"
        "## Succescriteria\n\nBadge-inlog is op 1 maart 2027 op 100% van de scanners afgedwongen.\n"
    )
    result = run(text, e5, settings)
    assert result["findings"][0].title.startswith("'Klaar' meet alleen oplevering")
    assert any("opgeleverd" in line for line in result["done_definitions"].it)


def test_a_broken_done_file_fails_in_one_line() -> None:
    from agents.lenses.done_rules import RULES_FILE

    text = RULES_FILE.read_text(encoding="utf-8").replace("multi_margin: 0.06", "multi_margin: lots", 1)
    with pytest.raises(ConfigError) as error:
        parse_yaml(text, DoneRules, "done.yaml")
    message = str(error.value)
    assert message.startswith("done.yaml:") and "multi_margin" in message and "\n" not in message


def test_the_divergence_names_the_other_sides_statement_that_stands_out_for_this_proposal(
    e5: CachedEmbedder, settings: Settings
) -> None:
    """A delivery-only criterion on badge login, recognised as an identity control and (wrongly) as
    an EDI change too: the finding names what the business will hold a sign-in change to, not the
    EDI statement, and its detail says the same thing as its title."""
    today = "Today pickers wait at the start of the shift when a scanner asks for a forgotten password."
    text = DELIVERY.replace("## Success", today + "\n\n## Success")
    [finding] = run(text, e5, settings, archetypes=["integration_edi", "identity_security"])["findings"]
    assert finding.id == "done-lacks-business"
    assert finding.evidence[0].quote == "Badge login is enforced on 100% of the scanners by 1 March 2027."
    assert finding.title.startswith("The criteria stop at delivery; the business will also hold it to this: ")
    statement = finding.title.split(": ", 1)[1]
    assert statement in finding.detail and "(" not in finding.title
    assert not any(word in finding.title for word in ("order", "dispatch", "message"))


def test_the_judged_statement_is_about_this_proposal_and_not_already_measured(e5: CachedEmbedder) -> None:
    """Of the recognised kinds' statements, the one closest in meaning to the proposal outside its
    criteria is named; one for another kind of decision fits no sentence and is not named."""
    done = {
        "business": [
            Texts(en="Pickers start picking within one minute of the shift start."),
            Texts(en="Complaints about missing labels drop below five a week."),
            Texts(en="Every team finds the files it used to open on the old file server on the first Monday."),
        ]
    }
    archetype = Archetype(
        id="device_refresh",
        name=Texts(en="Device refresh"),
        recognise=["new scanners for the warehouse", "nieuwe scanners voor het magazijn"],
        done=done,
        pitfalls=[
            Pitfall(
                id="device_refresh.x",
                perspective="it",
                kind="unasked_question",
                severity="low",
                applies_when=Trigger(meaning=["new scanners"]),
                answered_when=Answer(meaning=["tested"]),
                question=Texts(en="Were the scanners tested?"),
                why=Texts(en="Untested scanners stop the shift."),
            )
        ],
    )
    library = Library(version=1, archetypes=[archetype])
    text = (
        "# New label printers and scanners in Tilburg\n\n"
        "Customers complain about missing and unreadable shipping labels on their pallets.\n\n"
        "## Success criteria\n\nPickers start picking within one minute of the shift start.\n"
    )
    proposal = parse_proposal(text)
    vectors = e5.embed_passages([s.text for s in proposal.sentences])
    rules = default_done_rules()
    criteria = done_node.criteria_indices(proposal, rules)
    judged = done_node.judged_statements(["device_refresh"], [], proposal, library, criteria, vectors, e5, rules)
    assert judged == {"business": "Complaints about missing labels drop below five a week."}


NOTES = (
    "notes IT ops overleg 7 Oct (Kees, Anna, Joris) -- typed by Kees\n\n"
    "Hi all,\n\n"
    "- scanner firmware in Venlo is two versions behind, Joris looks at it\n"
    "- the print queue in Tilburg hung twice last week\n\n"
    "Thanks, Kees\n"
)


def test_notes_that_ask_no_decision_get_no_missing_done_finding(e5: CachedEmbedder, settings: Settings) -> None:
    assert run(NOTES, e5, settings)["findings"] == []


def test_the_missing_done_finding_never_quotes_a_greeting_sign_off_or_stamp(
    e5: CachedEmbedder, settings: Settings
) -> None:
    text = (
        "CONCEPT v0.3 - ter bespreking in het MT van 12 maart\n\n"
        "Beste allen,\n\n"
        "We vragen het MT akkoord om vanaf mei alle scanners in Venlo met een badge te laten inloggen.\n\n"
        "Vragen hoor ik graag.\n\n"
        "Met vriendelijke groet, Sanne\n"
    )
    [finding] = run(text, e5, settings)["findings"]
    assert finding.id == "done-missing"
    assert finding.evidence[0].quote.startswith("We vragen het MT akkoord")
    committed = run(NOTES, e5, settings, commitment=Commitment(stage="committed"))["findings"]
    assert all(not f.evidence[0].quote.startswith(("notes", "Hi all", "Thanks")) for f in committed)


def test_a_line_that_introduces_the_criteria_is_not_one() -> None:
    text = (
        "# Onboarding\n\n## Success criteria\n\nMeasured at the end of each group's first two weeks:\n\n"
        "- 100% of agency workers have a working account at the start of their first shift;\n"
    )
    proposal = parse_proposal(text)
    assert [proposal.sentences[i].text for i in done_node.criteria_indices(proposal, default_done_rules())] == [
        "100% of agency workers have a working account at the start of their first shift;"
    ]


def test_a_section_headed_done_holds_the_criteria(e5: CachedEmbedder, settings: Settings) -> None:
    """'## Done' or '## Klaar' as the whole heading opens the criteria; a missing-done finding on such a
    proposal was a misread. A heading that only contains the word ("What has been done") does not."""
    rules = default_done_rules()
    for heading in ("Done", "Klaar", "**Done:**"):
        text = HEAD + f"## {heading}\n\nThe portal is live on 1 September.\n\nBy December 40% of orders use it.\n"
        criteria = done_node.criteria_indices(parse_proposal(text), rules)
        assert len(criteria) == 2, heading
    text = HEAD + "## What has been done so far\n\nWe talked to two vendors in March.\n"
    assert done_node.criteria_indices(parse_proposal(text), rules) == []
