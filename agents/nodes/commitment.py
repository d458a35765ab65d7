"""commitment: is the decision still being explored, or already committed?

The seed's core point: once budget, contract or date are out, alignment is corrective. The
stage is read from explicit signals in the text and quoted, so a human can check it.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from langgraph.runtime import Runtime

from agents.schemas import Commitment
from agents.state import Proposal, ReviewContext, ReviewState

MAX_SIGNALS = 5


class SignalPatterns:
    """Compiled commitment, hedge and exploring patterns from the data file."""

    def __init__(self, data: dict[str, list[str]]) -> None:
        self.committed = [re.compile(rf"\b{p}\b", re.IGNORECASE) for p in data["committed"]]
        self.hedges = [re.compile(rf"\b{p}\b", re.IGNORECASE) for p in data["hedges"]]
        self.exploring = [re.compile(rf"\b{p}\b", re.IGNORECASE) for p in data["exploring"]]


@lru_cache(maxsize=1)
def load_patterns() -> SignalPatterns:
    raw = resources.files("agents.lenses").joinpath("commitment.yaml").read_text(encoding="utf-8")
    return SignalPatterns(yaml.safe_load(raw))


def commitment(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    result = classify_commitment(state["proposal"], load_patterns())
    return {"commitment": result, "timings": {"commitment": time.perf_counter() - started}}


def classify_commitment(proposal: Proposal, patterns: SignalPatterns) -> Commitment:
    """Committed when any unhedged commitment signal is present; quotes are whole sentences."""
    committed: list[str] = []
    exploring: list[str] = []
    for sentence in proposal.sentences:
        text = sentence.text
        if any(p.search(text) for p in patterns.committed):
            hedged = any(p.search(text) for p in patterns.hedges)
            (exploring if hedged else committed).append(text)
        elif any(p.search(text) for p in patterns.exploring):
            exploring.append(text)
    if committed:
        return Commitment(stage="committed", signals=_unique(committed)[:MAX_SIGNALS])
    return Commitment(stage="exploring", signals=_unique(exploring)[:MAX_SIGNALS])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
