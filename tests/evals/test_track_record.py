"""The track record is rebuilt from the blind judging rounds' label files, never edited by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import evals.track_record as track
from agents.lenses.track_record import RECORD_FILE, TrackRecord
from core.errors import InputError
from tests.fakes import write_round


def test_each_finding_counts_once_with_its_labellers_averaged(tmp_path: Path) -> None:
    write_round(tmp_path, "r1", {"c-01": "a.x", "c-02": "a.x", "c-03": "b.y"},
                {"c-01": "wrong", "c-02": "wrong", "c-03": "specific"},
                {"c-01": "generic", "c-02": "wrong", "c-03": "specific"})  # fmt: skip
    write_round(tmp_path, "r2", {"c-01": "a.x"}, {"c-01": "specific"})
    built = track.build(track.find_rounds(tmp_path), tmp_path)
    assert built.judged_in == ["r1", "r2"]
    assert built.checks["a.x"].model_dump() == {"specific": 1.0, "generic": 0.5, "wrong": 1.5}
    assert built.checks["b.y"].judged == 1.0
    assert track.build(["r2"], tmp_path).checks.keys() == {"a.x"}


def test_other_judgements_are_not_counted_and_an_unknown_item_is_an_error(tmp_path: Path) -> None:
    write_round(tmp_path, "r1", {"c-01": "a.x"}, {"c-01": "wrong"})
    (tmp_path / "r1" / "labels-answered.csv").write_text("case,item_id,raises\nc,c-01,yes\n", encoding="utf-8")
    assert track.build(["r1"], tmp_path).checks["a.x"].wrong == 1.0
    (tmp_path / "r1" / "labels-9.csv").write_text("case,item_id,label\nc,c-77,wrong\n", encoding="utf-8")
    with pytest.raises(InputError, match="c-77"):
        track.build(["r1"], tmp_path)


def test_a_precedent_finding_names_a_knowledge_base_record_not_a_check_and_is_not_counted(tmp_path: Path) -> None:
    """s58 was reviewed with the sample knowledge base: its "Builds on ADR-0001" findings, wrong to both labellers,
    would otherwise hold back every organisation's own ADR-0001."""
    write_round(tmp_path, "r1", {"c-01": "precedent-ADR-0001", "c-02": "a.x"}, {"c-01": "wrong", "c-02": "wrong"})
    assert track.build(["r1"], tmp_path).checks.keys() == {"a.x"}


def test_the_shipped_record_is_what_its_rounds_labels_say() -> None:
    shipped = TrackRecord.model_validate(
        __import__("yaml").safe_load(RECORD_FILE.read_text(encoding="utf-8").removeprefix(track.HEADER))
    )
    assert RECORD_FILE.read_text(encoding="utf-8") == track.dump(track.build(shipped.judged_in))
    assert set(shipped.judged_in) <= set(track.find_rounds())


def test_the_cli_checks_freshness_and_names_an_unknown_round_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(track.app, ["--check"]).exit_code == 0
    stale = tmp_path / "record.yaml"
    stale.write_text(RECORD_FILE.read_text(encoding="utf-8").replace("wrong: ", "wrong: 1", 1), encoding="utf-8")
    result = runner.invoke(track.app, ["--check", "--out", str(stale)])
    assert result.exit_code == 1 and "does not match" in result.output
    bad = runner.invoke(track.app, ["--without", "no-such-round", "--out", str(tmp_path / "x.yaml")])
    assert bad.exit_code == 2 and "no judging round no-such-round" in bad.output
    assert not (tmp_path / "x.yaml").exists()


def test_an_organisation_builds_its_own_record_from_its_own_rounds(tmp_path: Path) -> None:
    rounds = tmp_path / "our-rounds"
    write_round(rounds, "2027-01", {"c-01": "a.x", "c-02": "b.y"}, {"c-01": "wrong", "c-02": "specific"})
    out = tmp_path / "our-record.yaml"
    runner = CliRunner()
    made = runner.invoke(track.app, ["--root", str(rounds), "--out", str(out)])
    assert made.exit_code == 0 and "2 checks from 1 rounds" in made.output
    record = TrackRecord.model_validate(__import__("yaml").safe_load(out.read_text(encoding="utf-8")))
    assert record.judged_in == ["2027-01"] and record.checks["a.x"].wrong == 1.0
    assert runner.invoke(track.app, ["--check", "--root", str(rounds), "--out", str(out)]).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    none = runner.invoke(track.app, ["--root", str(empty), "--out", str(tmp_path / "none.yaml")])
    assert none.exit_code == 2 and "no judging round" in none.output and not (tmp_path / "none.yaml").exists()
