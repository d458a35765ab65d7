"""Assumption challenges that fit: the right people asked to confirm, and no side remarks.

"The formats do not change, so partners only need to change the connection" is for the partners to
confirm, not "the floor"; "after go-live we expect to save time" is a hope the plan does not rest
on, while "we expect all 40 partners to switch before June" is a premise. Claims are found by
pattern, so the fast HashEmbedder suffices (it never reaches the answered threshold by meaning).
"""

from __future__ import annotations

import pytest
from fakes import HashEmbedder

from agents.judge.analysis import analyse_proposal
from agents.judge.challenges import Challenge, subject_words
from agents.judge.findings import side_findings
from agents.lenses.library import Answer, Archetype, Fact, Library, Pitfall, Texts, Trigger
from agents.nodes.read import parse_proposal

EMPTY = Library.model_construct(version=1, archetypes=[])


def challenges(text: str) -> tuple[list[Challenge], list]:  # type: ignore[type-arg]
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, embedder, EMPTY)
    found = [j for j in analysis.judgements if isinstance(j, Challenge)]
    findings = [
        f
        for side in ("it", "business")
        for f in side_findings(side, analysis.judgements, proposal, analysis.facts)
        if f.origin == "assumption"
    ]
    return found, findings


def test_a_claim_about_partners_asks_the_partners_not_the_floor() -> None:
    text = (
        "# Switch off the FTP server\n\n## Proposal\n\n"
        "The message formats do not change, so partners only need to change the connection.\n"
    )
    found, findings = challenges(text)
    assert [c.claim.role for c in found] == ["no_impact"]
    assert found[0].subject is not None and found[0].subject.role == "outside_parties"
    title = findings[0].title
    assert "partners" in title and "floor" not in title
    assert "so partners only need to change the connection" in title  # the clause naming who confirms


def test_a_claim_about_our_own_staff_asks_the_people_it_affects_not_partners() -> None:
    _, findings = challenges("# Planning tool\n\nThere is no impact on the warehouse teams.\n")
    assert any("the people it affects" in f.title for f in findings)
    assert not any("partners" in f.title for f in findings)


def test_a_hoped_for_benefit_is_a_side_remark_but_a_premise_is_challenged() -> None:
    side = "# E-invoices\n\n## Planning\n\nAfter go-live we expect to save time, because customers stop calling.\n"
    assert challenges(side)[0] == []
    premise = "# E-invoices\n\n## Planning\n\nWe expect all 40 partners to switch before June.\n"
    found, findings = challenges(premise)
    assert [c.claim.role for c in found] == ["assumed"]
    assert "have the partners confirmed it themselves" in findings[0].title


def test_a_weak_claim_in_an_effort_section_is_not_challenged_but_a_firm_one_is() -> None:
    effort = "# Tool\n\n## Effort for the team\n\nWe expect the export to take a day.\n"
    assert challenges(effort)[0] == []
    absolute = "# Tool\n\n## Effort for the team\n\nWe expect every team to finish the export in a day.\n"
    assert [c.claim.role for c in challenges(absolute)[0]] == ["assumed"]
    firm = "# Tool\n\n## Effort for the team\n\nWe don't need IT for this because it is a cloud tool.\n"
    assert "no_it_needed" in [c.claim.role for c in challenges(firm)[0]]


def test_subject_words_drop_the_count_and_quantifier() -> None:
    assert subject_words(Fact(type="people", value="all 80 partners", sentence=0)) == "partners"
    assert subject_words(Fact(type="people", value="onze klanten", sentence=0)) == "klanten"
    assert subject_words(None) == ""


def test_free_or_no_cost_said_of_a_product_tier_or_an_exit_term_is_not_a_cost_claim() -> None:
    nl_tier = (
        "# ChatGPT\n\n## Voorstel\n\n"
        "We nemen betaalde accounts, zodat we niet meer tegen de limieten van de gratis versie aanlopen.\n"
    )
    assert challenges(nl_tier)[0] == []
    exit_term = (
        "# EDI provider\n\n## What we checked\n\n"
        "The mappings are our property and are exported at the end of the contract, at no cost.\n"
    )
    assert challenges(exit_term)[0] == []
    own_cost = (
        "# Replenishment\n\n## My preference\n\n"
        "Option 2: it is fast, we keep control in the team, and it costs nothing extra.\n"
    )
    assert [c.claim.role for c in challenges(own_cost)[0]] == ["free_or_cheap"]


def test_a_later_claim_of_the_same_kind_is_challenged_when_the_first_is_about_something_else() -> None:
    text = (
        "# Planningstool\n\n## Voorstel\n\nWe laten de gratis versie achter ons.\n\n"
        "De nieuwe planningstool kost ons niets extra, want hij zit in onze Microsoft-licentie.\n"
    )
    found, findings = challenges(text)
    assert [c.claim.role for c in found] == ["free_or_cheap"]
    assert "kost ons niets extra" in findings[0].title and "gratis versie" not in findings[0].title


