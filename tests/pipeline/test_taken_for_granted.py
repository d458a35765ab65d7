"""What a plan takes for granted about the people and places it needs, quoted and challenged.

A premise about everyone concerned: "Everyone has a smartphone these days", "all
drivers already have a smartphone", "everyone's got a phone", "Iedereen heeft toch een telefoon": the device,
account or access it needs.

The plan rests on it (the app goes on private phones, no training is given), and it fails on the few it does
not fit, on day one. So the sentence is quoted and both sides are asked who checked it and what those it does
not hold for do. Not a premise: the memo's own doubt ("Not everyone has a smartphone"), an aside ("as everyone
knows"), a purpose or condition ("so everyone knows what's coming", "when everyone has signed"), a requirement
("requires that all staff have a badge"), a named exception ("apart from the Bath team"), what everyone uses from
a date on (the plan itself), or what everyone is said to know or already use (judged generic on development
memos). A route for those without it, said anywhere, answers it. The embedder does not matter (no meaning match
decides these), so the fast HashEmbedder runs them.

The connection taken as good where the work happens: "Wifi should be fine, it's one tablet", "The wifi in the stores
is fine for it", "De wifi op De Beuk is goed, dus dat moet geen probleem zijn". Asked whether it was measured where
and when the work happens and what people do when it drops. Not the memo's own doubt or question, a connection
denied, media "coverage", or a requirement ("Any reasonable broadband connection is fine"); a measurement or an
offline mode answers it, and so does "I have checked with BT" beside the claim.
"""

from __future__ import annotations

from fakes import builtin_findings

from agents.judge.findings import claim_words

CHECK = "assumption.everyone_has"
CONNECTION = "assumption.connection_fine"


def listed(text: str, check: str = CHECK) -> list:
    return [f for f in builtin_findings(text) if f.id == check]


def quoted_once(cases: dict[str, str], check: str, lead: str) -> list:
    """Each sentence, after a lead line (so it is no header field line), lists the check once, with the given words
    in its title and its quote taken from the sentence; the findings, for the caller's own assertions."""
    findings = []
    for sentence, words in cases.items():
        found = listed(f"# Plan\n\n{lead}\n\n{sentence}\n", check)
        assert len(found) == 1, sentence
        assert words in found[0].title and found[0].evidence[0].quote in sentence, sentence
        findings += found
    return findings


def test_a_premise_about_everyone_is_challenged_with_its_clause_quoted_in_english_and_dutch() -> None:
    cases = {
        "Everyone has a smartphone these days, so they scan the code on their own phone.": "Everyone has a smartphone",
        "- **Phones:** all drivers already have a smartphone.": "all drivers already have a smartphone",
        "Iedereen heeft toch een telefoon, dus de app is geen probleem.": "Iedereen heeft toch een telefoon",
        "Bijna alle monteurs hebben al een tablet van de zaak.": "alle monteurs hebben al een tablet",
        "Everyone has a work e-mail address, so the link goes out by mail.": "Everyone has a work e-mail address",
        # the contraction (left untyped on a development memo, s27: "it's just an app, everyone's got a phone")
        "It's just an app, everyone's got a phone.": "everyone's got a phone",
        "Everybody’s got a smartphone now, so no scanners needed.": "Everybody’s got a smartphone",
    }
    found = quoted_once(cases, CHECK, "We start with the new app next month.")
    assert {f.kind for f in found} == {"hidden_dependency"}


def test_doubt_asides_purposes_conditions_exceptions_dated_plans_and_skills_are_no_premise() -> None:
    for sentence in (
        # what everyone knows or already uses was judged generic or wrong on development memos: not challenged
        "Staff don't need training: everyone knows how to fill in a form.",
        "We skip the workshop because all of our volunteers already use WhatsApp.",
        "Iedereen gebruikt Teams al voor het werkoverleg.",
        "Not everyone has a smartphone, so the paper form stays at reception.",
        "I'm not sure everyone has a work phone.",
        "As everyone knows, the old booking line is a joke.",
        "The VPN, which everyone knows is slow, stays for now.",
        "Please tell your teams so everyone knows what is coming.",
        "When everyone has signed, HR files the PDF.",
        "Badge release requires that all staff have a working badge.",
        "Everyone has their own login apart from the Bath team, who share one.",
        "From 4 May everyone uses the new booking app.",
        "Everyone has to complete the e-learning by Friday.",
        "Niet iedereen heeft een smartphone.",
        "We sturen de brief zodat iedereen weet wat er komt.",
        "Vanaf 1 juni gebruikt iedereen het nieuwe rooster.",
    ):
        assert not listed(f"# Plan\n\n{sentence}\n"), sentence


