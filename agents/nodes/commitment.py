"""commitment: is the decision still being explored, or already committed?

The seed's core point: once budget, contract or date are out, alignment is corrective. Each
sentence is read for the kind of signal it carries (agents/lenses/commitment_signals.py); the stage
is committed when an unhedged committed signal exists and the stage model (agents/lenses/stage_model.py),
weighing every signal of the memo, keeps it; the signals are quoted whole so a human can check them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from langgraph.runtime import Runtime

from agents.lenses.commitment_signals import EXPLORING_KINDS, SentenceSignal, SignalReader, default_reader
from agents.lenses.stage_model import StageModel, load_stage_model, stage_features
from agents.schemas import Commitment
from agents.state import Proposal, ReviewContext, ReviewState

MAX_SIGNALS = 5
PLAN_KINDS = ("dated_declarative", "choice")
"""Committed signals that commit only a proposal that asks nothing: in one that asks for a decision, a date
or a choice is the plan proposed."""


def commitment(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    result = classify_commitment(state["proposal"], default_reader())
    return {"commitment": result, "timings": {"commitment": time.perf_counter() - started}}


@dataclass(frozen=True)
class StageReading:
    """Each sentence's signal, whether the proposal asks for a decision, the sentences that commit it by rule."""

    read: list[tuple[str, SentenceSignal]]
    asks: bool
    committed: list[str]
    told: bool = False  # addressed to everyone concerned ("To: All staff"): its dates are announced

    def features(self) -> dict[str, float]:
        return stage_features([s for _, s in self.read], self.asks, bool(self.committed))


def read_stage(proposal: Proposal, reader: SignalReader) -> StageReading:
    """The rule's reading. A dated declarative ("Go-live: 3 March") or a choice ("we chose the X7")
    commits only a proposal that asks for no decision and offers no option anywhere: in a proposal that
    asks for one, a date or a choice is the plan proposed. A question about a detail does not ask for it. A memo
    addressed to everyone concerned ("To: All staff") has told them its dates, whatever its replies ask."""
    read = [(s.text, reader.read(s.text)) for s in proposal.sentences]
    asks = any(reader.asks_for_decision(text, signal) for text, signal in read)
    told = any(s.kind == "broadcast" for _, s in read)
    committed = [t for t, s in read if s.label == "committed" and (s.kind not in PLAN_KINDS or not asks or told)]
    return StageReading(read, asks, committed, told)


def classify_commitment(
    proposal: Proposal, reader: SignalReader, stage_model: StageModel | None = None, rules_only: bool = False
) -> Commitment:
    """Committed when a sentence carries an unhedged committed signal (read_stage) and the stage model,
    weighing all the memo's signals, does not veto it; quotes are whole sentences. `stage_model`: an
    organisation's own (the one shipped otherwise); `rules_only`: the rule alone. The model does not veto a
    memo addressed to everyone concerned: the instructions and "if ..." of a go-live briefing weigh as doubt to
    it (s60's fluid-balance briefing), and all 91 judged memos so addressed were committed to both readers."""
    reading = read_stage(proposal, reader)
    committed = reading.committed
    if (
        committed
        and not rules_only
        and not reading.told
        and not (stage_model or load_stage_model()).keeps(reading.features())
    ):
        committed = []
    if committed:
        return Commitment(stage="committed", signals=_unique(committed)[:MAX_SIGNALS])
    exploring = [t for t, s in sorted(reading.read, key=_exploring_rank) if s.label == "exploring"]
    return Commitment(stage="exploring", signals=_unique(exploring)[:MAX_SIGNALS])


def _exploring_rank(item: tuple[str, SentenceSignal]) -> int:
    kind = item[1].kind
    return EXPLORING_KINDS.index(kind) if kind in EXPLORING_KINDS else len(EXPLORING_KINDS)  # strongest first


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
