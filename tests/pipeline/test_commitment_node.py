"""The commitment stage from kinds of signal, on whole proposals; quotes are whole sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.lenses.commitment_signals import CommitmentRules, SignalReader, default_reader, load_rules
from agents.nodes.commitment import classify_commitment
from agents.nodes.read import parse_proposal
from core.data_files import parse_yaml
from core.errors import ConfigError

RULES = Path(__file__).resolve().parents[2] / "agents" / "lenses" / "commitment.yaml"


def stage(text: str) -> tuple[str, list[str]]:
    result = classify_commitment(parse_proposal(text), default_reader())
    return result.stage, result.signals


@pytest.mark.parametrize(
    "sentence",
    [
        "The board approved the budget last week.",
        "We already told the sales team that it starts in April.",
        "The contract with the vendor was signed on 3 May.",
        "Het contract is getekend met HubSpot.",
        "Het budget is goedgekeurd door de directie.",
        "De livegang is al gecommuniceerd naar de medewerkers.",
        # the five the old patterns missed on new proposals, in other words again
        "The trial has been running with the planners for a month, and the team knows the switch date.",
        "After approval, the migration weekend was booked with the supplier.",
        "The campaign dates are already printed on the customer flyers.",
        "From next Monday the whole team works in the new planning tool.",
        "De rapportageserver gaat volgende maand uit; teams bouwen zelf na wat ze nodig hebben.",
    ],
)
def test_commitment_signals_are_detected_and_quoted(sentence: str) -> None:
    text = f"# Plan\n\nWe introduce a new tool for planning. {sentence} Questions go to Anna."
    found_stage, signals = stage(text)
    assert found_stage == "committed"
    assert sentence in signals
    for signal in signals:
        assert signal in text


@pytest.mark.parametrize(
    "sentence",
    [
        "The budget has not been approved yet.",
        "Before the contract is signed we want input from operations.",
        "Het contract wordt pas getekend zodra de OR advies heeft gegeven.",
        "Nog geen besluit genomen; we verkennen drie opties.",
        "Our renewed Microsoft 365 bundle already includes the licences for Forms.",
        "Once approved we will book the migration weekend.",
        "Subject to the works council, the app would start in May.",
        "Could we switch the old server off next month?",
    ],
)
def test_hedged_open_or_bundled_language_reads_as_exploring(sentence: str) -> None:
    found_stage, _ = stage(f"# Plan\n\nWe propose a new planning tool. {sentence}")
    assert found_stage == "exploring"


def test_exploring_signals_are_quoted() -> None:
    found_stage, signals = stage("# Plan\n\nWe propose to pilot badge login in one warehouse.")
    assert found_stage == "exploring"
    assert signals == ["We propose to pilot badge login in one warehouse."]


def test_a_dated_plan_in_a_proposal_that_asks_for_a_decision_is_not_a_commitment() -> None:
    plan = (
        "# Plan\n\nWe ask the steering committee to decide on the rollout.\n\n- Go-live: Monday 3 March for all sites\n"
    )
    assert stage(plan)[0] == "exploring"
    announced = "# Plan\n\nThe new scanners replace the old ones.\n\n- Go-live: Monday 3 March for all sites\n"
    assert stage(announced) == ("committed", ["Go-live: Monday 3 March for all sites"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The committee is asked to:",
        "De directie wordt gevraagd in te stemmen met de overstap.",
        "Success means at least 90% of inbound slots are booked through the new tool.",
        "De leverancier heeft laten weten dat het onderhoudscontract niet wordt verlengd.",
        "In het presidium van januari is gevraagd of de verslagen sneller beschikbaar kunnen komen.",
        "De FG heeft dit op 9 maart bevestigd.",
    ],
)
def test_a_request_a_target_or_someone_elses_news_is_not_a_commitment(sentence: str) -> None:
    assert stage(f"# Plan\n\nA new booking tool for the docks. {sentence}")[0] == "exploring"


def test_quoted_words_and_what_happens_before_something_are_not_commitments() -> None:
    example = 'Sales can ask Copilot to find "everything we sent to Bunzl about the tray project last year".'
    assert stage(f"# Plan\n\nCopilot for the sales team. {example}")[0] == "exploring"
    procedure = "We enter mutations ourselves and check every run before it is paid out."
    assert stage(f"# Plan\n\nA payroll provider. {procedure}")[0] == "exploring"
    # a sentence that opens with "before" still states what was done
    assert stage("# Plan\n\nA payroll provider. Before the summer we signed the contract.")[0] == "committed"


def test_the_authors_own_choice_commits_only_a_proposal_that_asks_nothing() -> None:
    choice = "We chose the X7 after a two-week trial on the inbound dock."
    assert stage(f"# Plan\n\nWe propose to replace the scanners. {choice} Do you agree?")[0] == "exploring"
    assert stage(f"# Plan\n\nThe scanners are replaced. {choice}")[0] == "committed"
    # a settled choice reported in the passive, or a choice with a contract signed, still commits
    settled_choices = (
        "Pixelhaven was chosen out of three agencies in March.",
        "We chose Pixelhaven; the contract was signed in March.",
    )
    for settled in settled_choices:
        assert stage(f"# Plan\n\nWe propose a new app. {settled} Do you agree?")[0] == "committed"


def test_a_decision_cited_as_taken_commits_even_a_memo_that_still_asks() -> None:
    cited = (
        "Zoals in het directieoverleg van 7 januari besloten, stoppen we per maandag 1 maart met TeamViewer.",
        "Following Senate's decision on 20 May, recording will be switched on by default for all lectures.",
        "The purchase order was raised on 16 February and devices are due on 20 April.",
    )
    for sentence in cited:
        assert stage(f"# Plan\n\n{sentence} Any questions about the new way of working?")[0] == "committed"
    # deciding to draft or to explore, or asking for a decision, is not a decision taken
    for sentence in ("As decided, I have drafted three options for the board.", "Can this be decided in May?"):
        assert stage(f"# Plan\n\n{sentence} Which option do you prefer?")[0] == "exploring"


def test_a_question_about_a_detail_leaves_a_dated_plan_committed() -> None:
    """s21-s25: committed chat threads and memos that asked about a detail were read as exploring."""
    plan = "The new render workflow starts on 1 March 2027 for every studio."
    for detail in ("Are the images public in their gallery?", "Wie controleert de voorwaarden over beeldrechten?"):
        assert stage(f"# Renders\n\n{plan} {detail}")[0] == "committed"
    # a question that names the decision still asks for it
    for decision in ("Can we go ahead with this?", "Which option do you prefer?", "Gaan we hiermee akkoord?"):
        assert stage(f"# Renders\n\n{plan} {decision}")[0] == "exploring"


def test_an_act_reported_after_a_label_and_a_contract_not_renewed_are_decisions_taken() -> None:
    """s23, s26: minutes ("Wouter licht toe: contract is op 11 februari getekend") and a non-renewal."""
    reader = default_reader()
    for taken in (
        "Wouter licht toe: contract is op 11 februari getekend (3 jaar).",
        "Our contract with the proctoring vendor ends on 31 August 2026 and will not be renewed.",
        "Het contract met de leverancier wordt niet verlengd.",
    ):
        assert reader.read(taken).kind == "irreversible_past_action", taken
    assert reader.read("Keys ordered: 16 March 2026").kind == "dated_declarative"  # a step of the plan
    assert reader.read("The supplier has said it will not be renewed for this model.").label == "neutral"
    assert reader.read("We have not signed the contract.").label != "committed"


def test_a_tool_in_use_for_a_while_and_a_named_partys_act_are_committed_signals() -> None:
    """s29 (commitment rules 11): memos about a tool a team has used for weeks, a migration a vendor has booked
    and a contract "over the line" were read as exploring."""
    reader = default_reader()
    expected = {
        "We're now 3 weeks into using TidyRoom on the 2nd and 3rd floor and honestly the team love it.": "fact_created",
        "For the last 3 weeks my team has used RoomRally for room status instead of the paper sheets.": "fact_created",
        "Since October the Harrogate and Ripon workshops have been taking service bookings through it.": "fact_created",
        "De afgelopen drie weken gebruikt mijn team de app op beide verdiepingen.": "fact_created",
        "Chris confirmed OpenRepo has booked the migration for Saturday 13 March.": "external_commitment",
        "Nadia has already e-mailed the freeze to the research administrators.": "external_commitment",
        "Thanks again for getting the contract over the line on the 14th.": "irreversible_past_action",
    }
    for sentence, kind in expected.items():
        assert reader.read(sentence).kind == kind, sentence
    for open_ in ("For the last 3 weeks we have discussed which tool to use.", "Has Microsoft told us the date?"):
        assert reader.read(open_).label != "committed", open_


def test_chat_acts_without_a_subject_a_message_gone_out_and_being_live_are_committed_signals() -> None:
    """s36-s39 (commitment rules 12): chat-style memos whose commitment is an act already done were read as
    exploring: a paid invoice or a signed contract said without "we", a mailing that went out, "we're live"."""
    reader = default_reader()
    expected = {
        "Paid the invoice this morning, £4,200 for 14 sensors plus the gateway.": "irreversible_past_action",
        "Getekend bij Agrisort vorige week, de monteur komt dinsdag 19 augustus.": "irreversible_past_action",
        "Good news – I've gone ahead and ordered the frost sensors from FrostGuard.": "irreversible_past_action",
        "The invitation email to all cask owners went out this morning!": "external_commitment",
        "We're live: the Cask Owners' Portal!": "fact_created",
    }
    for sentence, kind in expected.items():
        assert reader.read(sentence).kind == kind, sentence
    for field in ("Signed: J. de Vries, 3 March", "Approved by the steering group", "Besteld: nog niet"):
        assert reader.read(field).label != "committed", field


def test_a_condition_asks_for_the_decision_only_where_it_names_it() -> None:
    """s38, s39: "If owners have trouble logging in, just reset it" is an instruction in a settled plan; it left
    the portal's dated launch uncommitted, as a question about a detail did before rules 9."""
    plan = "The new render workflow starts on 1 March 2027 for every studio."
    for instruction in (
        "If a render fails, just restart it.",
        "Als een ouder contant wil betalen, doorverwijzen naar Ingrid.",
    ):
        assert stage(f"# Renders\n\n{plan} {instruction}")[0] == "committed", instruction
    for decision in (
        "If the board approves, we start the tender.",
        "Als het MT akkoord geeft, bestellen we de licenties.",
    ):
        assert stage(f"# Renders\n\n{plan} {decision}")[0] == "exploring", decision


