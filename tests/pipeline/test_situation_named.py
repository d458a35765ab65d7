"""A pitfall's situation is a sentence that names it, not one that is merely on the same topic.

s25: a studio's chat about AI image tools for concept renders was asked which AI-written answers reach
customers unchecked and what stops runaway usage charges, both quoting the greeting line "here's the
write-up on the AI visuals". Both blind labellers judged both wrong: renders are not written answers, and
seats at a fixed price a month are not usage charges. Whole-library judging, real embeddings.
"""

from __future__ import annotations

import pytest

from agents.facts import extract_facts
from agents.judge.analysis import analyse_proposal, default_library
from agents.judge.findings import pitfall_finding
from agents.judge.pitfalls import Judgement
from agents.nodes.read import parse_proposal
from agents.state import Proposal
from knowledge.embeddings import Embedder

RENDERS = """**Teams – Studio channel**

**Ilse Baker** 10:02
Hi all, here's the write-up on the AI visuals for the competition boards!

**Ilse Baker** 10:05
I've bought 5 image-generator seats at £26 per seat a month, and the plugin licence for 5 users.
From 1 April all concept renders for competitions go through this workflow.
"""

ASSISTANT = """# AI assistant for the webshop

The assistant drafts replies to customers in the chat and sends them without an agent after 18:00.
It is billed per message: €0.01 per conversation turn, about 40,000 turns a month in the high season.
"""


SICK_LEAVE = """# Verzuimregistratie naar de nieuwe arbodienst

Vanaf 1 maart gaan verzuimmeldingen via een koppeling van AFAS naar VitaalOnline.
VitaalOnline werkt met een eigen gebruikersnaam en wachtwoord met sms-code.
"""

ORDERS = """# EDI with our wholesalers

From 1 March orders from our three wholesalers come in as EDI messages through the new interface.
Their article numbers and units of measure differ from ours: a carton of six is one unit at one wholesaler.
"""

SWITCH_OFF = """# qmlab-srv2

The server qmlab-srv2 will be switched off on 30 April 2026.
I'll also take its address out of DNS and the firewall ruleset on the 30th.
"""


def _open_judgements(proposal: Proposal, embedder: Embedder, kind: str) -> list[Judgement]:
    """Each open pitfall of the archetype, judged with the whole library."""
    library = default_library()
    forced = next(a for a in library.archetypes if a.id == kind)
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, embedder, library, [forced])
    return [j for j in analysis.judgements if isinstance(j, Judgement) and j.archetype == kind and j.open]


def _open_on(text: str, embedder: Embedder, kind: str) -> dict[str, int]:
    """Each open pitfall of the archetype -> the sentence it quotes."""
    return {j.pitfall.id: j.trigger for j in _open_judgements(parse_proposal(text), embedder, kind)}


def _open(text: str, embedder: Embedder, kind: str = "ai_adoption") -> set[str]:
    return set(_open_on(text, embedder, kind))


@pytest.mark.slow
def test_image_seats_are_neither_customer_answers_nor_usage_charges(e5: Embedder) -> None:
    opened = _open(RENDERS, e5)
    assert "ai_adoption.draft_reaches_customer" not in opened
    assert "ai_adoption.cost_per_use" not in opened


@pytest.mark.slow
def test_an_assistant_answering_customers_per_message_raises_both(e5: Embedder) -> None:
    opened = _open(ASSISTANT, e5)
    assert {"ai_adoption.draft_reaches_customer", "ai_adoption.cost_per_use"} <= opened


@pytest.mark.slow
def test_partner_codes_are_asked_where_codes_are_named_not_for_an_sms_code(e5: Embedder) -> None:
    """s27: "Who keeps our codes and each partner's codes in line" quoted a login with an sms code."""
    assert "integration_edi.exchanged_code_upkeep" not in _open(SICK_LEAVE, e5, "integration_edi")
    assert "integration_edi.exchanged_code_upkeep" in _open(ORDERS, e5, "integration_edi")


@pytest.mark.slow
def test_removing_a_dns_entry_does_not_answer_who_still_reads_from_the_server(e5: Embedder) -> None:
    """s27: taking the server out of DNS and the firewall is part of the switch-off, not an inventory of its readers."""
    assert "decommission.switched_off_system_readers" in _open(SWITCH_OFF, e5, "decommission")


FARM_PORTAL = """# Slachtresultaten in het veehoudersportaal

Vanaf 1 mei ziet elke veehouder zijn slachtresultaten per dier in het portaal.
De gegevens komen via een koppeling uit ons slachtsysteem; een koppeling naar het managementpakket volgt later.
"""

INVOICES = """# E-invoicing

From 1 January our invoices to the 40 largest customers go out as Peppol messages instead of PDF by e-mail.
"""