def test_a_vague_expectation_is_not_challenged_but_one_the_plan_rests_on_is_with_its_date() -> None:
    vague = "# Scanners\n\n## Risks\n\nHabituation: the new scanner is lighter; we expect little resistance.\n"
    assert challenges(vague)[0] == []
    nl_vague = "# Scanners\n\n## Risico's\n\nGewenning: de scanner is lichter; we verwachten weinig weerstand.\n"
    assert challenges(nl_vague)[0] == []
    dated = "# Scanners\n\n## Planning\n\nWe expect the data migration to be finished by 14 June.\n"
    found, findings = challenges(dated)
    assert [c.claim.role for c in found] == ["assumed"]
    assert "14 June" in findings[0].title


def claim_archetype(facts_any: list[str]) -> Archetype:
    checklist = Pitfall(
        id="tool.no_it_needed",
        perspective="it",
        kind="unasked_question",
        severity="high",
        applies_when=Trigger(facts_any=facts_any, cues=["hosts"]),  # type: ignore[arg-type]
        answered_when=Answer(meaning=["IT reviewed the tool"]),
        question=Texts(en="The proposal says IT is not needed: who then checks the contract?"),
        why=Texts(en="Cloud moves the servers, not the responsibilities."),
        evidence_fact="claim",
    )
    return Archetype(id="tool", name=Texts(en="Tool"), recognise=["a", "b"], pitfalls=[checklist])


def test_a_pitfall_that_fires_only_on_a_claim_gives_way_to_the_challenge_of_that_claim() -> None:
    text = "# Tool\n\n## Proposal\n\nWe don't need IT for this because the vendor hosts it.\n"
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    for facts_any, kept in ((["claim"], ["assumption.no_it_needed"]), (["claim", "vendor"], None)):
        analysis = analyse_proposal(proposal, vectors, embedder, EMPTY, [claim_archetype(facts_any)])
        ids = [f.id for f in side_findings("it", analysis.judgements, proposal, analysis.facts)]
        assert ids == (kept or ["assumption.no_it_needed", "tool.no_it_needed"])


def test_a_broken_pattern_in_the_challenges_file_is_a_field_error() -> None:
    from pydantic import ValidationError

    from agents.judge.challenges import SideRemarks

    with pytest.raises(ValidationError) as error:
        SideRemarks(benefit=["(unclosed"])
    assert "benefit" in str(error.value) and "not a valid regex" in str(error.value)


def test_who_confirmed_a_claim_said_where_it_stands_answers_the_challenge() -> None:
    before = "# Exchange\n\n- Records Management confirmed journaling goes through Mimecast. No impact on retention.\n"
    same = "# Exchange hybrid\n\nThere is no impact on the service desk, as the service desk lead checked last week.\n"
    for text in (before, same):
        found, findings = challenges(text)
        assert [c.claim.role for c in found] == ["no_impact"] and found[0].answered, text
        assert findings == []


def test_a_confirmation_denied_or_in_another_paragraph_leaves_the_challenge_open() -> None:
    denied = "# Exchange hybrid\n\nThere is no impact on the service desk; this has not been confirmed.\n"
    apart = "# Exchange hybrid\n\nThe vendor confirmed the date.\n\nThere is no impact on the service desk.\n"
    dutch = "# Telefonie\n\nDit is nog niet bevestigd. Er is geen impact op de teams.\n"
    for text in (denied, apart, dutch):
        found, findings = challenges(text)
        assert [c.claim.role for c in found] == ["no_impact"] and not found[0].answered, text
        assert len(findings) == 1


def test_no_impact_on_a_budget_says_who_pays_and_is_not_challenged() -> None:
    assert challenges("# Loyalty app\n\nThe cost comes from marketing, so no impact on store P&Ls.\n")[0] == []
    assert challenges("# Field app\n\nThe donor pays the kits, so there is no impact on unrestricted funds.\n")[0] == []
    assert challenges("# App\n\nDe kosten komen uit het centrale potje, dus geen impact op de begroting.\n")[0] == []


def test_an_expectation_whose_sentence_gives_its_basis_is_answered_where_it_stands() -> None:
    """s28: "we expect 35-45 % of regular callers to enrol in year one, based on two other UK insurers we
    spoke to" was asked what it is based on."""
    based = "# Voice ID\n\n## Plan\n\nWe expect 35–45% of regular callers to enrol in year one, based on two others.\n"
    dutch = (
        "# Zelfscan\n\n## Planning\n\nWe verwachten dat 60% van de klanten in 2027 zelf scant, op basis van de pilot.\n"
    )
    bare = "# Voice ID\n\n## Plan\n\nWe expect 35–45% of regular callers to enrol in year one.\n"
    for text in (based, dutch):
        found, findings = challenges(text)
        assert [c.claim.role for c in found] == ["assumed"] and found[0].answered, text
        assert findings == []
    found, findings = challenges(bare)
    assert [c.claim.role for c in found] == ["assumed"] and not found[0].answered and len(findings) == 1


