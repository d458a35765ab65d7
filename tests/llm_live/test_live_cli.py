"""`gapreview review` end to end against a real local model server, including losing it mid-review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from live_server import KillSwitchProxy, LocalServer

from agents.schemas import ProposalEvidence, ReviewReport

pytestmark = pytest.mark.llm

PROPOSAL = """# Self-service leave portal

From 1 April all leave requests go through the new HR portal instead of paper forms.
Team leads approve requests in the portal; payroll reads the approved days every night.
The vendor hosts the portal and we already signed a two-year contract.
Warehouse staff without a company laptop will use the kiosk in the canteen.
Success: 90% of requests submitted online within two months.
"""
# The 270M base model sometimes runs to the 1,500-token cap under the JSON grammar: 150-200 s a call, and the
# client retries it. The same review of PROPOSAL took 62 s in one run and over 600 s in two (2026-11-30, identical
# builtin report), so the bound leaves room for that; the review itself never hangs (each call has its timeout).
CLI_TIMEOUT_S = 1500


def cli_command(proposal: Path, api_base: str) -> list[str]:
    gapreview = Path(sys.executable).parent / "gapreview"  # the installed console script
    return [
        str(gapreview),
        "review",
        str(proposal),
        "--format",
        "json",
        "--model",
        "openai/gemma",
        "--api-base",
        api_base,
    ]


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAPREVIEW_")}
    env.update({"GAPREVIEW_HOME": str(home), "GAPREVIEW_LLM_TIMEOUT_S": "180", **extra})
    return env


def check_report(stdout: str) -> ReviewReport:
    """The report is valid against the contract and every proposal quote is verbatim."""
    report = ReviewReport.model_validate(json.loads(stdout))
    for finding in report.findings + report.appendix:
        for item in finding.evidence:
            if isinstance(item, ProposalEvidence):
                assert item.quote in PROPOSAL, (finding.id, item.quote)
    return report


@pytest.fixture
def proposal_file(tmp_path: Path) -> Path:
    path = tmp_path / "leave-portal.md"
    path.write_text(PROPOSAL, encoding="utf-8")
    return path


@pytest.mark.timeout(CLI_TIMEOUT_S + 300)
def test_review_runs_the_llm_path(llm_server: LocalServer, proposal_file: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        cli_command(proposal_file, llm_server.api_base),
        capture_output=True,
        text=True,
        env=cli_env(tmp_path / "home"),
        timeout=CLI_TIMEOUT_S,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = check_report(done.stdout)
    meta = report.meta
    assert meta.mode == "llm" and meta.llm_calls > 0
    assert meta.prompt_tokens > 0 and meta.completion_tokens > 0
    # the path itself must work: a perspective may fall back only because the 270M base model wrote
    # unusable JSON (said in the report), never because a call could not be made or was mis-sent
    fell_back = [w for w in meta.warnings if "perspective: model failed" in w]
    assert all("invalid output after" in w for w in fell_back), meta.warnings
    assert meta.synthesis in ("model", "fallback")
    assert report.findings + report.appendix
    print(
        f"live cli: {len(report.findings)} findings ({sum(f.origin == 'llm' for f in report.findings)} "
        f"from the model), dropped {meta.dropped_findings}, calls {meta.llm_calls}, "
        f"tokens {meta.prompt_tokens}+{meta.completion_tokens}, synthesis {meta.synthesis}, "
        f"{len(report.exchanges)} exchanges"
    )


@pytest.mark.timeout(2 * CLI_TIMEOUT_S + 300)
def test_server_killed_mid_review_falls_back_to_builtin(
    server_factory: Any, proposal_file: Path, tmp_path: Path
) -> None:
    server: LocalServer = server_factory()
    proxy = KillSwitchProxy(int(server.api_base.rsplit(":", 1)[1].split("/")[0]))
    env = cli_env(tmp_path / "home", GAPREVIEW_LLM_RETRIES="1")
    command = cli_command(proposal_file, f"http://127.0.0.1:{proxy.port}/v1")
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        assert proxy.first_request.wait(timeout=CLI_TIMEOUT_S), "the review never called the model"
        server.process.kill()
        stdout, stderr = process.communicate(timeout=CLI_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
        proxy.close()
    assert process.returncode == 0, stderr[-3000:]
    report = check_report(stdout)
    assert any("model failed" in w for w in report.meta.warnings), report.meta.warnings
    kept = report.findings + report.appendix  # builtin done divergences sit in the appendix
    assert kept and all(f.origin != "llm" for f in kept)  # the builtin findings stand
    assert "sk-local-no-key" not in stdout + stderr
    assert "Traceback" not in stderr
    print(f"live kill: {len(report.findings)} builtin findings, warnings {report.meta.warnings}")
