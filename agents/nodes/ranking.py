"""The deterministic ranking policy and duplicate merge, used without a model and as its fallback.

Why apart from synthesize: the same rules serve builtin mode (the whole policy) and LLM mode when the
synthesis call fails (the model's findings lead, a lens finding only where no model finding covers
its concern). Kept pure so the policy can be tested without a graph or a model.

Duplicates are found three ways, because each misses some: the same concern id; near-identical
meaning (embedding cosine); and the same quoted sentence with overlapping title words, which catches
two model findings that repeat each other in substance but in different words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from agents.schemas import KINDS, SEVERITY_RANK, Commitment, Finding
from knowledge.embeddings import Embedder

READING_CAP = 10
DUPLICATE_SIMILARITY = 0.93  # cosine of "title. detail": near paraphrase
COVERS_SIMILARITY = 0.88  # a model finding "covers" a lens finding's concern at this similarity
SAME_QUOTE_TITLE_OVERLAP = 0.3  # same evidence sentence + this Jaccard of the titles' other words
TITLE_OVERLAP = 0.6  # Jaccard of title content words alone
ENGINE_ORIGINS = frozenset({"lens", "rule", "assumption", "done", "timeline"})
MAX_ENGINE_IN_FALLBACK = 2  # templates never fill the list when a model spoke
MAX_TEMPLATE_SHARE = 0.2  # ... and never make up more than this share of it
SEVERITY_IMPORTANCE = {"high": 0.8, "medium": 0.5, "low": 0.25}
STEM = 5
_WORD = re.compile(r"\w{4,}", re.UNICODE)


def importance_of(finding: Finding) -> float:
    """The finding's importance, or one derived from its severity when nobody scored it."""
    return finding.importance if finding.importance is not None else SEVERITY_IMPORTANCE[finding.severity]


def touches_commitment(finding: Finding, commitment: Commitment) -> bool:
    quotes = {getattr(e, "quote", "") for e in finding.evidence}
    return commitment.stage == "committed" and bool(quotes & set(commitment.signals))


def rank_key(finding: Finding, commitment: Commitment) -> tuple[float, int, int]:
    """Importance first, then severity, then gaps whose evidence touches a commitment already made."""
    return (
        -importance_of(finding),
        SEVERITY_RANK[finding.severity],
        0 if touches_commitment(finding, commitment) else 1,
    )


def rank(findings: Sequence[Finding], commitment: Commitment) -> list[Finding]:
    return sorted(findings, key=lambda f: rank_key(f, commitment))


def keep_each_kind_visible(ranked: list[Finding], cap: int = READING_CAP) -> list[Finding]:
    """Each kind of gap (questions, dependencies, 'done') keeps a place in the top `cap`."""
    head, tail = ranked[:cap], ranked[cap:]
    for kind in reversed(KINDS):
        if any(f.kind == kind for f in head):
            continue
        promoted = next((f for f in tail if f.kind == kind), None)
        if promoted is None:
            continue
        counts = {k: sum(1 for f in head if f.kind == k) for k in {f.kind for f in head}}
        demoted = next((f for f in reversed(head) if counts[f.kind] > 1), None)
        if demoted is None:
            continue
        head = [f for f in head if f is not demoted] + [promoted]
        tail = [demoted] + [f for f in tail if f is not promoted]
    return head + tail