def test_commitment_rules_13_read_s43s_misreadings_as_what_they_are() -> None:
    """s43 (commitment rules 13): a next meeting's date, an adjective that looks like a chat act, a vendor's news,
    a promised proposal, a Dutch condition put first and "onderzoeken" the noun were read as commitment or as
    asking; a ban announced from a date was read as nothing."""
    reader = default_reader()
    neutral = [
        "Volgende overleg: dinsdag 27 mei, 10.00 uur.",
        "Next meeting: Thursday 12 June, 14:00.",
        "Paid tier gets a second newsletter on Tuesday with the longer reads.",
        "Betaald parkeren blijft op het terrein zoals het is.",
        "Softwarehuis Qlara heeft ons op 20 februari laten weten dat HypoDesk per 31 december 2025 niet meer"
        " wordt ondersteund.",
        "Sinds de overstap naar Nexora in oktober 2023 worden alle nieuwe onderzoeken in Nexora opgeslagen.",
    ]
    for sentence in neutral:
        assert reader.read(sentence).label == "neutral", sentence
    exploring = {
        "Het college heeft toegezegd voor de zomer met een voorstel te komen.": "preparation",
        "Gaat er in oktober iets fundamenteel mis, dan kunnen we tot eind november terug.": "conditional",
        "We onderzoeken of de oude scanners nog een jaar mee kunnen.": "exploring",
    }
    for sentence, kind in exploring.items():
        assert reader.read(sentence).kind == kind, sentence
    assert not reader.asks_for_decision(
        "Gaat er in oktober iets mis, dan kunnen we terug.",
        reader.read("Gaat er in oktober iets mis, dan kunnen we terug."),
    )
    ban = "Vanaf zaterdag 1 juni is het niet meer toegestaan om TikTok op je werktelefoon te hebben."
    assert reader.read(ban).kind == "dated_declarative"
    for act in ("Paid the invoice this morning.", "Ordered 40 headsets yesterday.", "Besteld: nog niet"):
        assert (reader.read(act).label == "committed") == (act != "Besteld: nog niet"), act


