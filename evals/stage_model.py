"""Learn `agents/lenses/stage_model.json` from memos whose commitment stage is labelled.

Why learned: agents/lenses/stage_model.py says how the review uses it. It learns from the development
material: the memos of judging rounds s9-s25 whose stage two blind readers agreed on
(`evals/judgements/2026-11-29-track-record/sN/stage-*.csv`) and the proposals written for the stage
(`evals/commitment/proposals/dev/`). Every other labelled set is only measured on: the later rounds,
the held-out written proposals and the eval cases (development and held-out), and the model file keeps
those figures, the rule alone against the rule with the model.

    python -m evals.stage_model             # learn, print the figures, write the model
    python -m evals.stage_model --check     # only print the figures of the stored model
    python -m evals.stage_model --remeasure # keep the weights, store the figures measured now (a new round)
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from agents.lenses.commitment_signals import default_reader
from agents.lenses.stage_model import FEATURES, MODEL_FILE, StageModel, load_stage_model
from agents.nodes.commitment import classify_commitment, read_stage
from agents.nodes.read import parse_proposal
from core.atomic_files import atomic_write_text
from core.errors import GapreviewError
from evals.cases import load_cases
from evals.commitment_set import PROPOSALS, load_stage_proposals
from evals.learning import logistic_regression

ROOT = Path(__file__).parent
ROUNDS = ROOT / "judgements" / "2026-11-29-track-record"
TRAIN = tuple(f"round/s{n}" for n in range(9, 26)) + ("written/dev",)
REGULARISATION = 0.1  # C: few memos, and weights that stay small stay readable

app = typer.Typer(add_completion=False, help=__doc__)

Labelled = list[tuple[str, bool]]  # (proposal text, committed)


def labelled_sets() -> dict[str, Labelled]:
    """Every labelled set by name: judging rounds (stages both readers agreed on), written proposals, eval cases."""
    sets: dict[str, Labelled] = {}
    for folder in sorted(ROUNDS.glob("s*"), key=lambda p: int(p.name[1:])):
        readers = [_stages(folder / f"stage-{n}.csv") for n in (1, 2)]
        if not all(readers):
            continue
        agreed = {case: stage for case, stage in readers[0].items() if readers[1].get(case) == stage}
        sets[f"round/{folder.name}"] = [
            ((folder / "proposals" / f"{case}.md").read_text(encoding="utf-8"), stage == "committed")
            for case, stage in sorted(agreed.items())
        ]
    for split in ("dev", "heldout"):
        items = load_stage_proposals(PROPOSALS / split)
        sets[f"written/{split}"] = [(text, label.stage == "committed") for label, text in items]
    for case_split in ("dev", "heldout"):
        cases = load_cases(ROOT / "cases", split=case_split)
        sets[f"cases/{case_split}"] = [(c.text, c.stage == "committed") for c in cases]
    return sets


def _stages(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["case"]: row["stage"] for row in csv.DictReader(handle)}


def features(text: str) -> list[float]:
    """The memo's feature vector, in FEATURES order."""
    values = read_stage(parse_proposal(text), default_reader()).features()
    return [values[name] for name in FEATURES]


def fit(items: Labelled, trained_on: list[str]) -> StageModel:
    rows = [features(text) for text, _ in items]
    clf = logistic_regression(REGULARISATION).fit(rows, [committed for _, committed in items])
    weights = {name: round(float(w), 5) for name, w in zip(FEATURES, clf.coef_[0], strict=True)}
    return StageModel(trained_on=trained_on, memos=len(items), bias=round(float(clf.intercept_[0]), 5), weights=weights)


def right(items: Labelled, read_committed: Callable[[str], bool]) -> int:
    return sum(read_committed(text) == committed for text, committed in items)


def measure(model: StageModel, sets: dict[str, Labelled]) -> dict[str, list[int]]:
    """Per set it never learned from: [memos, right by the rule alone, right with the model]."""
    reader = default_reader()

    def stage(text: str, rules_only: bool) -> bool:
        return classify_commitment(parse_proposal(text), reader, model, rules_only).stage == "committed"

    return {
        name: [len(items), right(items, lambda t: stage(t, True)), right(items, lambda t: stage(t, False))]
        for name, items in sets.items()
        if name not in model.trained_on
    }


@app.command()
def main(
    check: Annotated[bool, typer.Option("--check", help="print the stored model's figures, write nothing")] = False,
    remeasure: Annotated[
        bool, typer.Option("--remeasure", help="keep the stored weights, measure and store its figures again")
    ] = False,
    out: Annotated[Path, typer.Option(help="where to write the model")] = MODEL_FILE,
) -> None:
    try:
        sets = labelled_sets()
        # --remeasure: a new round or a rule change moves the figures, the weights learned stay
        learn = not (check or remeasure)
        model = fit([item for name in TRAIN for item in sets[name]], list(TRAIN)) if learn else load_stage_model(out)
        if not check:
            model.heldout = measure(model, sets)
            atomic_write_text(out, model.model_dump_json(indent=1) + "\n")
            what = f"learned from {model.memos} memos of {', '.join(TRAIN)}" if learn else "its figures measured again"
            print(f"wrote {out}: {what}")
    except (GapreviewError, ValueError) as exc:  # a labelled set that does not match its texts is a ValueError
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for name, (n, rule, learned) in (model.heldout if not check else measure(model, sets)).items():
        print(f"{name:16s} {n:3d} memos: rule alone {rule / n:.3f}, with the model {learned / n:.3f}")


if __name__ == "__main__":
    app()
