"""done_definitions: what the proposal counts as done, what each side would, and where they differ.

Each of the proposal's criteria is classified as delivery, adoption/outcome, financial or
stability/support (agents/lenses/done_rules.py). IT judges by delivery and stability/support, the
business by adoption/outcome and money; a proposal whose criteria measure only one side gets a
`done_divergence` finding naming what the other side will judge, quoting the criterion. A proposal
that covers both sides gets none: nothing is listed to fill the list. Each side's own statements
come from the decision archetypes' `done` texts, filled only with typed facts.
"""

from __future__ import annotations

import re
import time
from typing import Any

import numpy as np
from langgraph.runtime import Runtime

from agents.facts import is_field_line
from agents.judge.analysis import default_library
from agents.judge.vectors import TextVectors
from agents.lenses.done_rules import (
    CriterionClass,
    CriterionClassifier,
    DivergenceCase,
    DoneRules,
    Side,
    default_done_rules,
    word_stems,
)
from agents.lenses.library import Fact, Library, Texts, fill
from agents.schemas import Commitment, DoneDefinitions, Finding, ProposalEvidence
from agents.state import Proposal, ReviewContext, ReviewState

MAX_CRITERIA = 6
MIN_QUOTE_WORDS = 4
MARKUP = re.compile(r"[*_`]+")