def test_what_a_step_still_needs_is_an_instruction_what_the_decision_still_needs_is_open() -> None:
    """s57: a caretakers' go-live briefing ("Anything marked serious still needs a phone call to the repairs centre")
    was read as exploring, its "still needs" taken for an open question; what is still to be decided stays open."""
    reader = default_reader()
    assert reader.read("Anything marked serious still needs a phone call to the repairs centre.").label == "neutral"
    for sentence in (
        "The retention period still needs to be decided with Legal.",
        "The budget still needs approval from the board.",
        "This still needs more analysis before we commit.",
    ):
        assert reader.read(sentence).label == "exploring", sentence


def test_a_memo_addressed_to_everyone_concerned_has_told_them_its_dates() -> None:
    """s58: a school's "To: All Staff" notice ("from Monday 3 November the old bell system is gone") drew replies
    that hedge and ask about details, and was read as exploring; both readers called it committed, as they did all
    91 judged memos addressed so. The same thread to one person stays a plan that asks; an invitation to all staff
    to give their views stays open, and the header is never quoted as a signal."""
    thread = (
        "**From:** Dan Ferris\n**To:** {to}\n\nGood news: from Monday 3 November the old bell system is gone.\n\n"
        "**From:** Rachel Okafor\n**To:** Dan Ferris\n\nThe beacons should be doable, maybe not by the 3rd.\n"
    )
    for to in ("All Staff", "alle medewerkers", "everyone"):
        found_stage, signals = stage(thread.format(to=to))
        assert found_stage == "committed", to
        assert signals == ["Good news: from Monday 3 November the old bell system is gone."], to
    assert stage(thread.format(to="Helen Marsh"))[0] == "exploring"
    for views in (
        "We are considering a four-day week for the depot teams and would like your views before the board decides.",
        "Draft for discussion: should we move the helpdesk to a ticket portal? The decision is for the June board.",
        "De school denkt erover het leesdossier te vervangen door een app. Voordat we besluiten horen we graag van u.",
    ):
        assert stage(f"**To:** All staff\n\n{views}\n")[0] == "exploring", views
    reader = default_reader()
    assert reader.read("**To:** All staff").kind == "broadcast"
    assert reader.read("To: a list of all the affected rooms").kind == "metadata"