def test_a_route_for_those_without_it_said_anywhere_answers_the_premise() -> None:
    premise = "# Queue app\n\nEveryone has a smartphone these days, so guests join the queue in our app.\n"
    assert listed(premise)
    assert listed(f"{premise}\nThe front desk sees the queue on the iPad at reception.\n")  # a desk, not a route
    for answer in (
        "Guests without a smartphone get a paper ticket at the gate.",
        "We checked with the four team leads: two drivers use a loan phone from the depot.",
        "Colleagues who really don't have one can let the foreman register their hours.",
        "Guests sign on their own phone before they arrive, or on an iPad at the desk.",
        # s27: the thread's own answer to "are they OK putting an app on their own phone?"
        "If anyone refuses they can use my phone or the one in the office.",
    ):
        assert not listed(f"{premise}\n{answer}\n"), answer
    dutch = "# Rooster-app\n\nIedereen heeft tegenwoordig een smartphone, dus dat is geen probleem.\n"
    assert listed(dutch)
    assert not listed(f"{dutch}\nWie geen smartphone heeft, krijgt een leentoestel van de locatie.\n")


def test_a_bold_label_ends_the_quoted_clause_as_a_colon_does() -> None:
    sentence = "**Phones:** all drivers already have a smartphone and a data bundle."
    assert claim_words(sentence, "all drivers already have a smartphone") == (
        "all drivers already have a smartphone and a data bundle"
    )
    assert claim_words("Phones: all drivers have one", "all drivers") == "all drivers have one"


def test_a_connection_taken_as_good_is_challenged_with_its_clause_quoted_in_english_and_dutch() -> None:
    cases = {
        "Wifi should be fine, it's one tablet.": "Wifi should be fine",
        "The wifi in the stores is fine for it.": "The wifi in the stores is fine for it",
        "Coverage is good across the estuary on 4G.": "Coverage is good across the estuary on 4G",
        "De wifi op De Beuk is sinds de verbouwing goed, dus dat moet geen probleem zijn.": "De wifi op De Beuk",
        "Het bereik in de kassen is prima.": "Het bereik in de kassen is prima",
        # the past tense too: "was" was not typed on s57, where a supplier's rep "said the 4G coverage was fine"
        "The supplier's rep said the 4G coverage was fine for the units.": "the 4G coverage was fine",
    }
    found = quoted_once(cases, CONNECTION, "We start with the tablets next month.")
    assert {(f.kind, f.perspective) for f in found} == {("hidden_dependency", "it")}


def test_doubt_denial_media_coverage_and_a_requirement_are_no_connection_premise() -> None:
    for sentence in (
        "We still need to check whether the Wi-Fi at the end of line 2 is good enough.",
        "Is the signal in the cold store good enough?",
        "The wifi in the yard is not good enough for video.",
        "Online and social coverage in Mentionfox is fine, probably better than ClipStream.",
        "Any reasonable broadband connection is fine.",
        "Ik weet niet of de wifi in de kantine goed genoeg is.",
    ):
        assert not listed(f"# Plan\n\nWe start with the tablets next month.\n\n{sentence}\n", CONNECTION), sentence


def test_a_measurement_or_an_offline_mode_answers_the_connection_premise() -> None:
    premise = "# Yard app\n\nWe start with the tablets next month.\n\nThe wifi in the yard is fine for it.\n"
    assert listed(premise, CONNECTION)
    for answer in (
        "When the tablet has no signal the app stores the job and sends it later.",
        "A wifi survey of the yard in May found two dead spots by the wash bay.",
    ):
        assert not listed(f"{premise}\n{answer}\n", CONNECTION), answer
    checked = "# Livestream\n\nI have checked with BT and all six chapels have fibre, so the connection will be fine.\n"
    assert not listed(checked, CONNECTION)
