"""done_definitions: what the proposal counts as done, what each side would, and where they differ.

IT tends to mean "delivered to spec and stable", the business "people can work without friction".
A criterion that measures only one of the two is raised as a `done_divergence` finding.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from langgraph.runtime import Runtime

from agents.lenses.catalog import load_vocabulary, stem_pattern
from agents.lenses.tailor import fill, proposal_slots
from agents.schemas import DoneDefinitions, Finding, ProposalEvidence
from agents.state import Proposal, ReviewContext, ReviewState

MAX_CRITERIA = 6


@lru_cache(maxsize=1)
def load_done_rules() -> dict[str, Any]:
    raw = resources.files("agents.lenses").joinpath("done.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(raw))


def done_definitions(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = state["proposal"]
    rules = load_done_rules()
    vectors = state["sentence_vectors"]
    indices = criteria_indices(proposal, rules)
    prototypes = runtime.context.embedder.embed_queries(rules["delivery"] + rules["experience"])
    n_delivery = len(rules["delivery"])
    cues = (stem_pattern(tuple(rules["delivery_cues"])), stem_pattern(tuple(rules["experience_cues"])))
    kinds = [
        classify(vectors[i], prototypes[:n_delivery], prototypes[n_delivery:], bias)
        for i in indices
        for bias in [cue_bias(proposal.sentences[i].text, cues, rules)]
    ]
    criteria = [proposal.sentences[i].text for i in indices]
    definitions, finding = compare(proposal, criteria, kinds, rules)
    warnings: list[str] = []
    if (llm := runtime.context.llm_for("synthesis")) is not None:
        definitions, warnings = with_model_views(definitions, proposal, criteria, llm)
    return {
        "done_definitions": definitions,
        "findings": [finding] if finding else [],
        "warnings": warnings,
        "timings": {"done_definitions": time.perf_counter() - started},
    }


def with_model_views(
    definitions: DoneDefinitions, proposal: Proposal, criteria: list[str], client: Any
) -> tuple[DoneDefinitions, list[str]]:
    """Replace the templated side views with the synthesis model's; keep the templates if it fails."""
    from agents.nodes.llm_done import llm_done_views
    from core.errors import ModelError

    try:
        views = llm_done_views(proposal, criteria, client)
    except ModelError as exc:
        return definitions, [f"done definitions: model failed, builtin wording kept ({exc})"]
    return definitions.model_copy(update={"it": views.it, "business": views.business}), []


def criteria_indices(proposal: Proposal, rules: dict[str, Any]) -> list[int]:
    """Sentences under a success/done heading, or that state a measurable criterion."""
    heading = stem_pattern(tuple(rules["criteria_headings"]))
    cue = stem_pattern(tuple(rules["criteria_cues"]))
    found = []
    for i, sentence in enumerate(proposal.sentences):
        under_heading = bool(heading and sentence.section and heading.search(sentence.section))
        if under_heading or (cue and cue.search(sentence.text)):
            found.append(i)
    under = [i for i in found if heading and heading.search(proposal.sentences[i].section or "")]
    return (under or found)[:MAX_CRITERIA]


def cue_bias(text: str, cues: tuple[re.Pattern[str] | None, re.Pattern[str] | None], rules: dict[str, Any]) -> float:
    """Positive when the criterion's words speak of delivery, negative when of people's work."""
    delivery, experience = (len(p.findall(text)) if p else 0 for p in cues)
    return float(rules["cue_weight"]) * (delivery - experience)


def classify(vector: np.ndarray, delivery: np.ndarray, experience: np.ndarray, bias: float = 0.0) -> str:
    """'delivery' or 'experience': whichever description the criterion is closer to, nudged by cues."""
    closer_to_delivery = float((delivery @ vector).max()) + bias >= float((experience @ vector).max())
    return "delivery" if closer_to_delivery else "experience"


def compare(
    proposal: Proposal, criteria: list[str], kinds: list[str], rules: dict[str, Any]
) -> tuple[DoneDefinitions, Finding | None]:
    vocab = load_vocabulary()
    language = proposal.language if proposal.language in rules["it_done"] else "en"
    slots = proposal_slots(proposal, vocab)
    definitions = DoneDefinitions(
        proposal=criteria,
        it=[fill(t, slots, language, vocab) for t in rules["it_done"][language]],
        business=[fill(t, slots, language, vocab) for t in rules["business_done"][language]],
    )
    if not criteria:
        case, quote = "missing", proposal.sentences[0].text
    elif all(k == "delivery" for k in kinds):
        case, quote = "delivery_only", criteria[0]
    elif all(k == "experience" for k in kinds):
        case, quote = "experience_only", criteria[0]
    else:
        case, quote = "mixed", criteria[0]
    spec = rules["divergence"][case]
    title, detail = (fill(t, slots, language, vocab) for t in spec.get(language, spec["en"]))
    finding = Finding(
        id=f"done-{case.replace('_', '-')}",
        kind="done_divergence",
        perspective=spec["perspective"],
        title=title,
        detail=detail,
        severity=spec["severity"],
        evidence=[ProposalEvidence(quote=quote)],
        origin="done",
        concern=f"done.{case}",
    )
    return definitions, finding