_STOPWORD_TEXT = (
    "what which when where does will with that this from there their they them have been after before "
    "about into than then also only each every need needs should would could wie welke wanneer waar "
    "wordt worden hebben zijn voor door naar niet geen deze moet moeten kunnen heeft"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def words(text: str) -> set[str]:
    """Content-word stems: a five-letter prefix is a crude stemmer that works for English and Dutch
    alike ('export'/'exports', 'migratie'/'migration')."""
    return {w[:STEM] for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOPWORDS}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def quotes_of(finding: Finding) -> set[str]:
    return {" ".join(e.quote.split()).lower() for e in finding.evidence if e.source == "proposal"}


def same_substance(a: Finding, b: Finding) -> bool:
    """The literal test: same concern; or mostly the same title; or the same quoted sentence with
    titles that share words beyond the quote's own (both titles echo the quote's nouns, so those
    are masked: 'who supports the portal' and 'what does the portal cost' stay apart)."""
    if a.concern and a.concern == b.concern:
        return True
    title_a, title_b = words(a.title), words(b.title)
    if jaccard(title_a, title_b) >= TITLE_OVERLAP:
        return True
    qa, qb = quotes_of(a), quotes_of(b)
    shared = (qa & qb) or {x for x in qa for y in qb if min(len(x), len(y)) >= 20 and (x in y or y in x)}
    if not shared:
        return False
    quoted = set().union(*(words(q) for q in shared))
    return jaccard(title_a - quoted, title_b - quoted) >= SAME_QUOTE_TITLE_OVERLAP


def text_of(finding: Finding) -> str:
    return f"{finding.title}. {finding.detail}"


def merge_duplicates(findings: Sequence[Finding], embedder: Embedder | None) -> list[Finding]:
    """Keep the first of each group of findings that ask the same thing; the kept one lists the others
    in `merged_ids`. Order in = priority: put the findings that should survive first."""
    vectors = embedder.embed_queries([text_of(f) for f in findings]) if embedder is not None and findings else None
    kept: list[int] = []
    merged: dict[int, list[str]] = {}
    for i, finding in enumerate(findings):
        twin = next((k for k in kept if _duplicates(findings[k], finding, vectors, k, i)), None)
        if twin is None:
            kept.append(i)
            merged[i] = []
        else:
            merged[twin].append(finding.id)
    return [_with_merged(findings[i], merged[i]) for i in kept]


def _duplicates(a: Finding, b: Finding, vectors: np.ndarray | None, ia: int, ib: int) -> bool:
    if same_substance(a, b):
        return True
    return vectors is not None and float(vectors[ia] @ vectors[ib]) >= DUPLICATE_SIMILARITY


def _with_merged(finding: Finding, ids: list[str]) -> Finding:
    if not ids:
        return finding
    return finding.model_copy(update={"merged_ids": list(dict.fromkeys([*finding.merged_ids, *ids]))})


def fallback_order(
    findings: Sequence[Finding], commitment: Commitment, embedder: Embedder | None
) -> tuple[list[Finding], int]:
    """LLM mode without a synthesis answer: the model's findings first, then what they do not cover.

    A lens (or other engine) finding stays only where no model finding covers its concern, and at
    most MAX_ENGINE_IN_FALLBACK of them reach the reading list: the model's specific findings lead.
    """
    model = merge_duplicates(rank([f for f in findings if f.origin == "llm"], commitment), embedder)
    others = merge_duplicates(rank([f for f in findings if f.origin != "llm"], commitment), embedder)
    uncovered, covered = _split_covered(others, model, embedder)
    visible_room = max(0, READING_CAP - len(model))
    engine_slots = engine_slots_beside(min(len(model), READING_CAP), visible_room) if model else visible_room
    head: list[Finding] = []
    rest: list[Finding] = []
    for finding in uncovered:
        is_engine = finding.origin in ENGINE_ORIGINS
        if (is_engine and engine_slots > 0) or (not is_engine and len(head) < visible_room):
            head.append(finding)
            engine_slots -= 1 if is_engine else 0
        else:
            rest.append(finding)
    del covered  # their concern is the model's finding's: the coverage map still lists it
    visible = model[:READING_CAP] + head
    return visible + model[READING_CAP:] + rest, len(visible)


def engine_slots_beside(model_visible: int, room: int) -> int:
    """How many engine findings may join `model_visible` model findings: at most MAX_ENGINE_IN_FALLBACK
    and never more than MAX_TEMPLATE_SHARE of the list (e / (m + e) <= share  <=>  e <= m * share / (1 - share))."""
    by_share = int(model_visible * MAX_TEMPLATE_SHARE / (1 - MAX_TEMPLATE_SHARE) + 1e-9)
    return max(0, min(room, MAX_ENGINE_IN_FALLBACK, by_share))


def _split_covered(
    others: list[Finding], model: list[Finding], embedder: Embedder | None
) -> tuple[list[Finding], list[Finding]]:
    if not model:
        return others, []
    vectors = embedder.embed_queries([text_of(f) for f in model + others]) if embedder is not None else None
    uncovered: list[Finding] = []
    covered: list[Finding] = []
    for j, other in enumerate(others):
        hit = any(same_substance(m, other) for m in model)
        if not hit and vectors is not None:
            sims = vectors[: len(model)] @ vectors[len(model) + j]
            hit = float(np.max(sims)) >= COVERS_SIMILARITY
        (covered if hit else uncovered).append(other)
    return uncovered, covered


def unique_ids(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        count = seen.get(finding.id, 0)
        seen[finding.id] = count + 1
        result.append(finding if count == 0 else finding.model_copy(update={"id": f"{finding.id}-{count + 1}"}))
    return result
