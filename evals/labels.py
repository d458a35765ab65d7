"""People's own judgements of findings (specific | generic | wrong), read from a CSV file.

Why: an automatic judge is a proxy; a team that labels its own findings has the better measure,
so human labels merge into the same tables as the judge's and win over them. The file is strict
(one clear error naming the line) because a silently skipped row changes a precision figure.

Columns: `case`, an id column (`finding_id` for `gapreview eval --labels`, `item_id` for the
blind sheets of `evals.blind`), `label`; optional `reviewer` (empty = every reviewer's finding
with that id on that case). A row with an empty label is an item not labelled yet and is skipped;
any other value outside specific | generic | wrong is an error.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast, get_args

from core.errors import InputError

if TYPE_CHECKING:
    from evals.scoring import CaseScore

Label = Literal["specific", "generic", "wrong"]
LABEL_VALUES: tuple[str, ...] = get_args(Label)
HUMAN = "human"


class LabelsError(InputError):
    """A labels file cannot be used; the message names the file, line and problem."""


@dataclass(frozen=True)
class HumanLabel:
    case: str
    item: str
    label: Label
    reviewer: str | None = None


def parse_label(value: str) -> Label | None:
    """The label in canonical form, or None when it is not one of LABEL_VALUES."""
    cleaned = value.strip().lower()
    for label in get_args(Label):
        if cleaned == label:
            return cast(Label, label)
    return None


def load_labels(path: Path, id_column: str = "finding_id") -> list[HumanLabel]:
    """Read and validate a labels CSV; any problem is a LabelsError naming file and line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read labels file ({exc})") from exc
    except csv.Error as exc:
        raise LabelsError(f"{path}: not a valid CSV file ({exc})") from exc
    if not rows:
        raise LabelsError(f"{path}: empty labels file (expected columns case,{id_column},label)")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("case", id_column, "label") if c not in header]
    if missing:
        raise LabelsError(f"{path}:1: missing column(s) {', '.join(missing)} (expected case,{id_column},label)")
    at = {name: header.index(name) for name in header}
    labels: list[HumanLabel] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise LabelsError(f"{path}:{number}: {len(row)} fields, the header has {len(header)}")
        case, item, raw = (row[at[c]].strip() for c in ("case", id_column, "label"))
        reviewer = row[at["reviewer"]].strip() or None if "reviewer" in at else None
        if not case or not item:
            raise LabelsError(f"{path}:{number}: case and {id_column} must not be empty")
        if not raw:
            continue
        label = parse_label(raw)
        if label is None:
            raise LabelsError(f"{path}:{number}: label {raw!r} is not one of {', '.join(LABEL_VALUES)}")
        key = (case, item, reviewer)
        if key in seen:
            raise LabelsError(f"{path}:{number}: {case}/{item} is labelled twice (also on line {seen[key]})")
        seen[key] = number
        labels.append(HumanLabel(case, item, label, reviewer))
    if not labels:
        raise LabelsError(f"{path}: no labels in the file (every label cell is empty)")
    return labels


def merge_labels(scores: Iterable[CaseScore], labels: Sequence[HumanLabel]) -> int:
    """Put human labels on the scored findings (every run), over any judge label.

    Returns how many label rows matched no finding, so the caller can say so.
    """
    by_case: dict[str, list[CaseScore]] = {}
    for score in scores:
        by_case.setdefault(score.case_id, []).append(score)
    unmatched = 0
    for item in labels:
        hit = False
        for score in by_case.get(item.case, []):
            if item.reviewer is not None and item.reviewer != score.reviewer:
                continue
            score.judged = True
            if item.item in score.finding_ids:
                score.labels[item.item] = item.label
                score.label_sources[item.item] = HUMAN
                hit = True
        unmatched += not hit
    return unmatched