@pytest.mark.slow
def test_rejected_document_messages_need_orders_or_invoices_exchanged_not_any_link(e5: Embedder) -> None:
    """s26: a portal publishing results to farmers was asked who sees rejected order or invoice messages,
    quoting its CSV export and "koppeling"."""
    assert "integration_edi.rejected_document_messages" not in _open(FARM_PORTAL, e5, "integration_edi")
    assert "integration_edi.rejected_document_messages" in _open(INVOICES, e5, "integration_edi")


ARCHIVE = """# Moodle to the SaaS platform

All courses and their enrolment records move to the new platform in July.
Assessment records must be kept for six years, so the old database stays read-only until 31 July 2027.
"""

TRIALS = """# Seed bank database

All accession records, tests and storage locations are migrated to SeedBase in June.
Two trial migrations showed 312 records with free-text dates; Tom fixes these before the final extract.
"""


@pytest.mark.slow
def test_what_is_kept_behind_read_only_is_not_the_migration_and_trial_runs_answer_refused_records(
    e5: Embedder,
) -> None:
    """s16, s20, s27: the trial-migration question quoted a retention or final-backup sentence; s27: refused
    records were asked about where two trial migrations had found them and named who fixes them."""
    opened = _open_on(ARCHIVE, e5, "replacement_migration")
    assert opened.get("replacement_migration.dirty_source") != 1  # never the read-only sentence
    assert "replacement_migration.misfit_records" not in _open_on(TRIALS, e5, "replacement_migration")


TEXT_ALERTS = """# Text alerts before planned supply interruptions

Approval to run a 3-month pilot, in two supply zones only, sending text messages to household customers before
and during planned supply interruptions.
"""

SCRAP_MACRO = """# Scrap report macro

Good news from the moulding floor: the scrap report is now built by a macro in the shift workbook.
At 06:00 every morning it now emails the scrap report straight to our five biggest customers.
"""

PRICE_SCRIPT = """# Prijslijsten per klant

Het script maakt voor elke klant een prijslijst en mailt die.
Via Taakplanner start het elke eerste werkdag van de maand om 06:00.
"""

EARLY_SHIFT = """# Scrap report app

From Monday the early shift starts at 06:00 by logging scrap in the new app on the line tablets.
"""


@pytest.mark.slow
def test_text_messages_are_not_order_messages_and_a_macros_send_time_is_no_shift(e5: Embedder) -> None:
    """s32: text alerts to households were asked who sees a rejected order or invoice message, and a macro
    that e-mails a report at 06:00 who helps the night shift whose log-in fails. Both labellers: wrong."""
    assert "integration_edi.rejected_document_messages" not in _open(TEXT_ALERTS, e5, "integration_edi")
    assert "integration_edi.rejected_document_messages" in _open(ORDERS, e5, "integration_edi")
    assert "tool_adoption.support_hours_vs_shifts" not in _open(SCRAP_MACRO, e5, "tool_adoption")
    # s36: a script the Task Scheduler starts at 06:00 is no early shift either (both labellers: wrong)
    assert "tool_adoption.support_hours_vs_shifts" not in _open(PRICE_SCRIPT, e5, "tool_adoption")
    assert "tool_adoption.support_hours_vs_shifts" in _open(EARLY_SHIFT, e5, "tool_adoption")


PILOT_OUTCOME = """# Expense app

We roll the expense app out to all 300 staff from June, after a pilot in May.
If the pilot fails and success is not measured on the claims, we cancel within the 60-day exit clause.
"""

PILOT_SCOPE = PILOT_OUTCOME + (
    "The pilot runs with the field sales team (12 people); success is measured on their claims.\n"
)


PILOT_UNNAMED = """# Expense app

We propose a pilot with the Expensify app from May, so that claims no longer need paper receipts.
The pilot costs EUR 4,350 for three months, paid from the innovation budget, and success is measured on the claims.
We roll out the expense app to all 300 staff from September if the pilot is positive.
"""


@pytest.mark.slow
def test_who_is_in_the_pilot_is_asked_where_the_memo_says_who_is_in_it(e5: Embedder) -> None:
    """s4-s46: quotes on the pilot's outcome ("if the pilot fails, we cancel"), its cost or the tool it tries
    were generic to blind reviewers, quotes naming its group ("pilot with the field sales team (12 people)")
    specific: without a sentence that says who the pilot runs with, nothing anchors the question."""
    check = "tool_adoption.pilot_group_bias"
    assert check not in _open(PILOT_OUTCOME, e5, "tool_adoption")
    assert check not in _open(PILOT_UNNAMED, e5, "tool_adoption")
    named = PILOT_UNNAMED + "The pilot runs with the finance team (9 people); success is measured on their claims.\n"
    assert check in _open(named, e5, "tool_adoption")
    trigger = _open_on(PILOT_SCOPE, e5, "tool_adoption")[check]
    assert "field sales team" in parse_proposal(PILOT_SCOPE).sentences[trigger].text


