"""Archetype recognition, pitfall judging (answered means not raised) and assumption challenges.

Built on small fixture archetypes, independent of the library's data files. Recognition and
answered detection are about meaning, so they use the real multilingual embedder (cached).
"""

from __future__ import annotations

import numpy as np
import pytest
from fakes import HashEmbedder

from agents.facts import extract_facts
from agents.judge.analysis import analyse_proposal
from agents.judge.challenges import Challenge
from agents.judge.findings import side_findings
from agents.judge.pitfalls import Judgement
from agents.lenses.library import Answer, Archetype, Library, Pitfall, Texts, Trigger
from agents.nodes.read import parse_proposal
from knowledge.embeddings import Embedder


def pitfall(pid: str, applies: Trigger, answered: list[str], question: str, cues: list[str] | None = None) -> Pitfall:
    return Pitfall(
        id=pid, perspective="it", kind="hidden_dependency", severity="high", applies_when=applies,
        answered_when=Answer(meaning=answered, cues=cues or []), question=Texts(en=question, nl=question),
        why=Texts(en="It breaks the morning after."), evidence_fact=applies.facts_all[0] if applies.facts_all else None,
    )  # fmt: skip


DECOMMISSION = Archetype(
    id="decommission",
    name=Texts(en="Decommission", nl="Uitfaseren"),
    recognise=[
        "we will switch off the old server or system on a fixed date",
        "de oude server of het oude systeem wordt op een vaste datum uitgezet",
    ],
    cues=["switch off", "decommission", "uitzetten", "uitfaser"],
    pitfalls=[
        pitfall(
            "decommission.readers",
            Trigger(
                facts_all=["system_retired"],
                meaning=["the old server or system will be switched off"],
                cues=["switch off", "uitzet", "zetten"],
            ),
            ["the access logs of the old server were checked for reports, jobs and users that still read from it"],
            "Which reports and jobs still read from {retired_system}?",
            cues=["access log", "toegangslog"],
        )
    ],
)
AI = Archetype(
    id="ai_adoption",
    name=Texts(en="AI adoption"),
    recognise=[
        "employees will use a generative AI tool such as ChatGPT to write texts",
        "medewerkers gaan een AI-taalmodel zoals ChatGPT gebruiken om teksten te schrijven",
    ],
    cues=["ChatGPT", "AI", "taalmodel"],
    pitfalls=[
        pitfall(
            "ai.personal_data",
            Trigger(facts_any=["data"], meaning=["customer e-mails are pasted into an AI tool"]),
            ["no personal data is entered into the AI tool and a processing agreement is signed"],
            "Which personal data goes to the AI provider?",
        )
    ],
)
LIBRARY = Library(version=1, archetypes=[DECOMMISSION, AI])

SWITCH_OFF_EN = """# Switch off FS01

We switch off the file server FS01 on 30 June; its shares move to SharePoint.
Everyone copies what they still need before that date.
"""
SWITCH_OFF_NL = """# FS01 uitzetten

We zetten de fileserver FS01 op 30 juni uit; de mappen gaan naar SharePoint.
Iedereen kopieert voor die datum wat hij nog nodig heeft.
"""
AI_NL = """# ChatGPT voor de klantenservice

Medewerkers plakken klantmails in ChatGPT om sneller een antwoord te schrijven.
"""


def analyse(text: str, embedder: Embedder, library: Library = LIBRARY, extra: list[Archetype] | None = None):  # type: ignore[no-untyped-def]
    proposal = parse_proposal(text)
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    return proposal, analyse_proposal(proposal, vectors, embedder, library, extra or [])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"), [(SWITCH_OFF_EN, "decommission"), (SWITCH_OFF_NL, "decommission"), (AI_NL, "ai_adoption")]
)
def test_archetypes_are_recognised_by_meaning_in_english_and_dutch(text: str, expected: str, e5: Embedder) -> None:
    _, analysis = analyse(text, e5)
    assert analysis.archetypes == [expected]


