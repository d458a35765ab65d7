"""The labelled commitment sentences (`evals/commitment/sentences.yaml`), loaded and validated.

Why a set of its own: the stage patterns were once tuned on the eval cases and scored 1.0 there
while reading 3 of 10 new proposals right. Sentences written for the purpose, with a split fixed
before tuning, tell whether the signal kinds generalise; only `dev` may be looked at while tuning.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agents.lenses.commitment_signals import SentenceLabel
from agents.schemas import Stage
from core.data_files import load_yaml
from evals.cases import Split

SENTENCES = Path(__file__).resolve().parent / "commitment" / "sentences.yaml"
PROPOSALS = Path(__file__).resolve().parent / "commitment" / "proposals"
"""Whole proposals written for the stage, `dev/` (tuned on) and `heldout/` (written after the
tuning by other writers, never tuned on), each a folder of `<id>.md` and one `labels.yaml`."""

Signal = Literal[
    "irreversible_past_action",  # signed, bought, paid, approved, ordered ... (EN and NL)
    "external_commitment",  # told, announced, booked, printed, promised to people outside the project
    "dated_declarative",  # "We retire X at the end of the quarter", "Go-live: Monday 3 March"
    "fact_created",  # a trial in use, a free version already used, data already re-entered
    "exploring",  # propose, options, draft, for discussion, decision requested
    "question",  # a plan framed as a question
    "hedge",  # subject to, provisional, tentative, depending on
    "negation",  # "we have not signed"
    "conditional",  # "once approved we will book"
    "bundled",  # "already in the bundle": nothing bought for this decision
    "neutral",  # background facts
    "reported_speech",  # what a vendor or colleague says
]


class LabelledSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=3)
    language: Literal["en", "nl"]
    label: SentenceLabel
    signal: Signal
    split: Split


class SentenceSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    sentences: list[LabelledSentence] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> SentenceSet:
        seen: set[str] = set()
        for item in self.sentences:
            if item.text in seen:
                raise ValueError(f"sentence appears twice: {item.text!r}")
            seen.add(item.text)
        return self

    def split(self, name: Split) -> list[LabelledSentence]:
        return [s for s in self.sentences if s.split == name]


def load_sentences(path: Path = SENTENCES) -> SentenceSet:
    return load_yaml(path, SentenceSet)


def accuracy(items: Iterable[tuple[LabelledSentence, str]]) -> float | None:
    """Share of (sentence, predicted label) pairs that match; None for an empty selection."""
    pairs = list(items)
    if not pairs:
        return None
    return sum(1 for s, predicted in pairs if s.label == predicted) / len(pairs)


class StageLabel(BaseModel):
    """One written proposal's stage, with the sentence(s) that decide it and the trap it sets."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    language: Literal["en", "nl"]
    stage: Stage
    signal: str = Field(min_length=3)
    trap: str = ""


class StageLabels(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proposals: list[StageLabel] = Field(min_length=1)


def load_stage_proposals(folder: Path) -> list[tuple[StageLabel, str]]:
    """(label, proposal text) for every labelled proposal in `folder`; a label without its text, or a
    text without its label, is an error rather than a silently smaller set."""
    labels = load_yaml(folder / "labels.yaml", StageLabels).proposals
    texts = {p.stem: p for p in folder.glob("*.md")}
    named = {label.id for label in labels}
    if len(named) != len(labels) or named != set(texts):
        odd = sorted(named.symmetric_difference(texts)) or ["an id labelled twice"]
        raise ValueError(f"{folder}: labels and proposals differ: {', '.join(odd)}")
    return [(label, texts[label.id].read_text(encoding="utf-8")) for label in labels]
