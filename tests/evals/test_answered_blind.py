"""The blind answered-concern check: export hides origins and shows the answered concerns; score
counts, per report set, the answered concerns some finding re-raises (follow-ups do not count)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from eval_fakes import ZEBRA_CASE, report, write_zebra_case
from fakes import make_finding
from typer.testing import CliRunner

from evals.answered_blind import app

CASE = ZEBRA_CASE + 'answered:\n  - "Who pays for the scanners"\n  - "When the swap happens"\n'


def write_set(folder: Path, titles: list[str], origin: str) -> Path:
    folder.mkdir(parents=True)
    findings = [make_finding(t, "Zebra TC52 scanners", id=f"{origin}-{i}", origin=origin) for i, t in enumerate(titles)]
    (folder / "zebra.json").write_text(report(findings).model_dump_json(indent=2), encoding="utf-8")
    return folder


def export(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    cases = write_zebra_case(tmp_path / "cases", CASE)
    shared = "Who pays for the scanners?"
    model = write_set(tmp_path / "model", [shared, "Is there time to fix what the trial swap finds?"], "llm")
    lens = write_set(tmp_path / "lens", [shared, "When is the swap?"], "lens")
    out = tmp_path / "sheets"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--reports",
            f"model={model}",
            "--reports",
            f"lens={lens}",
            "--cases",
            str(cases),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    sheet = (out / "zebra.md").read_text(encoding="utf-8")
    titles = {}
    for block in sheet.split("### ")[1:]:
        item_id, _, rest = block.partition("\n")
        titles[rest.split("**")[1]] = item_id.strip()
    return out, cases, titles


def test_export_shows_answered_concerns_and_each_title_once_without_origin(tmp_path: Path) -> None:
    out, _, titles = export(tmp_path)
    sheet = (out / "zebra.md").read_text(encoding="utf-8")
    assert "- A1: Who pays for the scanners" in sheet and "- A2: When the swap happens" in sheet
    assert len(titles) == 3  # the title both sets share is shown once
    assert "llm" not in sheet and "lens" not in sheet and "model" not in sheet
    key = json.loads((tmp_path / "sheets-key.json").read_text(encoding="utf-8"))
    assert sorted(key["items"][titles["Who pays for the scanners?"]]["sets"]) == ["lens", "model"]


def test_score_counts_re_raised_concerns_per_set_and_not_follow_ups(tmp_path: Path) -> None:
    out, cases, titles = export(tmp_path)
    verdicts = {
        titles["Who pays for the scanners?"]: "A1",
        titles["Is there time to fix what the trial swap finds?"]: "follow-up",
        titles["When is the swap?"]: "A2",
    }
    with (out / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "item_id", "raises", "reason"])
        writer.writerows(["zebra", item, verdict, "why"] for item, verdict in verdicts.items())
    key = tmp_path / "sheets-key.json"
    result = CliRunner().invoke(
        app, ["score", "--labels", str(out / "labels.csv"), "--key", str(key), "--cases", str(cases)]
    )
    assert result.exit_code == 0, result.output
    assert "model: 1 of 2 answered concerns re-raised (0.500)" in result.output
    assert "lens: 2 of 2 answered concerns re-raised (1.000)" in result.output


def test_an_unlabelled_item_or_unknown_verdict_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out, cases, titles = export(tmp_path)
    key = tmp_path / "sheets-key.json"
    first = next(iter(titles.values()))
    (out / "labels.csv").write_text(f"case,item_id,raises\nzebra,{first},A1\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["score", "--labels", str(out / "labels.csv"), "--key", str(key), "--cases", str(cases)]
    )
    assert result.exit_code == 2 and "2 items have no label" in result.output
    rows = "".join(f"zebra,{item},maybe\n" for item in titles.values())
    (out / "labels.csv").write_text("case,item_id,raises\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["score", "--labels", str(out / "labels.csv"), "--key", str(key), "--cases", str(cases)]
    )
    assert result.exit_code == 2 and "unknown item or verdict" in result.output and "Traceback" not in result.output


def test_export_that_matches_no_case_is_one_line_and_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    cases = write_zebra_case(tmp_path / "cases", CASE)
    other = tmp_path / "other"
    other.mkdir()
    (other / "not-a-case.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "sheets"
    result = CliRunner().invoke(app, ["export", "--reports", f"x={other}", "--cases", str(cases), "--out", str(out)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "no report matches a case with answered concerns" in result.output
    assert not out.exists() and not (tmp_path / "sheets-key.json").exists()
