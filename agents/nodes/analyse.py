"""analyse: judge the pre-mortem library against the proposal once, before the two sides fan out.

Both perspective branches need the same judgements (which pitfalls apply, which the proposal
already answers); computing them in a node of their own writes them to state once, instead of
each branch racing to fill a shared cache. The judgements also become the report's coverage map, where
an open concern that will not be listed says why (agents/judge/findings.py, mark_held_back).

Extra archetypes (an organisation's own rules file, which always applies) come from the settings.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.judge.analysis import analyse_proposal
from agents.judge.findings import mark_held_back
from agents.lenses import track_record
from agents.lenses.library import Archetype
from agents.lenses.rules import rules_archetype
from agents.state import ReviewContext, ReviewState


def analyse(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    ctx = runtime.context
    analysis = analyse_proposal(
        state["proposal"],
        state["sentence_vectors"],
        ctx.embedder,
        extra=organisation_rules(ctx.settings),
        kind_model=ctx.settings.kind_model,
    )
    return {
        "facts": analysis.facts,
        "archetypes": analysis.archetypes,
        "judgements": analysis.judgements,
        "coverage": mark_held_back(
            analysis.coverage,
            analysis.judgements,
            track_record.load_track_record(ctx.settings.track_record) if ctx.llm is None else None,
        ),
        "timings": {"analyse": time.perf_counter() - started},
    }


def organisation_rules(settings: Any) -> list[Archetype]:
    """The organisation's rules file (GAPREVIEW_RULES / gapreview.toml) as an always-applying archetype."""
    rules = rules_archetype(settings)
    return [rules] if rules is not None else []
