"""Replay the track record's bars over the judging rounds: what each rule would have listed, and how blind
reviewers judged it.

Why a replay: the bars (`agents.lenses.track_record.Bars`) decide which checks are listed, so they are
chosen on what they would have done, not on one round. In the order the rounds were judged, each round's
judged findings are filtered by the record of the rounds before it, as a user of each engine met them; a
finding the record would have held back is not counted. Leaving each round out in turn
(`--leave-one-out`) lets every other round decide instead, which uses rounds judged later too.

    python -m evals.record_bars                          # the shipped bars against the wrong-dominant rule
    python -m evals.record_bars --period 30-42 --leave-one-out

A round's place in the order is the number its folder ends in (`s30`); a round without one (the written
sets) was judged first. Every judged finding counts once, its labels averaged, whichever sets it was in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from agents.lenses.track_record import BARS, Bars, TrackRecord, Verdicts
from core.errors import GapreviewError, InputError
from evals.track_record import JUDGEMENTS, build, find_rounds, round_verdicts

RULES: dict[str, Bars] = {"shipped": BARS, "wrong-dominant only": replace(BARS, kept_margin=None)}
DEFAULT_PERIODS = ("20-29", "30-42")
ROUND_NUMBER = re.compile(r"s(\d+)$")

app = typer.Typer(add_completion=False, help=__doc__)


def round_number(name: str) -> int:
    """The round's place in the judging order: its folder's number, 0 for a round without one."""
    match = ROUND_NUMBER.search(name)
    return int(match.group(1)) if match else 0


def share(listed: Verdicts, verdict: str) -> float:
    return getattr(listed, verdict) / listed.judged if listed.judged else 0.0


def replay(
    rounds: list[str], bars: Bars, record_for: Callable[[str], TrackRecord], root: Path = JUDGEMENTS
) -> Verdicts:
    """The judged findings of `rounds` (each counts once, its labels averaged) that the record
    `record_for(round)` would not hold back under `bars`."""
    total: dict[str, float] = defaultdict(float)
    for name in rounds:
        record = record_for(name)
        for check, verdicts in round_verdicts(root / name).items():
            if not record.held_back(check, bars):
                for label, value in verdicts.model_dump().items():
                    total[label] += value
    return Verdicts(**total)


def records(all_rounds: list[str], leave_one_out: bool, root: Path = JUDGEMENTS) -> Callable[[str], TrackRecord]:
    """The record that decides on each round: built from the rounds judged before it, or from all others."""
    cache: dict[str, TrackRecord] = {}

    def record_for(name: str) -> TrackRecord:
        if name not in cache:
            if leave_one_out:
                counted = [r for r in all_rounds if r != name]
            else:
                counted = [r for r in all_rounds if round_number(r) < round_number(name)]
            cache[name] = build(counted, root)
        return cache[name]

    return record_for


def in_period(rounds: list[str], period: str) -> list[str]:
    """The rounds whose number lies in "first-last" (both included)."""
    first, _, last = period.partition("-")
    if not (first.isdigit() and last.isdigit()):
        raise InputError(f"period {period!r}: write it as first-last round numbers, e.g. 30-42")
    return [r for r in rounds if int(first) <= round_number(r) <= int(last)]


def table(periods: list[str], leave_one_out: bool, root: Path = JUDGEMENTS) -> str:
    """One line per period and rule: findings listed, and their specific and wrong shares and counts."""
    if not root.is_dir():
        raise InputError(f"{root}: no such folder of judging rounds")
    rounds = find_rounds(root)
    record_for = records(rounds, leave_one_out, root)
    lines = []
    for period in periods:
        chosen = in_period(rounds, period)
        if not chosen:
            raise InputError(f"period {period}: no judging round numbered in it under {root}")
        for rule, bars in RULES.items():
            listed = replay(chosen, bars, record_for, root)
            lines.append(
                f"s{period.replace('-', '-s')} ({len(chosen)} rounds) {rule}: {listed.judged:.0f} findings, "
                f"specific {share(listed, 'specific'):.0%} ({listed.specific:.1f}), "
                f"wrong {share(listed, 'wrong'):.0%} ({listed.wrong:.1f})"
            )
    return "\n".join(lines)


@app.command()
def main(
    period: Annotated[list[str] | None, typer.Option("--period", help="Round numbers first-last; repeat.")] = None,
    leave_one_out: Annotated[
        bool, typer.Option("--leave-one-out", help="Decide on each round by the record of all others.")
    ] = False,
    root: Annotated[Path, typer.Option("--root", help="The folder of judging rounds.")] = JUDGEMENTS,
) -> None:
    try:
        typer.echo(table(period or list(DEFAULT_PERIODS), leave_one_out, root))
    except GapreviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


if __name__ == "__main__":
    app()