def test_a_claim_in_a_bold_lead_is_quoted_without_the_markup_it_opens() -> None:
    """s27: "- **AVG-proof.** Alle data staat ..." was quoted, and challenged, as "**AVG-proof."."""
    text = "# Stageportaal\n\n## Voordelen\n\n- **AVG-proof.** Alle data staat in een Nederlands datacenter.\n"
    found, findings = challenges(text)
    assert [c.claim.role for c in found] == ["vendor_compliant"]
    quote = findings[0].evidence[0].quote
    assert quote == "AVG-proof." and quote in text and "“AVG-proof”" in findings[0].title


def test_an_expectation_its_author_will_check_in_the_next_sentence_is_answered_there() -> None:
    """s29: "going over £25k a year probably means three quotes. I need to check this with Procurement." was
    asked what the expectation is based on; the author had already said who checks it."""
    claim = "For option C, going over £25k a year probably means three quotes or a framework."
    checked = f"# Booking\n\n## Procurement\n\n{claim} I need to check this with Procurement.\n"
    apart = f"# Booking\n\n## Procurement\n\n{claim}\n\nI need to check this with Procurement.\n"
    found, findings = challenges(checked)
    assert [c.claim.role for c in found] == ["assumed"] and found[0].answered and findings == []
    found, findings = challenges(apart)
    assert [c.claim.role for c in found] == ["assumed"] and not found[0].answered and len(findings) == 1


def test_the_reaction_a_memo_expects_and_prepares_for_is_a_heads_up_not_a_premise() -> None:
    """s49 and s20: "We expect some concern from ward members in ..." and "We expect more customers coming in for help
    in the first few weeks" were asked what they are based on; labellers judged them wrong (one of the four labels
    generic), since the memo names the reaction to prepare for it. A premise the plan's numbers rest on is still
    challenged."""
    heads_up = [
        "# Booking\n\n## Councillors\n\nWe expect some concern from ward members in Hollins and Eastcote.\n",
        "# App\n\n## Branches\n\nWe expect more customers coming in for help in the first two weeks.\n",
        "# Portaal\n\n## Klantcontact\n\nWe verwachten meer klachten van de 120 chauffeurs in de eerste weken.\n",
        # s60: the expected peak named first, in a measure of success
        "# Box office\n\n## How we'll know\n\n- complaints are back to normal by the end of November, after a peak in "
        "September that we expect.\n",
    ]
    for text in heads_up:
        assert [c for c in challenges(text)[0] if c.claim.role == "assumed"] == [], text
    for premise in (
        "# App\n\n## Plan\n\nWe expect 60% of the 4,000 customers to switch to the app in the first month.\n",
        "# Portaal\n\n## Planning\n\nWe verwachten dat 60% van de 4.000 klanten in de eerste maand overstapt.\n",
    ):
        assert [c.claim.role for c in challenges(premise)[0]] == ["assumed"], premise


def test_a_consequence_hedged_on_an_open_condition_is_no_premise_but_a_missed_dates_is() -> None:
    """s56, s32 and s4: "If so we probably need to tell people how it's stored", "If conversations are recorded we
    need to tell staff and probably consult" and "Be strict: if nobody has opened a page in two years, it probably
    doesn't need to move" were asked what they are based on; each was wrong to both labellers, since the memo raises
    the condition itself. What follows from a missed date is what the timeline rests on, and stays challenged
    ("If the decision is taken later than 9 September, we will most likely have to renew FileMaker", specific to
    both)."""
    for sentence in (
        "If so we probably need to tell people how it's stored.",
        "If conversations are recorded we need to tell staff and probably consult.",
        "Be strict: if nobody has opened a page in two years, it probably doesn't need to move.",
        "Als de OR instemming moet geven, moeten we waarschijnlijk alle medewerkers eerst informeren.",
    ):
        text = f"# Plan\n\n## Privacy\n\n{sentence}\n"
        assert [c for c in challenges(text)[0] if c.claim.role == "assumed"] == [], sentence
    for sentence in (
        "If the decision is taken later than 9 September, we will most likely have to renew FileMaker.",
        "Als het besluit later valt dan 24 maart, schuift de oplevering van alle kamers waarschijnlijk naar september.",
        "We probably need to tell all 400 members how it's stored.",
    ):
        text = f"# Plan\n\n## Timing\n\n{sentence}\n"
        assert [c.claim.role for c in challenges(text)[0]] == ["assumed"], sentence
