"""Fixtures for the LLM unit tests: settings pointing at a fake, never at the network."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_fakes import SECRET
from pydantic import SecretStr

from core.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path,
        model="openai/test",
        api_base="http://127.0.0.1:9/v1",
        api_key=SecretStr(SECRET),
        llm_retries=2,
        llm_timeout_s=7.0,
        max_llm_calls=12,
        max_llm_tokens=60_000,
    )
