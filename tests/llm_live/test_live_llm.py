"""The LLM path against a real local model server (opt-in: pytest -m llm; needs the local-llm extra).

The 270M model is there to prove the plumbing, not the quality: it may answer nonsense, so the
tests accept either a parsed answer or a clean ModelError, but insist that real calls were made,
tokens were counted, and nothing ungrounded reaches a finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from live_server import LocalServer
from pydantic import BaseModel, Field
from servers import free_port

from agents.llm import LLMClient
from agents.nodes.llm_views import llm_perspective
from agents.schemas import Finding, Precedent
from agents.state import Proposal
from core.errors import ModelError
from core.settings import Settings

pytestmark = pytest.mark.llm

PROPOSAL = """# Self-service leave portal

From 1 April all leave requests go through the new HR portal instead of paper forms.
Team leads approve requests in the portal; payroll reads the approved days every night.
The vendor hosts the portal and we already signed a two-year contract.
Success: 90% of requests submitted online within two months.
"""


class Verdict(BaseModel):
    summary: str = Field(max_length=400)
    risk: str


def live_settings(api_base: str, tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path,
        model="openai/gemma",
        api_base=api_base,
        llm_timeout_s=120,
        llm_retries=1,
        max_llm_calls=6,
        max_llm_tokens=40_000,
    )


def test_structured_call_parses_or_fails_cleanly(llm_server: LocalServer, tmp_path: Path) -> None:
    client = LLMClient(live_settings(llm_server.api_base, tmp_path))
    messages = [
        {"role": "system", "content": "You review proposals. Reply in JSON."},
        {"role": "user", "content": f"Summarise the main risk of this plan:\n{PROPOSAL}"},
    ]
    try:
        verdict = client.structured("it", messages, Verdict)
    except ModelError as exc:
        assert "sk-" not in str(exc)
    else:
        assert isinstance(verdict, Verdict)
    assert client.usage.calls >= 1
    assert client.usage.prompt_tokens > 0 and client.usage.completion_tokens > 0, llm_server.log_tail()


class Recording:
    """Passes calls to the real client and keeps the parsed answer, so the test can count what was dropped."""

    def __init__(self, client: LLMClient) -> None:
        self.client, self.usage, self.warnings = client, client.usage, client.warnings
        self.answers: list[Any] = []

    def structured(self, role: str, messages: list[dict[str, Any]], schema: type[Any]) -> Any:
        answer = self.client.structured(role, messages, schema)
        self.answers.append(answer)
        return answer


def test_perspective_findings_quote_the_proposal_verbatim(llm_server: LocalServer, tmp_path: Path) -> None:
    client = LLMClient(live_settings(llm_server.api_base, tmp_path))
    recording = Recording(client)
    precedents = [
        Precedent(
            decision_id="ADR-3",
            title="Vendor-hosted HR data needs a DPA",
            source="kb",
            score=0.6,
            quote="Any vendor hosting personnel data signs a DPA first.",
        )
    ]
    proposal = Proposal(text=PROPOSAL, title="Self-service leave portal")
    try:
        findings, dropped = llm_perspective("it", proposal, [], precedents, recording)
    except ModelError as exc:
        assert client.usage.calls >= 1 and client.usage.prompt_tokens > 0, llm_server.log_tail()
        pytest.skip(f"grounding not exercised: the local model gave no valid answer ({exc})")
    [answer] = recording.answers
    assert client.usage.calls >= 1 and client.usage.prompt_tokens > 0
    assert len(findings) + dropped <= len(answer.findings)  # every gap is kept, dropped or a repeat
    assert bool(answer.findings) == bool(findings or dropped)
    for finding in findings:
        assert isinstance(finding, Finding) and finding.origin == "llm" and finding.evidence
        for item in finding.evidence:
            if item.source == "proposal":
                assert item.quote in PROPOSAL
            else:
                assert item.decision_id == "ADR-3"
    print(f"live: {len(answer.findings)} gaps, {len(findings)} findings kept, {dropped} dropped, usage {client.usage}")


def test_unreachable_server_gives_model_error_without_secrets(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    client = LLMClient(live_settings(dead, tmp_path), sleep=lambda _: None)
    with pytest.raises(ModelError, match="Connection error|APIConnectionError") as info:
        client.structured("it", [{"role": "user", "content": "hi"}], Verdict)
    assert "sk-local-no-key" not in str(info.value)
    assert client.usage.calls == 2 and client.usage.completion_tokens == 0  # 1 try + 1 retry
