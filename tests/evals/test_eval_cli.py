"""`gapreview eval` via CliRunner: fake embedder and reviewers, GAPREVIEW_HOME in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from eval_fakes import PROPOSAL, WordEmbedder, finding, report
from typer.testing import CliRunner

import evals.cli as eval_cli
from agents.schemas import ReviewReport
from app import batch_cli
from app import eval_cli as eval_command
from core.settings import Settings
from evals.runner import Reviewer

CASE = """id: zebra
language: en
origin: business
stage: committed
expected:
  - kind: hidden_dependency
    perspective: it
    gap: "scanner wifi coverage in the freezer aisles"
answered: []
"""


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
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "zebra.yaml").write_text(CASE, encoding="utf-8")
    (folder / "zebra.md").write_text(PROPOSAL, encoding="utf-8")
    return folder


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
