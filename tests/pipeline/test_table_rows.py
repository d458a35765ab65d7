"""A table row is a step, an amount or a field, not a claim and not the situation a concern is about.

Blind reviewers judged findings that quoted a table row wrong 85 times in 122 verdicts (rounds s9-s20):
"List the top 50 customers and how they'd likely react | Jas | 23 Apr" challenged as an assumption,
"5 | Decommission | Sep 2027 | server off, archived" as the switch-off nobody checked. These tests pin
the reader's side of it: rows are marked, a claim in a row is not challenged, a row alone does not make
a situation apply, and where prose carries the same fact the finding quotes the prose.
"""

from __future__ import annotations

import numpy as np
from fakes import HashEmbedder

from agents.judge.analysis import analyse_proposal
from agents.judge.challenges import Challenge
from agents.judge.pitfalls import judge_pitfall
from agents.judge.vectors import TextVectors
from agents.lenses.library import Answer, Fact, Library, Pitfall, Texts, Trigger
from agents.nodes.read import parse_proposal

EMPTY = Library.model_construct(version=1, archetypes=[])
ANSWERS = ["the access logs were checked"]

ACTION_TABLE = (
    "# Web shop for florists\n\n"
    "We want to move the WhatsApp orders of our trade customers to a web shop.\n\n"
    "| Action | Owner | Date |\n|---|---|---|\n"
    "| List the top 50 customers and how they'd likely react | Jas | 23 Apr |\n"
    "| Switch off the old order line | Tom | 1 May |\n"
)


def test_table_rows_are_marked_and_prose_is_not() -> None:
    proposal = parse_proposal(ACTION_TABLE)
    rows = {s.text: s.row for s in proposal.sentences}
    assert rows["We want to move the WhatsApp orders of our trade customers to a web shop."] is False
    assert rows["List the top 50 customers and how they'd likely react | Jas | 23 Apr"] is True
    assert "Action | Owner | Date" not in rows  # the header row names columns; it is not a unit


def claims(text: str) -> list[Challenge]:
    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    vectors = embedder.embed_passages([s.text for s in proposal.sentences])
    return [j for j in analyse_proposal(proposal, vectors, embedder, EMPTY).judgements if isinstance(j, Challenge)]


def test_an_expectation_in_a_row_of_actions_is_not_challenged_but_the_same_words_in_prose_are() -> None:
    assert claims(ACTION_TABLE) == []
    prose = "# Web shop for florists\n\n## Plan\n\nWe assume all 50 top customers will likely order online by May.\n"
    assert [c.claim.role for c in claims(prose)] != []


SWITCH_OFF = Pitfall(
    id="test.hidden_readers", perspective="it", kind="hidden_dependency", severity="high",
    applies_when=Trigger(cues=["switch off", "switched off"]),
    answered_when=Answer(meaning=["the access logs were checked"], cues=["access log"]),
    question=Texts(en="Who still reads from it?", nl="Wie leest er nog uit?"),
    why=Texts(en="What nobody listed breaks.", nl="Wat niemand noteerde, valt om."),
)  # fmt: skip


def judge(text: str, pitfall: Pitfall = SWITCH_OFF, facts: list[Fact] | None = None):  # type: ignore[no-untyped-def]
    proposal = parse_proposal(text)
    texts = [s.text for s in proposal.sentences]
    embedder = HashEmbedder()
    vecs = np.asarray(embedder.embed_passages(texts))
    usable = np.ones(len(texts), dtype=bool)
    rows = np.array([s.row for s in proposal.sentences], dtype=bool)
    vectors = TextVectors(embedder, ANSWERS)
    verdict = judge_pitfall("test", 0.0, pitfall, facts or [], vectors, vecs, texts, usable, rows=rows)
    return verdict, texts


def test_a_row_alone_is_not_the_situation() -> None:
    verdict, _ = judge(ACTION_TABLE)
    assert not verdict.applies
    # the same text with no row marked does apply, on the row: the mask is what decides
    proposal = parse_proposal(ACTION_TABLE)
    texts = [s.text for s in proposal.sentences]
    embedder = HashEmbedder()
    vecs = np.asarray(embedder.embed_passages(texts))
    usable = np.ones(len(texts), dtype=bool)
    unmarked = judge_pitfall("test", 0.0, SWITCH_OFF, [], TextVectors(embedder, ANSWERS), vecs, texts, usable)
    assert unmarked.applies and texts[unmarked.trigger].startswith("Switch off the old order line")


def test_prose_carrying_the_fact_is_quoted_before_a_row_carrying_it() -> None:
    text = ACTION_TABLE + "\nThe old order line will be switched off once the web shop runs.\n"
    verdict, texts = judge(text)
    assert verdict.applies
    assert texts[verdict.trigger] == "The old order line will be switched off once the web shop runs."
    factual = SWITCH_OFF.model_copy(update={"applies_when": Trigger(facts_any=["date"]), "evidence_fact": "date"})
    proposal = parse_proposal(text)
    row = next(i for i, s in enumerate(proposal.sentences) if s.row and "1 May" in s.text)
    prose = len(proposal.sentences)  # a dated sentence in prose, added below
    dated = text + "We go live on 1 May.\n"
    facts = [Fact(type="date", value="1 May", sentence=row), Fact(type="date", value="1 May", sentence=prose)]
    verdict, texts = judge(dated, factual, facts)
    assert texts[verdict.trigger] == "We go live on 1 May."
    only_row, texts = judge(text, factual, facts[:1])
    assert only_row.trigger == row  # no prose carries the date: the row is the best quote there is


def test_a_sentence_named_not_the_situation_does_not_make_it_apply() -> None:
    peak = SWITCH_OFF.model_copy(
        update={"applies_when": Trigger(cues=["monday"], not_where=["on hold"]), "id": "test.peak_load"}
    )
    phone, _ = judge("# Booking page\n\nOn Monday morning six callers are on hold at the front desk.\n", peak)
    assert not phone.applies  # the queue on the phone is the old state the new page relieves
    web, _ = judge("# Booking page\n\nOn Monday morning most customers book online at once.\n", peak)
    assert web.applies
