"""Blind judging round trip: export sheets without origins, label them, score them with the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from eval_fakes import ZEBRA_CASE, report, write_zebra_case
from fakes import make_finding
from typer.testing import CliRunner

from evals.blind import app

CASE = ZEBRA_CASE


def write_set(folder: Path, titles: list[str], origin: str, severity: str) -> Path:
    folder.mkdir(parents=True)
    findings = [
        make_finding(t, "Zebra TC52 scanners", id=f"{origin}-{i}", origin=origin, severity=severity, detail=f"why {t}")
        for i, t in enumerate(titles)
    ]
    (folder / "zebra.json").write_text(report(findings).model_dump_json(indent=2), encoding="utf-8")
    (folder / "not-a-case.json").write_text("{}", encoding="utf-8")  # ignored: no case of that name
    return folder


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    cases = write_zebra_case(tmp_path / "heldout", CASE)
    before = write_set(tmp_path / "before", ["Who owns the scanners?", "Is security assessed?"], "lens", "high")
    after = write_set(
        tmp_path / "after", ["Wifi in the freezer aisles?", "Night repairs?", "Spare scanners?"], "llm", "low"
    )
    return cases, before, after


def test_export_then_score_round_trip(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    cases, before, after = setup
    out = tmp_path / "sheets"
    runner = CliRunner()
    exported = runner.invoke(
        app,
        ["export", "--reports", f"before={before}", "--reports", str(after), "--cases", str(cases), "--out", str(out)],
    )
    assert exported.exit_code == 0, exported.output
    key = tmp_path / "sheets-key.json"
    assert key.exists() and not list(out.glob("*key*"))  # the key is not in the labellers' folder

    sheet = (out / "zebra.md").read_text(encoding="utf-8")
    assert "freezer aisles" in sheet and "Zebra TC52 scanners for all 140 warehouse pickers" in sheet
    for hidden in ("before", "after", "lens", "llm", "high", "low", "severity", "origin"):
        assert hidden not in sheet.split("## Findings")[1], hidden
    items = re.findall(r"^### (zebra-\d\d)$", sheet, re.MULTILINE)
    assert items == [f"zebra-{i:02d}" for i in range(1, 6)]

    mapping = json.loads(key.read_text(encoding="utf-8"))["items"]
    assert sorted(v["sets"][0] for v in mapping.values()) == ["after"] * 3 + ["before"] * 2
    order = [mapping[i]["sets"][0] for i in items]
    assert order != ["before", "before", "after", "after", "after"]  # shuffled, not grouped by set

    # Label as a blind reviewer would: the 'after' findings specific, the 'before' ones generic.
    template = (out / "labels.csv").read_text(encoding="utf-8").splitlines()
    assert template[0] == "case,item_id,label" and len(template) == 6
    rows = [
        f"{line}{'specific' if mapping[line.split(',')[1]]['sets'] == ['after'] else 'generic'}"
        for line in template[1:]
    ]
    rows[0] = rows[0].rsplit(",", 1)[0] + ",wrong"  # one changed verdict
    first_set = mapping[items[0]]["sets"][0]
    labels = tmp_path / "labels.csv"
    labels.write_text("\n".join([template[0], *rows]) + "\n", encoding="utf-8")

    scored = runner.invoke(app, ["score", "--labels", str(labels), "--key", str(key)])
    assert scored.exit_code == 0, scored.output
    lines = {line.split()[0]: line.split()[1:] for line in scored.output.splitlines()[1:]}
    if first_set == "after":
        assert lines["after"] == ["3", "3", "67%", "0%", "33%"] and lines["before"] == ["2", "2", "0%", "100%", "0%"]
    else:
        assert lines["after"] == ["3", "3", "100%", "0%", "0%"] and lines["before"] == ["2", "2", "0%", "50%", "50%"]


def test_a_finding_both_sets_share_is_shown_once_and_counts_for_each(tmp_path: Path) -> None:
    cases = write_zebra_case(tmp_path / "heldout", CASE)
    before = write_set(tmp_path / "before", ["Who owns the scanners?", "Is security assessed?"], "lens", "high")
    after = write_set(tmp_path / "after", ["Who owns the scanners?"], "lens", "high")
    out = tmp_path / "sheets"
    runner = CliRunner()
    done = runner.invoke(
        app,
        [
            "export",
            "--reports",
            f"before={before}",
            "--reports",
            f"after={after}",
            "--cases",
            str(cases),
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    sheet = (out / "zebra.md").read_text(encoding="utf-8")
    assert sheet.count("**Who owns the scanners?**") == 1
    mapping = json.loads((tmp_path / "sheets-key.json").read_text(encoding="utf-8"))["items"]
    shared = next(i for i, v in mapping.items() if v["title"] == "Who owns the scanners?")
    assert mapping[shared]["sets"] == ["before", "after"]
    other = next(i for i in mapping if i != shared)
    labels = tmp_path / "labels.csv"
    labels.write_text(f"case,item_id,label\nzebra,{shared},specific\nzebra,{other},wrong\n", encoding="utf-8")
    scored = runner.invoke(app, ["score", "--labels", str(labels), "--key", str(tmp_path / "sheets-key.json")])
    lines = {line.split()[0]: line.split()[1:] for line in scored.output.splitlines()[1:]}
    assert lines["before"] == ["2", "2", "50%", "0%", "50%"] and lines["after"] == ["1", "1", "100%", "0%", "0%"]


def test_bad_inputs_are_one_line_and_exit_2(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    cases, before, _ = setup
    runner = CliRunner()
    missing = runner.invoke(app, ["export", "--reports", str(tmp_path / "nope"), "--cases", str(cases), "--out", "x"])
    assert (
        missing.exit_code == 2 and missing.output.count("\n") == 1 and "not a folder of JSON reports" in missing.output
    )
    (before / "zebra.json").write_text("{not json", encoding="utf-8")
    broken = runner.invoke(
        app, ["export", "--reports", str(before), "--cases", str(cases), "--out", str(tmp_path / "o")]
    )
    assert broken.exit_code == 2 and "zebra.json: not a gapreview JSON report" in broken.output
    key = tmp_path / "key.json"
    key.write_text("[]", encoding="utf-8")
    labels = tmp_path / "l.csv"
    labels.write_text("case,item_id,label\nzebra,zebra-01,wrong\n", encoding="utf-8")
    bad_key = runner.invoke(app, ["score", "--labels", str(labels), "--key", str(key)])
    assert bad_key.exit_code == 2 and "not a blind-judging key" in bad_key.output