@pytest.mark.slow
def test_an_open_pitfall_is_raised_with_its_fact_and_quote(e5: Embedder) -> None:
    proposal, analysis = analyse(SWITCH_OFF_EN, e5)
    judged = [j for j in analysis.judgements if isinstance(j, Judgement)]
    readers = next(j for j in judged if j.pitfall.id == "decommission.readers")
    assert readers.applies and not readers.answered
    findings = side_findings("it", analysis.judgements, proposal, analysis.facts)
    assert [f.title for f in findings] == ["Which reports and jobs still read from FS01?"]
    assert findings[0].evidence[0].quote.startswith("We switch off the file server FS01")
    assert [c.status for c in analysis.coverage if c.concern == "decommission.readers"] == ["open"]


@pytest.mark.slow
def test_an_answered_pitfall_is_not_raised_and_is_covered_with_its_quote(e5: Embedder) -> None:
    answered = SWITCH_OFF_EN + "\nThe access logs of FS01 were checked: no reports, jobs or users still read from it.\n"
    proposal, analysis = analyse(answered, e5)
    assert side_findings("it", analysis.judgements, proposal, analysis.facts) == []
    item = next(c for c in analysis.coverage if c.concern == "decommission.readers")
    assert item.status == "covered" and item.quote and "access logs" in item.quote


def test_a_pitfall_without_its_facts_does_not_apply() -> None:
    text = "# Tidy up\n\nWe tidy up the shared mailbox rules next month.\n"
    _, analysis = analyse(text, HashEmbedder(), extra=[DECOMMISSION])
    readers = next(j for j in analysis.judgements if isinstance(j, Judgement))
    assert not readers.applies
    assert [c.status for c in analysis.coverage] == ["not_applicable"]


def test_extra_archetypes_always_apply_without_recognition() -> None:
    rules = Archetype(
        id="org_rules", name=Texts(en="Our rules"), recognise=["a", "b"],
        pitfalls=[
            pitfall("org_rules.dpo", Trigger(facts_any=["data"], cues=["klantmail"]), ["DPO agreed"], "DPO seen it?")
        ],
    )  # fmt: skip
    _, analysis = analyse(AI_NL, HashEmbedder(), library=Library(version=1, archetypes=[DECOMMISSION]), extra=[rules])
    assert "org_rules" in analysis.archetypes
    assert any(isinstance(j, Judgement) and j.pitfall.id == "org_rules.dpo" and j.open for j in analysis.judgements)


def test_claims_are_challenged_from_the_other_side_with_wording_by_kind() -> None:
    text = (
        "# Planning tool\n\nWe don't need IT for this because it is a cloud tool.\n\n"
        "There is no impact on the warehouse teams.\n"
    )
    proposal, analysis = analyse(text, HashEmbedder(), library=Library(version=1, archetypes=[DECOMMISSION]))
    challenges = {c.claim.role: c for c in analysis.judgements if isinstance(c, Challenge)}
    assert {"no_it_needed", "no_impact"} <= set(challenges)
    it_side = side_findings("it", analysis.judgements, proposal, analysis.facts)
    business_side = side_findings("business", analysis.judgements, proposal, analysis.facts)
    it_titles = [f.title for f in it_side if f.origin == "assumption"]
    business_titles = [f.title for f in business_side if f.origin == "assumption"]
    assert any(
        "We don't need IT for this because it is a cloud tool" in t and "data processing" in t for t in it_titles
    )
    assert any("no impact on the warehouse teams" in t and "people it affects" in t for t in business_titles)
    assert all(f.evidence[0].quote in text for f in it_side + business_side)


def test_a_challenge_the_proposal_answers_is_not_raised() -> None:
    text = (
        "# Planning tool\n\nWe don't need IT for this because it is a cloud tool.\n\n"
        "The data processing agreement is signed and accounts use single sign-on.\n"
    )
    proposal, analysis = analyse(text, HashEmbedder(), library=Library(version=1, archetypes=[DECOMMISSION]))
    assert not [
        f for f in side_findings("it", analysis.judgements, proposal, analysis.facts) if f.origin == "assumption"
    ]


