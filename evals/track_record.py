"""Write `agents/lenses/track_record.yaml` from the blind judging rounds in `evals/judgements/`.

Why generated: the record is what reviewers said, so it is rebuilt from their label files, never
edited by hand; `--check` fails when the stored record no longer matches the rounds it names (a test
runs it). A round is a folder with a `key.json` written by `evals.blind export` and one or more
`labels*.csv` files with a `label` column (one per labeller). Every finding counts once per round:
its labels are averaged, so a round judged by two labellers does not weigh twice.

    python -m evals.track_record                # rebuild from every round found
    python -m evals.track_record --check        # exit 1 when the stored record is stale
    python -m evals.track_record --without 2026-11-29-timeline/s8   # leave a round out
    python -m evals.track_record --root our-rounds/ --out our-record.yaml   # an organisation's own rounds

An organisation that judges its own reviews blind (`python -m evals.blind export`, then labels) can build
its own record from those rounds and point `GAPREVIEW_TRACK_RECORD` at it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
import yaml

from agents.lenses.track_record import RECORD_FILE, TrackRecord, Verdicts
from agents.nodes.precedent_findings import PRECEDENT_PREFIX
from core.atomic_files import atomic_write_text
from core.errors import GapreviewError, InputError
from evals.blind import load_key
from evals.labels import load_labels

JUDGEMENTS = Path(__file__).with_name("judgements")
HEADER = "# Written by `python -m evals.track_record` from the rounds in judged_in; do not edit by hand.\n"

app = typer.Typer(add_completion=False, help=__doc__)


def label_files(round_dir: Path) -> list[Path]:
    """The round's per-labeller files of specific/generic/wrong labels (other judgements, such as
    whether a finding re-asks what the text answers, have files of their own and are not counted)."""
    files = []
    for path in sorted(round_dir.glob("labels*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = [h.strip().lower() for h in next(csv.reader(handle), [])]
        if "label" in header and "item_id" in header:
            files.append(path)
    return files


def find_rounds(root: Path = JUDGEMENTS) -> list[str]:
    """Every folder under root with a blind key and label files, as paths relative to root."""
    return sorted(str(k.parent.relative_to(root)) for k in root.rglob("key.json") if label_files(k.parent))


def round_verdicts(round_dir: Path) -> dict[str, Verdicts]:
    """check id -> verdicts in one round, each judged finding's labels averaged."""
    key = load_key(round_dir / "key.json")
    if any("finding_id" not in entry for entry in key.values()):
        raise InputError(f"{round_dir / 'key.json'}: a blind-judging key without finding ids")
    # a precedent finding names a record of the knowledge base the round was reviewed with ("precedent-ADR-0001"),
    # not a check of the engine: another organisation's ADR-0001 is another record, so it has no record to carry
    check_of = {
        item_id: entry["finding_id"]
        for item_id, entry in key.items()
        if not entry["finding_id"].startswith(PRECEDENT_PREFIX)
    }
    labels_of: dict[str, list[str]] = defaultdict(list)
    for path in label_files(round_dir):
        for row in load_labels(path, id_column="item_id"):
            if row.item not in key:
                raise InputError(f"{path}: item {row.item} is not in {round_dir / 'key.json'}")
            if row.item in check_of:
                labels_of[row.item].append(row.label)
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for item, labels in labels_of.items():
        for label in labels:
            counts[check_of[item]][label] += 1 / len(labels)
    return {check: Verdicts(**dict(c)) for check, c in counts.items()}


def build(rounds: list[str], root: Path = JUDGEMENTS) -> TrackRecord:
    total: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for name in rounds:
        for check, verdicts in round_verdicts(root / name).items():
            for label, value in verdicts.model_dump().items():
                total[check][label] += value
    checks = {
        check: Verdicts(**{label: round(value, 2) for label, value in c.items()}) for check, c in sorted(total.items())
    }
    return TrackRecord(judged_in=list(rounds), checks=checks)


def dump(record: TrackRecord) -> str:
    return HEADER + yaml.safe_dump(record.model_dump(), sort_keys=False, allow_unicode=True, width=110)


@app.command()
def main(
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when the stored record is stale.")] = False,
    without: Annotated[list[str] | None, typer.Option("--without", help="A round to leave out; repeat.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the record.")] = RECORD_FILE,
    root: Annotated[Path, typer.Option("--root", help="The folder of judging rounds.")] = JUDGEMENTS,
) -> None:
    try:
        if check:
            stale = _stale(out, root)
            typer.echo(stale or f"{out}: up to date")
            raise typer.Exit(1 if stale else 0)
        text, rounds = _record(root, without or [])
    except GapreviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    atomic_write_text(out, text)
    typer.echo(f"{out}: {len(yaml.safe_load(text)['checks'])} checks from {rounds} rounds")


def _record(root: Path, without: list[str]) -> tuple[str, int]:
    """The record text of every round under root but those left out, and how many rounds it counts."""
    if not root.is_dir():
        raise InputError(f"{root}: no such folder of judging rounds")
    found = find_rounds(root)
    unknown = sorted(set(without) - set(found))
    if unknown:
        raise InputError(f"no judging round {unknown[0]} under {root}")
    counted = [r for r in found if r not in set(without)]
    if not counted:
        raise InputError(f"{root}: no judging round (a folder with key.json and labels*.csv)")
    return dump(build(counted, root)), len(counted)


def _stale(out: Path, root: Path) -> str | None:
    """Why the stored record does not match the labels of the rounds it names, or None."""
    stored = out.read_text(encoding="utf-8") if out.exists() else ""
    rounds = yaml.safe_load(stored.removeprefix(HEADER) or "{}").get("judged_in", []) if stored else []
    if not rounds:
        return f"{out}: no record with its judged_in rounds; run python -m evals.track_record"
    if stored != dump(build(rounds, root)):
        return f"{out} does not match the label files of its rounds; run python -m evals.track_record"
    return None


if __name__ == "__main__":
    app()
