"""Commitment quality: sentence accuracy on the labelled set, and stage accuracy on the dev cases.

Why a script: the stage patterns once scored 1.0 on the cases they were tuned on and 0.3 on new
proposals. This prints dev and held-out figures side by side so a change that only fits the dev
split shows. Held-out eval cases (`evals/cases/heldout/`) are never read here.

    .venv/bin/python -m evals.commitment_eval [--by-signal] [--errors dev|heldout] [--cases DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agents.lenses.commitment_signals import SignalReader, default_reader
from agents.nodes.commitment import classify_commitment
from agents.nodes.read import parse_proposal
from evals.cases import load_cases
from evals.commitment_set import PROPOSALS, LabelledSentence, Split, accuracy, load_sentences, load_stage_proposals

CASES = Path(__file__).resolve().parent / "cases"
LABELS = ("committed", "exploring", "neutral")


def dev_cases_dir(root: Path = CASES) -> Path:
    """The development cases: `cases/dev/` when the set has been split that way, else `cases/` itself."""
    return root / "dev" if (root / "dev").is_dir() else root


def sentence_figures(items: list[LabelledSentence], reader: SignalReader) -> dict[str, tuple[float | None, int]]:
    """Accuracy and count overall, per language, per label and per signal kind (`signal:<kind>`)."""
    pairs: list[tuple[LabelledSentence, str]] = [(s, reader.read(s.text).label) for s in items]
    groups: dict[str, list[tuple[LabelledSentence, str]]] = {"all": pairs}
    for s, predicted in pairs:
        groups.setdefault(s.language, []).append((s, predicted))
        groups.setdefault(s.label, []).append((s, predicted))
        groups.setdefault(f"signal:{s.signal}", []).append((s, predicted))
    return {name: (accuracy(group), len(group)) for name, group in groups.items()}


def stage_accuracy(cases_dir: Path, reader: SignalReader) -> tuple[float, list[str]]:
    """Share of development cases whose stage is read right, and the ids of the ones read wrong.

    Only the dev split: held-out cases are scored by `gapreview eval`, never while tuning here."""
    cases = load_cases(cases_dir, split="dev")
    wrong = [c.id for c in cases if classify_commitment(parse_proposal(c.text), reader).stage != c.stage]
    return 1 - len(wrong) / len(cases), wrong


def proposal_stage_accuracy(folder: Path, reader: SignalReader) -> tuple[float, int, list[str]]:
    """(accuracy, count, ids read wrong) on proposals written for the stage (`commitment/proposals/`)."""
    items = load_stage_proposals(folder)
    wrong = [
        label.id for label, text in items if classify_commitment(parse_proposal(text), reader).stage != label.stage
    ]
    return 1 - len(wrong) / len(items), len(items), wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev", "heldout"], help="also list the sentences read wrong")
    parser.add_argument("--by-signal", action="store_true", help="also break accuracy down by signal kind")
    parser.add_argument("--cases", type=Path, default=dev_cases_dir(), help="labelled cases for stage accuracy")
    args = parser.parse_args(argv)
    if "heldout" in args.cases.parts:
        print("refusing to score held-out cases here: they must stay unseen while tuning", file=sys.stderr)
        return 2
    reader = default_reader()
    sentences = load_sentences()
    splits: tuple[Split, ...] = ("dev", "heldout")
    figures = {split: sentence_figures(sentences.split(split), reader) for split in splits}
    print(f"{'sentences':<28}" + "".join(f"{split:>18}" for split in splits))
    groups = ["all", "en", "nl", *LABELS]
    if args.by_signal:
        groups += sorted({f"signal:{s.signal}" for s in sentences.sentences})
    for group in groups:
        cells = []
        for split in splits:
            value, n = figures[split].get(group, (None, 0))
            cells.append(f"{'-' if value is None else f'{value:.3f}'} (n={n})".rjust(18))
        print(f"{group:<28}" + "".join(cells))
    stage, wrong = stage_accuracy(args.cases, reader)
    print(
        f"stage accuracy on {args.cases.name}/ cases: {stage:.3f}" + (f" (wrong: {', '.join(wrong)})" if wrong else "")
    )
    for split in splits:
        if (PROPOSALS / split).is_dir():
            value, n, missed = proposal_stage_accuracy(PROPOSALS / split, reader)
            shown = f" (wrong: {', '.join(missed)})" if missed and split == "dev" else ""
            print(f"stage accuracy on {split} written proposals: {value:.3f} (n={n}){shown}")
    if args.errors:
        for s in sentences.split(args.errors):
            signal = reader.read(s.text)
            if signal.label != s.label:
                print(f"  {s.language} want {s.label} ({s.signal}), read {signal.label} ({signal.kind}): {s.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
