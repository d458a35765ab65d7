"""commitment: is the decision still being explored, or already committed?

The seed's core point: once budget, contract or date are out, alignment is corrective. Each
sentence is read for the kind of signal it carries (agents/lenses/commitment_signals.py); the stage
is committed when an unhedged committed signal exists, and the signals are quoted whole so a human
can check them.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.lenses.commitment_signals import SentenceSignal, SignalReader, default_reader
from agents.schemas import Commitment
from agents.state import Proposal, ReviewContext, ReviewState

MAX_SIGNALS = 5
PLAN_KINDS = ("dated_declarative", "choice")
"""Committed signals that commit only a proposal that asks nothing: in one that asks for a decision, a date
or a choice is the plan proposed."""
EXPLORING_ORDER = (
    "exploring",
    "question",
    "conditional",
    "hedge",
    "bundled",
    "negation",
    "target",
    "consultation",
    "preparation",
    "weak",
)
"""Which exploring signals are quoted first: an open question says more than a negated action."""


def commitment(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    result = classify_commitment(state["proposal"], default_reader())
    return {"commitment": result, "timings": {"commitment": time.perf_counter() - started}}


def classify_commitment(proposal: Proposal, reader: SignalReader) -> Commitment:
    """Committed when a sentence carries an unhedged committed signal; quotes are whole sentences.

    A dated declarative ("Go-live: 3 March") or a choice ("we chose the X7") counts only when the
    proposal asks no question and offers no option anywhere: in a proposal that asks for a decision,
    a date or a choice is the plan proposed.
    """
    read = [(s.text, reader.read(s.text)) for s in proposal.sentences]
    asks = any(_asks_for_decision(signal) for _, signal in read)
    committed = [t for t, s in read if s.label == "committed" and (s.kind not in PLAN_KINDS or not asks)]
    if committed:
        return Commitment(stage="committed", signals=_unique(committed)[:MAX_SIGNALS])
    exploring = [t for t, s in sorted(read, key=_exploring_rank) if s.label == "exploring"]
    return Commitment(stage="exploring", signals=_unique(exploring)[:MAX_SIGNALS])


def _asks_for_decision(signal: SentenceSignal) -> bool:
    return signal.label == "exploring" and signal.kind in ("exploring", "question", "hedge", "conditional")


def _exploring_rank(item: tuple[str, SentenceSignal]) -> int:
    kind = item[1].kind
    return EXPLORING_ORDER.index(kind) if kind in EXPLORING_ORDER else len(EXPLORING_ORDER)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
