"""`gapreview eval` via CliRunner: fake embedder and reviewers, GAPREVIEW_HOME in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from eval_fakes import ZEBRA_CASE, WordEmbedder, finding, report, write_zebra_case
from judge_fakes import ScriptedJudge
from typer.testing import CliRunner

import evals.cli as eval_cli
from agents.schemas import ReviewReport
from app import batch_cli
from app import eval_cli as eval_command
from core.settings import Settings
from evals.runner import Reviewer

CASE = ZEBRA_CASE + "answered: []\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("GAPREVIEW_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(eval_cli, "make_embedder", lambda settings: WordEmbedder())

    def make_reviewer(settings: Settings, model: str, embedder: object) -> Reviewer:
        def review(text: str) -> ReviewReport:
            if model == "good":
                return report([finding("scanner wifi coverage in the freezer aisles")])
            return report([finding("unrelated budget question")])

        return Reviewer(model, review)

    monkeypatch.setattr(eval_cli, "make_reviewer", make_reviewer)
    app = typer.Typer()
    batch_cli.register(app)  # two commands, so `eval` is a subcommand as on the real app
    eval_command.register(app)
    return app


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    return write_zebra_case(tmp_path / "cases", CASE)


def _run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", *args])
    return result.exit_code, result.output


def test_compares_reviewers_and_passes_the_gate(cli: typer.Typer, cases: Path, tmp_path: Path) -> None:
    code, output = _run(
        cli,
        str(cases),
        "-m",
        "good",
        "-m",
        "weak",
        "--runs",
        "2",
        "--threshold",
        "0.75",
        "--out",
        str(tmp_path / "out"),
        "--min-recall",
        "0",
    )
    assert code == 0, output
    assert "good" in output and "weak" in output and "checklist" in output
    latest = json.loads((tmp_path / "home" / "evals" / "latest.json").read_text(encoding="utf-8"))
    assert latest["reviewers"]["good"]["recall"]["mean"] == 1.0
    assert latest["reviewers"]["weak"]["recall"]["mean"] == 0.0
    assert latest["config"]["threshold"] == 0.75 and latest["config"]["runs"] == 2
    assert (tmp_path / "out" / "charts" / "recall.png").exists()


def test_min_recall_failure_sets_exit_code_1(cli: typer.Typer, cases: Path) -> None:
    code, output = _run(cli, str(cases), "-m", "weak", "--threshold", "0.75", "--min-recall", "0.5")
    assert code == 1
    assert "threshold: weak: recall 0.000 is below the minimum 0.5" in output


def test_bad_case_file_is_exit_2_naming_the_file(cli: typer.Typer, cases: Path) -> None:
    (cases / "zebra.yaml").write_text(CASE.replace("hidden_dependency", "hunch"), encoding="utf-8")
    code, output = _run(cli, str(cases), "-m", "good")
    assert code == 2
    assert output.startswith("error: ") and "zebra.yaml" in output and "expected.0.kind" in output


PORTAL = "# Customer portal\n\nWe open a self-service portal for our 2,000 webshop customers in September.\n"
PORTAL_CASE = """id: portal
language: en
origin: business
stage: exploring
expected:
  - kind: unasked_question
    perspective: business
    gap: "who answers customers when the portal is down"
