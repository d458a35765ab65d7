"""The learning dip is answered where the memo plans help on the floor, a staged start or a way back.

Both blind labellers called the dip question generic on s15, s35, s40, s53 and s59: each memo had planned the
first days (six weeks of on-site support and flexpool cover, depot champions and a paper fallback, superusers on
the floor in go-live week, floor-walkers on the unit). Where the memo says the capacity is short and no extra staff
come (s11, specific to both), the question stays open.
"""

from __future__ import annotations

import pytest

from agents.judge.analysis import analyse_proposal, default_library
from agents.judge.pitfalls import Judgement
from agents.lenses.library import Library
from agents.nodes.read import parse_proposal
from knowledge.embeddings import Embedder

DIP = "process_org_change.productivity_dip"
START = (
    "# New way of working on the ward\n\n"
    "From Monday 3 March all nurses record feeds in the new scanning app instead of the paper log.\n\n"
    "The start date is fixed with the ward managers and every shift has been told.\n\n"
)
KIND = next(a for a in default_library().archetypes if a.id == "process_org_change")


def dip(text: str, e5: Embedder) -> Judgement:
    proposal = parse_proposal(text)
    vectors = e5.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, e5, Library(version=1, archetypes=[]), [KIND])
    return next(j for j in analysis.judgements if isinstance(j, Judgement) and j.pitfall.id == DIP)


@pytest.mark.parametrize(
    "plan",
    [
        "Floor-walkers from the Digital Nursing Team are on the unit from 08:00 to 20:00 in the first week.",
        "Four superusers work alongside each shift during go-live week.",
        "Our depot champions ran the trial and help the drivers on the day.",
        "Bij de livegang zijn er zes weken extra ondersteuning op locatie en inval via de flexpool.",
        "If scanning fails, the ward follows the downtime procedure with handwritten labels.",
    ],
)
def test_help_on_the_floor_or_a_way_back_answers_the_dip(plan: str, e5: Embedder) -> None:
    assert dip(START, e5).open
    judged = dip(START + plan + "\n", e5)
    assert judged.applies and not judged.open, plan


def test_capacity_said_to_be_short_leaves_the_dip_open(e5: Embedder) -> None:
    short = START + "Capacity is already short on busy days and no extra staff are planned for the start.\n"
    assert dip(short, e5).open
