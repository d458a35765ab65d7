"""`python -m evals.anticipation` end to end through litellm against recorded answers for real records.

What issue 10 asks of LLM mode: the visible list keeps what the model's own findings anticipate of a
record's hidden consequences, with the synthesis step working and with it failing (fallback). The
records are read from the shared folder at run time; without it these tests skip.

Tolerance: one consequence statement per record (the mean of 1/counted statements). The synthesis
step merges duplicates, and a merged finding's own words leave the list with it; a merge the model
judges right in substance can still cost the word overlap of one statement. Anything beyond one
statement per record means the list drops what the model anticipated, which is the failure measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from recorded_server import RecordedAnswers, load_record_cases, serve

from agents.schemas import Finding, ProposalEvidence
from evals.anticipation import score_record
from evals.decision_records import default_records_folder, load_record

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
FOLDER = default_records_folder()
RECORDS = [
    "alphagov__forms/ADR021-use-auth0.md",
    "alphagov__forms/ADR022-use-postgresql-for-form-creation-in-form-admin.md",
]
if not FOLDER.is_dir():
    pytest.skip(f"decision records not available ({FOLDER})", allow_module_level=True)


@pytest.fixture(scope="module")
def recorded_records() -> Iterator[tuple[str, RecordedAnswers]]:
    stub, answers = serve(FOLDER)
    with stub:
        yield stub.base_url, answers


def run_anticipation(base_url: str, variant: str, home: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_LLM_RETRIES": "0", "GAPREVIEW_HOME": str(home)}
    cmd = [sys.executable, "-m", "evals.anticipation", "--records", str(FOLDER), "--json"]
    cmd += [arg for path in RECORDS for arg in ("--record", path)]
    cmd += ["--model", f"openai/{variant}", "--api-base", base_url]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def written_findings(path: str) -> list[Finding]:
    """The recorded answer's findings as plain findings: what the model wrote, before any pipeline step."""
    [case] = [c for c in load_record_cases(FOLDER).values() if c.case == path]
    gaps = [*case.it.findings, *case.business.findings]
    return [
        Finding(
            id=f"written-{i}",
            kind=g.kind,
            perspective="it",
            title=g.title,
            detail=g.detail,
            severity=g.severity,
            evidence=[ProposalEvidence(quote=g.quote)],
            origin="llm",
        )
        for i, g in enumerate(gaps)
    ]


@pytest.mark.parametrize(("variant", "path"), [("recorded", "model"), ("recorded-bad-synthesis", "fallback")])
def test_the_visible_list_keeps_what_the_models_findings_anticipate(
    recorded_records: tuple[str, RecordedAnswers], tmp_path: Path, variant: str, path: str
) -> None:
    base_url, answers = recorded_records
    result = run_anticipation(base_url, variant, tmp_path)
    records = {r["path"]: r for r in result["records"]}
    assert list(records) == RECORDS
    for record_path, record in records.items():
        # the figures come from the recorded answers, served through litellm for this record
        assert {(v, c, role) for v, c, role in answers.served if c == record_path} >= {
            (variant, record_path, role) for role in ("it", "business", "synthesis")
        }
        assert record["synthesis"] == path
        written = written_findings(record_path)
        assert record["findings"]["model_own"] == len(written)
        hidden = load_record(FOLDER, record_path)
        assert hidden is not None
        recount = score_record(hidden, {"model_own": written})
        assert record["counted"] == recount.counted > 0
        assert record["anticipated"]["model_own"] == recount.anticipated["model_own"]
        assert 0 < record["findings"]["visible"] <= 10
    average = result["average"]
    shares = {g: [records[p]["anticipated"][g] / records[p]["counted"] for p in RECORDS] for g in average}
    for group, values in shares.items():
        assert average[group]["mean_share"] == pytest.approx(mean(values), abs=1e-4)
    assert average["model_own"]["mean_share"] > 0  # the measure sees something on these records
    tolerance = mean(1 / records[p]["counted"] for p in RECORDS)
    assert average["visible"]["mean_share"] >= average["model_own"]["mean_share"] - tolerance
    assert average["visible"]["mean_share"] >= average["builtin"]["mean_share"]
