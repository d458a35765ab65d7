"""The organisation's own rules: validated with clear errors, judged like catalogue pitfalls, shown
in the coverage map with source "rules", versioned in every report and in the batch fingerprint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.lenses.rules import RULES_ARCHETYPE_ID, load_rules, rules_archetype
from agents.review import build_context, run_review
from app.batch import settings_fingerprint
from core.errors import ConfigError
from core.settings import Settings
from knowledge.embeddings import CachedEmbedder

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "samples" / "rules" / "example-rules.yaml"
PROPOSAL = REPO / "samples" / "proposals" / "2fa-warehouse.md"
BROKEN = """version: "1"
rules:
  - id: arch.x
    perspective: it
    kind: unasked_question
    severity: urgent
    applies_when: {cues: [saas]}
    answered_when: {meaning: ["reviewed"]}
    question: {en: "Reviewed?"}
    why: {en: "Because."}
"""


def test_example_rules_load_as_an_always_applying_archetype(tmp_path: Path) -> None:
    rules = load_rules(EXAMPLE)
    assert rules.version == "2026.1" and len(rules.rules) >= 5
    assert {r.source for r in rules.rules} == {"rules"}
    assert any(r.question.nl for r in rules.rules)  # English and Dutch
    archetype = rules_archetype(Settings(home=tmp_path, rules=EXAMPLE))
    assert archetype is not None and archetype.id == RULES_ARCHETYPE_ID
    assert [p.id for p in archetype.pitfalls] == [r.id for r in rules.rules]
    assert rules_archetype(Settings(home=tmp_path)) is None


def test_broken_rules_name_the_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BROKEN)
    with pytest.raises(ConfigError, match=r"rules\.yaml:6: rules\.0\.severity"):
        load_rules(path)
    valid = BROKEN.replace("urgent", "high")
    path.write_text(valid + valid.split("rules:\n")[1])  # the same rule twice
    with pytest.raises(ConfigError, match="appears twice"):
        load_rules(path)


@pytest.mark.parametrize("command", ["review", "batch"])
def test_cli_refuses_a_broken_rules_file_with_one_line(command: str, tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BROKEN)
    args = [str(PROPOSAL)] if command == "review" else [str(PROPOSAL.parent), "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(REPO), "GAPREVIEW_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", command, *args, "--rules", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "rules.yaml:6: rules.0.severity" in lines[0], done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


@pytest.mark.integration
def test_rules_add_findings_coverage_and_version(settings: Settings, e5: CachedEmbedder) -> None:
    text = PROPOSAL.read_text(encoding="utf-8")
    plain = run_review(text, settings, context=build_context(settings, embedder=e5))
    ruled_settings = settings.model_copy(update={"rules": EXAMPLE})
    ruled = run_review(text, ruled_settings, context=build_context(ruled_settings, embedder=e5))

    assert plain.meta.rules_version is None and not [c for c in plain.coverage if c.source == "rules"]
    assert ruled.meta.rules_version == "2026.1"
    coverage = {c.concern: c for c in ruled.coverage if c.source == "rules"}
    assert set(coverage) == {r.id for r in load_rules(EXAMPLE).rules}
    # the proposal plans warehouse changes and never mentions the peak-season freeze
    assert coverage["or.peak_season_changes"].status == "open"
    # ... and it does say sign-in goes through Entra ID with MFA
    assert coverage["sec.sso_and_mfa"].status == "covered"
    rule_findings = [f for f in ruled.findings + ruled.appendix if f.origin == "rule"]
    assert "or.peak_season_changes" in {f.concern for f in rule_findings}
    assert all(f.evidence and f.evidence[0].quote in text for f in rule_findings)  # type: ignore[union-attr]


def test_rules_version_changes_the_batch_fingerprint(tmp_path: Path) -> None:
    other = tmp_path / "rules.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"'))
    base = Settings(home=tmp_path)
    first = settings_fingerprint(base.model_copy(update={"rules": EXAMPLE}))
    assert first != settings_fingerprint(base)
    assert first != settings_fingerprint(base.model_copy(update={"rules": other}))
    assert first == settings_fingerprint(base.model_copy(update={"rules": EXAMPLE}))