def done_definitions(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = state["proposal"]
    rules = default_done_rules()
    vectors = state["sentence_vectors"]
    embedder = runtime.context.embedder
    indices = criteria_indices(proposal, rules)
    prototypes = CriterionClassifier.prototypes(rules)
    classifier = CriterionClassifier(rules, TextVectors(embedder, prototypes).matrix(prototypes))
    kinds = [classifier.classify_all(proposal.sentences[i].text, vectors[i]) for i in indices]
    criteria = [proposal.sentences[i].text for i in indices]
    archetypes = list(state.get("archetypes") or [])
    facts: list[Fact] = list(state.get("facts") or [])
    library = default_library() if archetypes else None
    definitions = DoneDefinitions(
        proposal=criteria,
        it=side_statements("it", archetypes, facts, proposal.language, library, rules),
        business=side_statements("business", archetypes, facts, proposal.language, library, rules),
    )
    stage = (state.get("commitment") or Commitment()).stage
    goal = None
    if not criteria and (stage == "committed" or asks_decision(proposal, rules)):
        goal_vectors = TextVectors(embedder, rules.goal_prototypes).matrix(rules.goal_prototypes)
        goal = goal_sentence(proposal, vectors, goal_vectors, rules)
    judged = judged_statements(archetypes, facts, proposal, library, indices, vectors, embedder, rules)
    finding = divergence_finding(proposal, criteria, kinds, rules, stage, goal, judged)
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
    """Replace the builtin side views with the synthesis model's; keep the builtin ones if it fails."""
    from agents.nodes.llm_done import llm_done_views
    from core.errors import ModelError

    try:
        views = llm_done_views(proposal, criteria, client)
    except ModelError as exc:
        return definitions, [f"done definitions: model failed, builtin wording kept ({exc})"]
    return definitions.model_copy(update={"it": views.it, "business": views.business}), []


def is_metadata(text: str, rules: DoneRules) -> bool:
    """A header field such as "Status: draft" or "Van: ...", or the memo's wrapping (a greeting, a
    sign-off, a version stamp: `agents.facts.is_field_line`): never a criterion, never quoted."""
    label = MARKUP.sub("", text).split(":", 1)
    return (len(label) == 2 and label[0].strip().lower() in rules.metadata_labels) or is_field_line(text)


def introduces_list(text: str) -> bool:
    """ "Measured at the end of the first two weeks:" opens the criteria; it is not one itself."""
    return MARKUP.sub("", text).rstrip().endswith(":")


def criteria_indices(proposal: Proposal, rules: DoneRules) -> list[int]:
    """Sentences under a success/done heading; else those that state a measurable criterion."""
    heading = word_stems(rules.criteria_headings)
    names = {_heading_name(n) for n in rules.criteria_heading_names}
    cue = word_stems(rules.criteria_cues)
    under: list[int] = []
    cued: list[int] = []
    for i, sentence in enumerate(proposal.sentences):
        if is_metadata(sentence.text, rules) or introduces_list(sentence.text):
            continue
        if sentence.section and (
            (heading and heading.search(sentence.section)) or _heading_name(sentence.section) in names
        ):
            under.append(i)
        elif cue and cue.search(sentence.text):
            cued.append(i)
    return (under or cued)[:MAX_CRITERIA]


def _heading_name(section: str) -> str:
    return MARKUP.sub("", section).strip().rstrip(":?").strip().lower()


def goal_sentence(proposal: Proposal, vectors: np.ndarray, goals: np.ndarray, rules: DoneRules) -> str | None:
    """The sentence that best says what the proposal will do: quoted when no criterion is stated.
    None when no sentence could carry it (only header lines, greetings and sign-offs)."""
    candidates = [
        i
        for i, s in enumerate(proposal.sentences)
        if not is_metadata(s.text, rules) and len(s.text.split()) >= MIN_QUOTE_WORDS
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda i: float((goals @ vectors[i]).max()))
    return proposal.sentences[best].text


def asks_decision(proposal: Proposal, rules: DoneRules) -> bool:
    """Whether some sentence (not a header line) asks for a decision or approval."""
    cue = word_stems(rules.decision_cues)
    return cue is not None and any(cue.search(s.text) for s in proposal.sentences if not is_metadata(s.text, rules))


def divergence_finding(
    proposal: Proposal,
    criteria: list[str],
    kinds: list[list[CriterionClass]],
    rules: DoneRules,
    stage: str,
    goal: str | None,
    judged: dict[Side, str] | None = None,
) -> Finding | None:
    """None when the criteria measure both sides; else the finding naming what is not measured.

    `kinds` holds each criterion's kinds, closest first. The quote is the criterion that shows what
    the proposal does measure (the first one; all measure the same side when there is a finding).
    `judged` maps a side to what that side will judge for this proposal's kind of decision: when
    the unmeasured side has one, the title and detail name it, so the finding says what is missing
    instead of only that something is.
    """
    flat = [k for ks in kinds for k in ks]
    sides = {rules.classes[k].side for k in flat}
    case: DivergenceCase
    if not criteria:
        if goal is None:  # nothing decided or asked, or no sentence states the goal: no finding
            return None
        case, quote = "missing", goal
    elif {"it", "business"} <= sides:
        return None
    else:
        case = "lacks_both" if sides <= {"none"} else ("lacks_it" if "it" not in sides else "lacks_business")
        quote = criteria[0]
    spec = rules.divergence[case]
    language = proposal.language
    measured = _joined([rules.classes[k].name.get(language) for k in dict.fromkeys(flat)], language)
    title = spec.title.get(language).replace("{measured}", measured)
    detail = spec.detail.get(language)
    lacking: Side | None = {"lacks_it": "it", "lacks_business": "business"}.get(case)  # type: ignore[assignment]
    if lacking and judged and lacking in judged and spec.title_judged is not None:
        statement = judged[lacking].rstrip(".")
        title = spec.title_judged.get(language).replace("{measured}", measured).replace("{judged}", statement)
        if spec.detail_judged is not None:
            detail = spec.detail_judged.get(language).replace("{measured}", measured).replace("{judged}", statement)
    return Finding(
        id=f"done-{case.replace('_', '-')}",
        kind="done_divergence",
        perspective=spec.perspective,
        title=title,
        detail=detail,
        severity=spec.severity,
        evidence=[ProposalEvidence(quote=quote)],
        origin="done",
        concern=f"done.{case}",
        importance=spec.importance["committed" if stage == "committed" else "exploring"],
    )


def side_statements(
    side: Side,
    archetypes: list[str],
    facts: list[Fact],
    language: str,
    library: Library | None,
    rules: DoneRules,
) -> list[str]:
    """What `side` counts as done for these archetypes, filled with typed facts; fallback otherwise.

    A statement whose slot has no fact of the slot's type is skipped, never filled with a guess.
    """
    texts: list[Texts] = []
    if library is not None:
        by_id = {a.id: a for a in library.archetypes}
        for archetype_id in archetypes:
            archetype = by_id.get(archetype_id)
            if archetype is not None:
                texts += archetype.done.get(side, [])
    statements = _filled(texts, facts, language)
    if not statements:
        for alternatives in rules.fallback.get(side, []):
            statements += _filled(alternatives, facts, language)[:1]
    return list(dict.fromkeys(statements))[: rules.max_statements]


def judged_statements(
    archetypes: list[str],
    facts: list[Fact],
    proposal: Proposal,
    library: Library | None,
    criteria: list[int],
    vectors: np.ndarray,
    embedder: Any,
    rules: DoneRules,
) -> dict[Side, str]:
    """Per side, the recognised archetypes' done statement that is most about this proposal: what
    that side will judge, for this kind of decision, that the criteria leave unmeasured.

    "Most about this proposal" is meaning, not shared words, and relative: e5 similarities are
    compressed (related and unrelated texts both score around 0.8) and some statements are near
    every text. A statement's lift is its best similarity to a sentence outside the criteria minus
    its mean similarity to those sentences: a statement about this proposal peaks on one sentence,
    one for another situation of the same kind ("every team finds its files on Monday" for a server
    only trading partners use) is flat, and loses to the one that peaks. A statement clearly closer
    to a criterion than to the rest (by `rules.measured_margin`) is already measured and is skipped.
    Filled only with typed facts.
    """
    if library is None or not criteria:
        return {}
    rest = [i for i, s in enumerate(proposal.sentences) if i not in criteria and not is_metadata(s.text, rules)]
    if not rest:
        return {}
    by_id = {a.id: a for a in library.archetypes}
    judged: dict[Side, str] = {}
    for side in ("it", "business"):
        statements = list(
            dict.fromkeys(
                s
                for archetype_id in archetypes
                if (archetype := by_id.get(archetype_id)) is not None
                for s in _filled(archetype.done.get(side, []), facts, proposal.language)
            )
        )
        if not statements:
            continue
        sims = TextVectors(embedder, statements).matrix(statements) @ vectors.T
        about, measured = sims[:, rest].max(axis=1), sims[:, criteria].max(axis=1)
        lift = np.where(measured > about + rules.measured_margin, -1.0, about - sims[:, rest].mean(axis=1))
        if lift.max() >= 0:
            judged[side] = statements[int(np.argmax(lift))]
    return judged


def _filled(texts: list[Texts], facts: list[Fact], language: str) -> list[str]:
    filled = (fill(t.get(language), facts) for t in texts)
    return [s for s in filled if s]


def _joined(names: list[str], language: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    last = " en " if language == "nl" else " and "
    return ", ".join(names[:-1]) + last + names[-1]
