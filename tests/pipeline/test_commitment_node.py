from __future__ import annotations

import pytest

from agents.nodes.commitment import classify_commitment, load_patterns
from agents.nodes.read import parse_proposal


def stage(text: str) -> tuple[str, list[str]]:
    result = classify_commitment(parse_proposal(text), load_patterns())
    return result.stage, result.signals


@pytest.mark.parametrize(
    "sentence",
    [
        "The board approved the budget last week.",
        "We already told the sales team that it starts in April.",
        "The contract with the vendor was signed on 3 May.",
        "Het contract is getekend met HubSpot.",
        "Het budget is goedgekeurd door de directie.",
        "Het besluit is genomen in het MT van maandag.",
        "De livegang is al gecommuniceerd naar de medewerkers.",
    ],
)
def test_commitment_signals_are_detected_and_quoted(sentence: str) -> None:
    text = f"# Plan\n\nWe introduce a new tool for planning. {sentence} Feedback is welcome."
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
    ],
)
def test_hedged_or_open_language_reads_as_exploring(sentence: str) -> None:
    found_stage, _ = stage(f"# Plan\n\nWe propose a new planning tool. {sentence}")
    assert found_stage == "exploring"


def test_exploring_signals_are_quoted() -> None:
    found_stage, signals = stage("# Plan\n\nWe propose to pilot badge login in one warehouse.")
    assert found_stage == "exploring"
    assert signals == ["We propose to pilot badge login in one warehouse."]
