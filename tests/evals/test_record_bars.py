"""The replay of the record's bars: each round judged by the record of the rounds before it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import evals.record_bars as bars
from agents.lenses.track_record import BARS
from tests.fakes import write_round

README = Path(__file__).resolve().parents[2] / "README.md"


def _rounds(root: Path) -> None:
    """s1: a.x always wrong, b.y always specific, c.z as often specific as wrong; s2: one of each."""
    s1 = {f"c-{n:02}": check for n, check in enumerate(["a.x"] * 6 + ["b.y"] * 6 + ["c.z"] * 6, 1)}
    labels = {item: "wrong" if check == "a.x" else "specific" for item, check in s1.items() if check != "c.z"}
    labels |= {item: "specific" if n % 2 else "wrong" for n, item in enumerate(k for k, c in s1.items() if c == "c.z")}
    write_round(root, "x/s1", s1, labels)
    write_round(root, "x/s2", {"c-01": "a.x", "c-02": "b.y", "c-03": "c.z"},
                {"c-01": "wrong", "c-02": "specific", "c-03": "wrong"})  # fmt: skip


def test_each_round_is_decided_by_the_rounds_before_it(tmp_path: Path) -> None:
    _rounds(tmp_path)
    rounds = bars.find_rounds(tmp_path)
    record_for = bars.records(rounds, leave_one_out=False, root=tmp_path)
    # nothing was judged before s1, so none of its 18 findings is held back
    first = bars.replay(["x/s1"], BARS, record_for, tmp_path)
    assert (first.judged, first.specific, first.wrong) == (18, 9, 9)
    # on s2 the record of s1 holds back the check always wrong, and the shipped margin also the even one
    shipped = bars.replay(["x/s2"], BARS, record_for, tmp_path)
    assert (shipped.judged, shipped.specific, shipped.wrong) == (1, 1, 0)
    alone = bars.replay(["x/s2"], bars.RULES["wrong-dominant only"], record_for, tmp_path)
    assert (alone.judged, alone.specific, alone.wrong) == (2, 1, 1)


def test_leaving_one_out_lets_later_rounds_decide(tmp_path: Path) -> None:
    _rounds(tmp_path)
    rounds = bars.find_rounds(tmp_path)
    later = bars.replay(["x/s1"], BARS, bars.records(rounds, leave_one_out=True, root=tmp_path), tmp_path)
    assert later.judged < 18  # s2 alone already holds back the check it found wrong


def test_the_bars_shipped_are_the_ones_the_replay_of_the_stored_rounds_favours() -> None:
    """The figures the record's docstring and the README quote, recomputed from the stored rounds."""
    lines = bars.table(["20-29", "30-42"], leave_one_out=False).splitlines()
    assert lines == [
        "s20-s29 (10 rounds) shipped: 77 findings, specific 42% (32.0), wrong 21% (16.0)",
        "s20-s29 (10 rounds) wrong-dominant only: 127 findings, specific 32% (41.0), wrong 30% (38.5)",
        "s30-s42 (13 rounds) shipped: 41 findings, specific 37% (15.0), wrong 27% (11.0)",
        "s30-s42 (13 rounds) wrong-dominant only: 60 findings, specific 32% (19.5), wrong 34% (20.5)",
    ]
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "s30-s42 41 findings against 60, specific 37 % against 32 %, wrong 27 % against 34 %" in text


def test_a_period_that_is_not_two_round_numbers_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(bars.app, ["--period", "thirty"])
    assert result.exit_code == 2
    expected = "error: period 'thirty': write it as first-last round numbers, e.g. 30-42"
    assert result.output.strip().splitlines() == [expected]
    result = CliRunner().invoke(bars.app, ["--period", "90-99"])
    assert result.exit_code == 2 and "no judging round numbered in it" in result.output
