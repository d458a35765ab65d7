"""The recorded-answer endpoint, started once per module, and a runner for the real CLI against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recorded_server import RecordedAnswers, load_cases, serve  # noqa: E402

from agents.schemas import ReviewReport  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "evals" / "cases"

Runner = Callable[..., ReviewReport]
RECORDED = load_cases()


def case_path(case: str) -> Path:
    """A case's proposal: its own path (a sample proposal), or in evals/cases or under heldout/."""
    recorded = RECORDED.get(case)
    if recorded is not None and recorded.proposal:
        return REPO / recorded.proposal
    [path] = CASES.rglob(f"{case}.md")
    return path


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[str, RecordedAnswers]]:
    stub, answers = serve()
    with stub:
        yield stub.base_url, answers


@pytest.fixture(scope="module")
def review_case(recorded: tuple[str, RecordedAnswers], tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """`gapreview review evals/cases/<case>.md --model openai/<variant> --api-base ...` in a new process.

    Each (case, variant, format) runs once per module: several tests read the same review.
    """
    base_url, _ = recorded
    tmp_path = tmp_path_factory.mktemp("recorded-cli")
    cache: dict[tuple[str, str, str], ReviewReport | str] = {}
    homes: dict[str, Path] = {}

    def knowledge_home(folder: str) -> Path:
        """A data directory whose knowledge base holds `folder`'s records (built once per module)."""
        if folder not in homes:
            home = tmp_path_factory.mktemp("recorded-kb")
            env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_HOME": str(home)}
            cmd = [sys.executable, "-m", "app.cli", "kb", "add", str(REPO / folder)]
            done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr[-2000:]
            homes[folder] = home
        return homes[folder]

    def run(case: str, variant: str = "recorded", fmt: str = "json") -> ReviewReport | str:
        if (case, variant, fmt) not in cache:
            cache[(case, variant, fmt)] = _run(case, variant, fmt)
        return cache[(case, variant, fmt)]

    def _run(case: str, variant: str, fmt: str) -> ReviewReport | str:
        env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_LLM_RETRIES": "0"}
        knowledge = RECORDED[case].knowledge if case in RECORDED else None
        if knowledge:
            env["GAPREVIEW_HOME"] = str(knowledge_home(knowledge))
        cmd = [
            sys.executable,
            "-m",
            "app.cli",
            "review",
            str(case_path(case)),
            *([] if knowledge else ["--no-kb"]),
            "--format",
            fmt,
            "--model",
            f"openai/{variant}",
            "--api-base",
            base_url,
        ]
        done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        if fmt != "json":
            return done.stdout
        return ReviewReport.model_validate(json.loads(done.stdout))

    return run