def test_findings_never_quote_a_field_line() -> None:
    text = "# FS01\n\n**Owner:** FS01 team\n\nWe switch off FS01 on 1 June.\n"
    proposal = parse_proposal(text)
    facts = extract_facts(proposal)
    assert all(not proposal.sentences[f.sentence].text.startswith("**") for f in facts)
    assert np.all([f.sentence >= 0 for f in facts])


@pytest.mark.slow
def test_a_pitfall_fires_only_where_a_sentence_names_its_situation(e5: Embedder) -> None:
    """A sentence that merely resembles the situation ("the company phone") does not make the
    private-phone question apply; one that names it by a cue word ("their own phone") does."""
    own_phone = Archetype(
        id="tool",
        name=Texts(en="Tool"),
        recognise=["a", "b"],
        pitfalls=[
            pitfall(
                "tool.private_phones",
                Trigger(
                    meaning=["staff install the app on their own phones and handle customer data in it"],
                    cues=["own phone", "eigen telefoon", "private phone"],
                ),
                ["app protection wipes company data when someone leaves"],
                "What protects company data on private phones?",
            )
        ],
    )
    library = Library(version=1, archetypes=[DECOMMISSION])

    def applies(text: str) -> bool:
        _, analysis = analyse(text, e5, library=library, extra=[own_phone])
        return next(j for j in analysis.judgements if isinstance(j, Judgement) and j.archetype == "tool").applies

    assert applies("# Driver app\n\nDrivers install the app on their own phone and record customer signatures.\n")
    assert not applies("# Driver app\n\nDrivers use the app on the company phone and record customer signatures.\n")


def _quote(scores: list[float], cues: list[bool]) -> int:
    from agents.judge.pitfalls import APPLIES_ON_MEANING, _trigger_sentence

    situation = pitfall("x.quote", Trigger(meaning=["m"], cues=["c"]), ["a"], "Q?")
    values = np.array(scores)
    return _trigger_sentence(
        situation, [], values, values >= APPLIES_ON_MEANING, np.ones(len(scores), dtype=bool), np.array(cues)
    )


def test_the_quote_is_a_sentence_that_names_the_situation_when_it_is_nearly_as_close() -> None:
    # the closest sentence only resembles the situation; the next one names it by a cue word
    assert _quote([0.80, 0.862, 0.851], [False, False, True]) == 2
    # a cue-named sentence far behind the best match does not win
    assert _quote([0.80, 0.880, 0.851], [False, False, True]) == 1
    # without cue words the closest sentence is quoted
    assert _quote([0.862, 0.851], [False, False]) == 0


def test_a_short_situation_cue_is_a_word_of_its_own() -> None:
    from agents.judge.cues import cue_hits

    texts = ["Our logistics template is edited weekly", "The log shows temps and EDI messages", "ftp01 is old"]
    assert cue_hits(["log", "temp", "edi"], texts, whole_below=5) == [False, True, False]
    assert cue_hits(["ftp"], texts, whole_below=5) == [False, False, True]
    # without the rule a stem matches the start of any word, as answered cues still do
    assert cue_hits(["log"], texts) == [True, True, False]


def test_a_pitfall_does_not_apply_where_the_proposal_excludes_its_situation() -> None:
    excluded = Trigger(cues=["messages"], unless=["formats do not change"])
    content = pitfall("edi.content", excluded, ["x"], "Who sees a rejected message?")
    link = Archetype(id="edi", name=Texts(en="EDI"), recognise=["a", "b"], pitfalls=[content])
    empty = Library(version=1, archetypes=[])
    moved = "# New EDI link\n\nPartners send their messages through the new service from June.\n"
    _, analysis = analyse(moved, HashEmbedder(), library=empty, extra=[link])
    assert [c.status for c in analysis.coverage] == ["open"]
    transport_only = moved + "The message formats do not change; only the connection does.\n"
    _, analysis = analyse(transport_only, HashEmbedder(), library=empty, extra=[link])
    assert [c.status for c in analysis.coverage] == ["not_applicable"]