@pytest.mark.slow
def test_the_pilot_question_quotes_the_rollouts_reach_beside_the_pilots_group(e5: Embedder) -> None:
    """s20, s27: "pilot bij sectie arbeidsrecht (8 gebruikers)" beside "1 juni live voor alle advocaten" shows who
    the pilot leaves out in the memo's own words; the question alone read as the stock pilot question."""
    check = "tool_adoption.pilot_group_bias"
    memo = PILOT_UNNAMED + "The pilot runs with the finance team (9 people); success is measured on their claims.\n"
    proposal = parse_proposal(memo)
    judged = next(j for j in _open_judgements(proposal, e5, "tool_adoption") if j.pitfall.id == check)
    quotes = [e.quote for e in pitfall_finding(judged, proposal, extract_facts(proposal)).evidence]
    assert len(quotes) == 2 and "finance team (9 people)" in quotes[0] and "all 300 staff" in quotes[1]


BUILDER_WRITES = """# Shift bonus calculation

Good news, the bonus sheet headache is sorted. I've built a macro that does the whole thing in one click, so no
more copying numbers out of the output report by hand.
It covers all 4 shifts and all 142 operators; from 1 July please use it instead of the paper forms.
"""


@pytest.mark.slow
def test_the_builder_writing_the_memo_is_the_one_builder(e5: Embedder) -> None:
    """s34: a shift manager's own macro for every operator's bonus, written up in the first person ("I've built a
    macro"), was never asked who else understands it: the check described the builder in the third person."""
    check = "end_user_automation.one_builder"
    trigger = _open_on(BUILDER_WRITES, e5, "end_user_automation")[check]
    assert "I've built a macro" in parse_proposal(BUILDER_WRITES).sentences[trigger].text


CUSTOMERS_PAY = """# New till system for the café

We switch to Lightspeed as our till and order system from 1 March, on a monthly subscription.
Guests can sign up online for the loyalty scheme and pay at the table with iDEAL or credit card via the QR code.
"""

OWN_CARD = """# Booking tool for the workshop

I've signed us up for BookWise online, the Pro plan at £149 a month, and it's on my own credit card for now.
The team takes bookings in it from Monday and I'll claim the subscription back on expenses.
"""


@pytest.mark.slow
def test_the_card_question_is_asked_of_our_subscription_on_a_card_not_of_customers_paying_by_card(e5: Embedder) -> None:
    """s13, s14, s46: guests or skippers paying by card were asked whose card the subscription is on (wrong, both
    labellers, each time); s12: a subscription on the department's card was asked it and judged specific."""
    check = "tool_adoption.card_signup"
    assert check not in _open(CUSTOMERS_PAY, e5, "tool_adoption")
    trigger = _open_on(OWN_CARD, e5, "tool_adoption")[check]
    assert "my own credit card" in parse_proposal(OWN_CARD).sentences[trigger].text


PORTS_OFF = """# Machine programs through the network share

From 1 March all CNC programs are loaded from the network share, not from USB sticks.
After that date the USB ports on the machine controls will be switched off.
"""


@pytest.mark.slow
def test_who_still_reads_from_a_switched_off_system_needs_a_system_switched_off(e5: Embedder) -> None:
    """s21, s43: USB ports on machine controls and an operator's 3G network were asked which reports and jobs still
    read from them; blind reviewers judged both wrong. A server switched off is the question's situation."""
    check = "decommission.switched_off_system_readers"
    assert check not in _open(PORTS_OFF, e5, "decommission")
    server = PORTS_OFF + "The old program server CNC-SRV01 is switched off on 31 March.\n"
    trigger = _open_on(server, e5, "decommission")[check]
    assert "CNC-SRV01" in parse_proposal(server).sentences[trigger].text


SHARE_MOVE = """# Network drives to SharePoint

Our file server FS01 is out of support at the end of June.
In May the G: drive moves to one SharePoint site per department, and the H: drives go to each person's OneDrive.
"""

RECORDS_LIBRARY = """# Ferry manifest system

Bookings and manifests move from ShipLog to Tidewise on 1 March.
Records older than 2024 go to an encrypted export in our SharePoint records library.
"""


@pytest.mark.slow
def test_what_points_at_the_old_location_is_asked_where_a_drive_moves_not_where_records_are_archived(
    e5: Embedder,
) -> None:
    """s7-s46: the question was specific where the S: and P: drives moved, and wrong where old records went to an
    export in a records library or one application replaced another."""
    assert "replacement_migration.moved_share_links" in _open(SHARE_MOVE, e5, "replacement_migration")
    assert "replacement_migration.moved_share_links" not in _open(RECORDS_LIBRARY, e5, "replacement_migration")
