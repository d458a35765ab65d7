"""Template share and evidence support, on hand-made findings across two cases."""

from __future__ import annotations

import pytest
from eval_fakes import finding, make_case, report
from fakes import make_finding

from agents.schemas import DecisionEvidence, Finding, ProposalEvidence
from evals.quality import evidence_support, is_header_line, masked_title, template_flags
from evals.scoring import Scorer, summarize

ZEBRA = make_case().text
PORTAL = (
    "**From:** Linda Peeters, customer service manager\n"
    "Status: draft for the management team\n\n"
    "# Customer portal\n\n"
    "We open a self-service portal for our 2,000 webshop customers in September.\n"
    "Customers download their own invoices and track returns without calling us.\n"
)


def test_masking_replaces_the_proposals_own_words_and_collapses_runs() -> None:
    title = "Who repairs the Zebra TC52 scanners at night?"
    assert masked_title(title, ZEBRA) == "who repairs _ at night?"
    assert masked_title("Who repairs the webshop portal?", PORTAL) == "who repairs _?"


def test_a_template_is_the_same_wording_with_only_the_names_changed() -> None:
    zebra = [
        masked_title("What does the Zebra TC52 scanners rollout cost over three years, including licences?", ZEBRA),
        masked_title("Is the freezer wifi strong enough for handhelds?", ZEBRA),
    ]
    portal = [
        masked_title("What does the self-service portal cost over three years, including licences?", PORTAL),
        masked_title("Who answers the phone when the portal is down on a Sunday?", PORTAL),
    ]
    assert template_flags([("zebra", zebra), ("portal", portal)]) == [[True, False], [True, False]]


def test_repeats_within_one_case_are_not_templates() -> None:
    same = masked_title("Who owns the freezer aisle wifi after go-live?", ZEBRA)
    assert template_flags([("zebra", [same, same]), ("portal", ["something else entirely"])]) == [
        [False, False],
        [False],
    ]


def test_template_share_in_the_run_summary(scorer: Scorer) -> None:
    zebra_case, portal_case = make_case(), make_case(id="portal", text=PORTAL)
    cost = "What does the {} cost over three years, including licences?"
    zebra = scorer.score(
        zebra_case,
        report([finding(cost.format("Zebra TC52 scanners")), finding("Does wifi reach the freezer aisles?")]),
        "builtin",
        1,
        0.0,
    )
    portal = scorer.score(portal_case, report([finding(cost.format("self-service portal"), quote="portal")]), "b", 1, 0)
    assert summarize([zebra, portal])["template_share"] == pytest.approx(2 / 3)
    # Within one case there is no other case to be a template of.
    assert summarize([zebra])["template_share"] == 0.0


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("**From:** Linda Peeters, customer service manager", True),
        ("Status: draft for the management team", True),
        ("**Datum:** 9 maart 2026", True),
        ("Van: Erik Bosman, manager transport", True),
        ("- **Gevraagd**: akkoord van het MT", True),
        ("# Customer portal", True),
        ("Success: 100% of picks scanned.", False),
        ("We open a self-service portal for our 2,000 webshop customers in September.", False),
    ],
)
def test_header_and_field_lines(line: str, header: bool) -> None:
    assert is_header_line(line) is header


def test_evidence_support_rejects_header_short_and_unrelated_quotes() -> None:
    def about_portal(quote: str) -> Finding:
        return make_finding("Who answers webshop customers when the portal is down?", quote)

    supported = about_portal("We open a self-service portal for our 2,000 webshop customers in September.")
    from_line = about_portal("Linda Peeters, customer service manager")  # fragment of the From: line
    status = about_portal("Status: draft for the management team")
    short = about_portal("portal customers")  # shares words but is under 20 characters
    unrelated = about_portal("download their own invoices and track returns")
    findings = [supported, from_line, status, short, unrelated]
    assert evidence_support(findings, PORTAL) == (1, 5)


def test_decision_citations_are_not_proposal_quotes() -> None:
    cited = make_finding(
        "Portal outage last year",
        evidence=[
            DecisionEvidence(decision_id="ADR-7", title="Portal", quote="the portal went down"),
            ProposalEvidence(quote="Customers download their own invoices and track returns without calling us."),
        ],
        detail="invoices could not be downloaded",
    )
    assert evidence_support([cited], PORTAL) == (1, 1)


def test_an_inflected_form_counts_as_the_same_word_but_short_prefixes_do_not() -> None:
    proposal = "Een koppeling met ons transportplanningssysteem volgt later.\nThe data stays on site for now.\n"
    systems = make_finding(
        "Welke koppelingen bouwt wie?", "Een koppeling met ons transportplanningssysteem volgt later."
    )
    database = make_finding("Who backs up the database?", "The data stays on site for now.")
    assert evidence_support([systems], proposal) == (1, 1)
    assert evidence_support([database], proposal) == (0, 1)  # 'data' is too short to be a stem of 'database'