@pytest.mark.parametrize(("about", "applies"), [("new", False), ("any", True)])
def test_a_pitfall_about_the_new_thing_does_not_fire_on_the_system_being_retired(about: str, applies: bool) -> None:
    """ "Who else can fix the macro?" is about an automation being introduced; in a proposal that
    retires Gerard's macro workbook, the sentence naming it describes the old state."""
    automation = Archetype(
        id="automation", name=Texts(en="Automation"), recognise=["a", "b"], about=about,
        pitfalls=[pitfall("automation.one_builder", Trigger(cues=["macro"]), ["a second person maintains it"],
                          "Who else can maintain it?")],
    )  # fmt: skip
    text = (
        "# Route planning\n\nWe retire the Excel macro workbook that Gerard built on 31 March.\n"
        "From April we use Routific.\n"
    )
    _, analysis = analyse(text, HashEmbedder(), library=Library(version=1, archetypes=[]), extra=[automation])
    judged = next(j for j in analysis.judgements if isinstance(j, Judgement))
    assert judged.applies is applies


def test_a_rule_marked_unlisted_is_judged_for_the_coverage_map_but_never_listed() -> None:
    listed = pitfall("automation.one_builder", Trigger(cues=["macro"]), ["a second person maintains it"], "Who else?")
    unlisted = listed.model_copy(update={"id": "automation.checklist", "listed": False, "source": "rules"})
    automation = Archetype(
        id="automation", name=Texts(en="Automation"), recognise=["a", "b"], pitfalls=[listed, unlisted]
    )
    text = "# Orders\n\nThe macro that Gerard built sends the order confirmations.\n"
    proposal, analysis = analyse(text, HashEmbedder(), library=Library(version=1, archetypes=[]), extra=[automation])
    assert {c.concern: c.status for c in analysis.coverage} == {
        "automation.one_builder": "open",
        "automation.checklist": "open",
    }
    findings = side_findings("it", analysis.judgements, proposal, analysis.facts)
    assert [f.id for f in findings] == ["automation.one_builder"]


def test_a_detail_keeps_its_example_only_where_the_proposal_names_something_of_it() -> None:
    from agents.judge.findings import supported_examples

    detail = "For example night shifts or weekend scanners. Help that starts at nine reaches nobody at six."
    assert (
        supported_examples(detail, "The office team works 9 to 5.") == "Help that starts at nine reaches nobody at six."
    )
    assert supported_examples(detail, "De nachtploeg scant met handscanners.").startswith("For example night shifts")
    dutch = "Bijvoorbeeld de kassa's in de winkels. Een storing kost omzet."
    assert supported_examples(dutch, "Het kantoor in Tilburg.") == "Een storing kost omzet."


def test_a_sentence_that_denies_the_archetype_is_not_its_situation() -> None:
    bot = Archetype(
        id="ai_adoption", name=Texts(en="AI adoption"), recognise=["a", "b"],
        denied_by=[r"\b(?:geen|no)\s+AI\b(?![-\w])"],
        pitfalls=[pitfall("ai.reaches", Trigger(cues=["antwoorden", "answers"]), ["a person reads"], "Who reads it?")],
    )  # fmt: skip
    library = Library(version=1, archetypes=[DECOMMISSION])

    def applies(text: str) -> bool:
        _, analysis = analyse(text, HashEmbedder(), library=library, extra=[bot])
        return next(j for j in analysis.judgements if isinstance(j, Judgement)).applies

    assert not applies("# Chatbot\n\nGeen AI; de bot herkent trefwoorden en geeft vaste antwoorden.\n")
    assert applies("# Chatbot\n\nDe bot geeft met AI geschreven antwoorden.\n")
    # "no AI-written answer ..." is not a denial of the kind: it is how the AI's output is handled
    assert applies("# Chatbot\n\nNo AI-written answers go out unread.\n")