"""


@pytest.fixture
def split_cases(cases: Path) -> Path:
    """The zebra case in the dev split, a portal case in a heldout subfolder."""
    heldout = cases / "heldout"
    heldout.mkdir()
    (heldout / "portal.yaml").write_text(PORTAL_CASE, encoding="utf-8")
    (heldout / "portal.md").write_text(PORTAL, encoding="utf-8")
    return cases


def _latest(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((tmp_path / "home" / "evals" / "latest.json").read_text(encoding="utf-8"))


def test_every_metric_is_reported_per_split_and_overall(cli: typer.Typer, split_cases: Path, tmp_path: Path) -> None:
    code, output = _run(cli, str(split_cases), "-m", "good", "--threshold", "0.75")
    assert code == 0, output
    assert "development split" in output and "held-out split" in output and "all cases" in output
    latest = _latest(tmp_path)
    assert set(latest["splits"]) == {"dev", "heldout", "overall"}
    assert latest["splits"]["dev"]["good"]["recall"]["mean"] == 1.0  # the wifi gap on zebra
    assert latest["splits"]["heldout"]["good"]["recall"]["mean"] == 0.0
    assert latest["splits"]["overall"]["good"]["recall"]["mean"] == 0.5
    for metric in ("template_share", "evidence_support", "findings_max", "stage_accuracy", "grounding"):
        assert latest["splits"]["heldout"]["good"][metric]["mean"] is not None
    assert latest["config"]["split_sizes"] == {"dev": 1, "heldout": 1}
    assert {c["case_id"]: c["split"] for c in latest["cases"]} == {"zebra": "dev", "portal": "heldout"}


def test_split_option_restricts_the_cases(cli: typer.Typer, split_cases: Path, tmp_path: Path) -> None:
    code, output = _run(cli, str(split_cases), "-m", "good", "--split", "heldout", "--threshold", "0.75")
    assert code == 0, output
    assert "held-out split" in output and "development split" not in output
    assert _latest(tmp_path)["config"]["case_ids"] == ["portal"]
    code, output = _run(cli, str(split_cases), "--split", "test")
    assert code == 2


def test_the_judge_and_human_labels_fill_the_same_table(
    cli: typer.Typer, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judge = ScriptedJudge()
    monkeypatch.setattr(eval_cli, "make_judge_client", lambda settings, model: judge.factory(settings))
    labels = tmp_path / "labels.csv"
    labels.write_text("case,finding_id,label,reviewer\nzebra,unrelate,generic,weak\n", encoding="utf-8")

    code, output = _run(
        cli, str(cases), "-m", "good", "-m", "weak", "--judge-model", "openai/judge", "--labels", str(labels)
    )

    assert code == 0, output
    assert "specific_rate" in output and "judge: " in output and "dropped 0 invalid labels" in output
    reviewers = _latest(tmp_path)["reviewers"]
    assert reviewers["good"]["specific_rate"]["mean"] == 1.0
    assert reviewers["weak"]["wrong_rate"]["mean"] == 0.0  # the judge said wrong, the team said generic
    assert reviewers["weak"]["generic_rate"]["mean"] == 1.0
    assert reviewers["checklist"]["specific_rate"]["mean"] == 1.0  # the fake judge likes every checklist line
    assert len(judge.prompts) == 1


def test_a_malformed_labels_file_is_one_line_and_exit_2(cli: typer.Typer, cases: Path, tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("case,finding_id,label\nzebra,unrelate,maybe\n", encoding="utf-8")
    code, output = _run(cli, str(cases), "-m", "good", "--labels", str(labels))
    assert code == 2
    assert output.strip().splitlines() == [f"error: {labels}:2: label 'maybe' is not one of specific, generic, wrong"]


def test_runs_report_the_spread(cli: typer.Typer, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}

    def make_reviewer(settings: Settings, model: str, embedder: object) -> Reviewer:
        def review(text: str) -> ReviewReport:
            calls["n"] += 1
            return report([finding(f"extra point {i}") for i in range(calls["n"])])

        return Reviewer(model, review)

    monkeypatch.setattr(eval_cli, "make_reviewer", make_reviewer)
    code, output = _run(cli, str(cases), "-m", "flaky", "--runs", "3", "--max-findings", "2")
    assert code == 1
    assert "threshold: flaky: findings_max 3.000 is above the maximum 2.0" in output
    assert "[1/2/3]" in output
    stat = _latest(tmp_path)["reviewers"]["flaky"]["findings_per_case"]
    assert (stat["min"], stat["median"], stat["max"], stat["n"]) == (1, 2, 3, 3)
