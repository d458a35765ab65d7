"""Done-criterion kinds: accuracy of the four-way classifier on its own labelled criteria.

Why: the old two-way split called "first response time under 8 hours" a delivery criterion. The
criteria in `evals/commitment/done_criteria.yaml` were written for this purpose with a split fixed
before measuring; the prototypes and cues in `agents/lenses/done.yaml` may be tuned on `dev` only.

    .venv/bin/python -m evals.done_eval [--errors dev|heldout]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.lenses.done_rules import CriterionClass, CriterionClassifier, DoneRules, default_done_rules
from core.data_files import load_yaml
from evals.cases import Split
from knowledge.embeddings import Embedder

CRITERIA = Path(__file__).resolve().parent / "commitment" / "done_criteria.yaml"


class LabelledCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=3)
    language: Literal["en", "nl"]
    kind: CriterionClass
    split: Split


class CriterionSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    criteria: list[LabelledCriterion] = Field(min_length=1)

    def split(self, name: Split) -> list[LabelledCriterion]:
        return [c for c in self.criteria if c.split == name]


def load_criteria(path: Path = CRITERIA) -> CriterionSet:
    return load_yaml(path, CriterionSet)


def predict(items: list[LabelledCriterion], embedder: Embedder, rules: DoneRules) -> list[CriterionClass]:
    classifier = CriterionClassifier(rules, embedder.embed_queries(CriterionClassifier.prototypes(rules)))
    vectors = embedder.embed_passages([c.text for c in items])
    return [classifier.classify(c.text, v) for c, v in zip(items, vectors, strict=True)]


def figures(items: list[LabelledCriterion], predicted: list[CriterionClass]) -> dict[str, tuple[float, int]]:
    """Accuracy and count overall, per language and per kind."""
    groups: dict[str, list[bool]] = {}
    for item, guess in zip(items, predicted, strict=True):
        for name in ("all", item.language, item.kind):
            groups.setdefault(name, []).append(item.kind == guess)
    return {name: (sum(hits) / len(hits), len(hits)) for name, hits in groups.items()}


def main(argv: list[str] | None = None) -> int:
    from agents.review import default_embedder
    from core.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev", "heldout"], help="also list the criteria read wrong")
    args = parser.parse_args(argv)
    embedder = default_embedder(Settings())
    rules = default_done_rules()
    data = load_criteria()
    print(f"{'criteria':<18}{'dev':>16}{'heldout':>16}")
    results = {}
    for split in ("dev", "heldout"):
        items = data.split(split)
        guesses = predict(items, embedder, rules)
        results[split] = figures(items, guesses)
        if args.errors == split:
            for item, guess in zip(items, guesses, strict=True):
                if guess != item.kind:
                    print(f"  {item.language} want {item.kind}, read {guess}: {item.text}")
    for group in ("all", "en", "nl", "delivery", "adoption_outcome", "financial", "stability_support"):
        cells = [f"{results[s][group][0]:.3f} (n={results[s][group][1]})".rjust(16) for s in ("dev", "heldout")]
        print(f"{group:<18}" + "".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