def test_header_fields_are_never_signals() -> None:
    found_stage, signals = stage("# Plan\n\n**Date:** 3 February 2026\n\nWe replace the scanners.\n")
    assert found_stage == "exploring" and not any("Date" in s for s in signals)


def test_an_old_purchase_is_background_not_commitment() -> None:
    reader = default_reader()
    assert reader.read("The old CRM was bought in 2014 and customised heavily since.").label == "neutral"
    assert reader.read("We bought the new CRM last week.").label == "committed"


def test_a_broken_pattern_file_fails_in_one_line() -> None:
    text = RULES.read_text(encoding="utf-8").replace("bundled:\n", "bundled:\n  - '(unclosed'\n", 1)
    with pytest.raises(ConfigError) as error:
        parse_yaml(text, CommitmentRules, "commitment.yaml")
    message = str(error.value)
    assert message.startswith("commitment.yaml") and "invalid pattern" in message and "\n" not in message


def test_an_unknown_fragment_is_named() -> None:
    text = RULES.read_text(encoding="utf-8").replace("bundled:\n", "bundled:\n  - '<nope>'\n", 1)
    with pytest.raises(ConfigError, match="unknown fragment <nope>"):
        parse_yaml(text, CommitmentRules, "commitment.yaml")


def test_the_shipped_rules_load() -> None:
    assert isinstance(SignalReader(load_rules()), SignalReader)
