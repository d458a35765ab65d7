"""The options a proposal does not recommend are not the plan: their sentences carry no facts or quotes."""

from __future__ import annotations

from fakes import HashEmbedder

from agents.facts.options import other_options
from agents.judge.analysis import analyse_proposal
from agents.nodes.read import parse_proposal

BOLD_LEADS = """# Backup

## Options

**A – New tape library.** Lowest running cost, but manual transport stays.

**B – Backup as a service at NedVault.** Immutable storage in Amsterdam, monitored around the clock.

**C – Our own Azure storage.** It is a cloud service, so IT does not need to be involved.

## Recommendation: option B

B adds monitoring and a second data centre.
"""

HEADINGS_NL = """# Koppeling

### Optie A – Handmatig blijven

Eén fte extra in de frontoffice.

### Optie B – Standaardkoppeling

Verzoeken komen automatisch als zaak binnen.

Advies: **optie B**. Laagste totale kosten over vier jaar.
"""


def _texts(text: str) -> list[str]:
    proposal = parse_proposal(text)
    return [proposal.sentences[i].text for i in sorted(other_options(proposal))]


def test_the_options_not_recommended_are_set_aside_in_english_and_dutch() -> None:
    aside = _texts(BOLD_LEADS)
    assert any(t.startswith("**A – New tape library") for t in aside)
    assert any("IT does not need to be involved" in t for t in aside)
    assert not any("NedVault" in t or "second data centre" in t for t in aside)
    assert _texts(HEADINGS_NL) == ["Eén fte extra in de frontoffice."]


def test_numbered_options_under_a_section_of_possibilities_are_options() -> None:
    """s40: "## Mogelijkheden" with "**1. Zelf scannen op elke vestiging.**" and "Ik zou zelf kiezen voor optie 2";
    the €900 scanner of option 1 was challenged as the plan's premise."""
    memo = (
        "# Post digitaliseren\n\n## Mogelijkheden\n\n"
        "**1. Zelf scannen op elke vestiging.** Daarnaast waarschijnlijk een betere scanner, zo'n € 900 per stuk.\n\n"
        "**2. Scanservice PostDigitaal.** Zij scannen alles en zetten het in ons DMS.\n\n"
        "## Mijn voorkeur\n\nIk zou zelf kiezen voor optie 2 met PostDigitaal.\n"
    )
    aside = _texts(memo)
    assert any("€ 900" in t for t in aside) and not any("PostDigitaal" in t for t in aside)
    assert _texts(memo.replace("## Mogelijkheden", "## Hoe het nu gaat")) == []  # a numbered list is no option


def test_without_one_clear_recommendation_nothing_is_set_aside() -> None:
    asks = BOLD_LEADS.replace("## Recommendation: option B\n\nB adds", "## Decision\n\nWhich option? B adds")
    assert _texts(asks) == []
    question = asks + "\nEen voorkeur uitspreken: willen we optie C serieus onderzoeken?\n"
    assert _texts(question) == []  # a question recommends nothing
    both = BOLD_LEADS + "\nWe also recommend option C for the archive.\n"
    assert _texts(both) == []  # two recommended options: both are the plan
    listed = asks + "\nThe committee is asked to choose option A, B or C.\n"
    assert _texts(listed) == []  # naming every option recommends none of them
    declined = BOLD_LEADS + "\nWe deliberately do not recommend one.\n"
    assert _texts(declined) == []


def test_a_claim_in_an_option_set_aside_is_no_fact_of_the_plan() -> None:
    proposal = parse_proposal(BOLD_LEADS)
    vectors = HashEmbedder().embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, HashEmbedder())
    claims = [proposal.sentences[f.sentence].text for f in analysis.facts if f.type == "claim"]
    assert not any("IT does not need to be involved" in c for c in claims)
    kept = parse_proposal(BOLD_LEADS.replace("## Recommendation: option B", "## Decision"))
    vectors = HashEmbedder().embed_passages([s.text for s in kept.sentences])
    facts = analyse_proposal(kept, vectors, HashEmbedder()).facts
    assert any(f.type == "claim" and f.role == "no_it_needed" for f in facts)
