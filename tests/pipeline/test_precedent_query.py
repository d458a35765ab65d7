"""The precedent query is what the proposal is about (title, problem, decision), not its boilerplate."""

from __future__ import annotations

from pathlib import Path

from agents.nodes.read import parse_proposal
from agents.nodes.retrieve import precedent_query

REPO = Path(__file__).resolve().parents[2]


def test_query_keeps_title_problem_and_decision_and_drops_boilerplate() -> None:
    text = (REPO / "samples" / "proposals" / "2fa-warehouse.md").read_text(encoding="utf-8")
    query = precedent_query(parse_proposal(text))
    assert query.startswith("Mandatory two-factor authentication for every account")
    assert "four successful phishing attacks" in query  # "Why now": the problem
    for boilerplate in ("Fatma Yildiz", "16 March 2026", "IT steering committee of 14 April", "| Phase"):
        assert boilerplate not in query


def test_dutch_sections_are_recognised() -> None:
    text = (
        "# Voorstel: nieuw HR-systeem\n\n**Auteur:** Jan de Vries\n**Datum:** 3 maart 2026\n\n"
        "## Aanleiding\n\nHet oude systeem wordt niet meer ondersteund.\n\n"
        "## Planning\n\n| Fase | Datum |\n|---|---|\n| 1 | april |\n\n"
        "## Voorstel\n\nWe kiezen Personio voor de personeelsadministratie.\n"
    )
    query = precedent_query(parse_proposal(text))
    assert "niet meer ondersteund" in query and "Personio" in query
    assert "Jan de Vries" not in query and "april" not in query
