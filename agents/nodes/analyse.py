"""analyse: judge the concern catalogue against the proposal once, before the two sides fan out.

Both perspective branches need the same judgements (which concerns apply, which the proposal
already answers); computing them in a node of their own writes them to state once, instead of
each branch racing to fill a shared cache. The judgements also become the report's coverage map.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.lenses.catalog import Catalog, load_catalog, load_vocabulary
from agents.lenses.engine import ConcernJudgement, LensEngine
from agents.lenses.rules import rule_concerns, rules_archetype
from agents.schemas import CoverageItem, CoverageStatus
from agents.state import ReviewContext, ReviewState


def analyse(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    catalog = load_catalog()
    rules = rules_archetype(runtime.context.settings)
    if rules is not None:  # the organisation's rules are judged like catalogue concerns
        catalog = Catalog(version=catalog.version, concerns=[*catalog.concerns, *rule_concerns(rules)])
    engine = LensEngine(catalog, load_vocabulary(), runtime.context.embedder)
    judgements = engine.judge(state["proposal"], state["sentence_vectors"])
    return {
        "judgements": judgements,
        "coverage": coverage_map(state, judgements),
        "timings": {"analyse": time.perf_counter() - started},
    }


def coverage_map(state: ReviewState, judgements: list[ConcernJudgement]) -> list[CoverageItem]:
    """Every judged concern with its status, so a reader sees what was checked, not only what is missing."""
    sentences = state["proposal"].sentences
    items = []
    for j in judgements:
        status: CoverageStatus = "not_applicable" if not j.relevant else ("covered" if j.answered else "open")
        items.append(
            CoverageItem(
                concern=j.concern.id,
                title=j.concern.id,
                perspective=j.concern.perspective,
                status=status,
                quote=sentences[j.evidence_index].text if status != "not_applicable" else None,
                source=j.concern.source,
            )
        )
    return items
