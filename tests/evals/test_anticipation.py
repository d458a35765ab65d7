"""The anticipation counter and the record split, on hand-made records (no shared data needed).

What must hold: only words the proposal does not already contain count (echoing its nouns is not
anticipation); two such shared words anticipate a statement, one does not; English and Dutch stop
words never count; a record's consequences are hidden from the proposal, sub-headings included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import make_finding

from agents.schemas import ReviewReport
from core.errors import InputError
from evals.anticipation import (
    NewWords,
    anticipates,
    averages,
    main,
    model_findings,
    score_record,
    select_records,
)
from evals.decision_records import HiddenRecord, proposal_digest, split_record, spread

PROPOSAL = (
    "# Move invoicing to the new ledger system\n\n"
    "Status: accepted\n\n"
    "## Context\n\nFinance sends 4,000 invoices a month from the old ledger system.\n\n"
    "## Decision\n\nWe move all invoicing to the new ledger system in March.\n"
)
CONSEQUENCES = (
    "## Consequences\n\n"
    "- Suppliers must retrain their accountants on the new export format.\n"
    "- The ledger system sends the invoices in March.\n\n"
    "### Risks\n\n"
    "- Customs declarations lose their reference numbers during the cut-over.\n"
)
RECORD = f"{PROPOSAL}\n{CONSEQUENCES}\n## Links\n\n- The finance wiki.\n"


def words_of(proposal: str, text: str) -> set[str]:
    return NewWords(proposal)(text)


def test_words_the_proposal_already_has_do_not_count() -> None:
    statement = words_of(PROPOSAL, "The ledger system sends the invoices in March.")
    finding = words_of(PROPOSAL, "Are the invoices in the ledger system ready in March?")
    assert statement == set() and finding == {"ready"}
    assert not anticipates(statement, finding)


def test_two_new_shared_words_anticipate_and_one_does_not() -> None:
    statement = words_of(PROPOSAL, "Suppliers must retrain their accountants on the new export format.")
    two = words_of(PROPOSAL, "Who retrains the supplier's accountants before the invoices change?")
    one = words_of(PROPOSAL, "Do the suppliers know about the ledger system?")
    assert {"suppliers", "accountants"} <= statement
    assert anticipates(statement, two)  # "retrains"/"retrain" and "supplier"/"suppliers" count as the same word
    assert not anticipates(statement, one)


def test_an_inflection_of_a_proposal_word_is_not_new() -> None:
    assert "invoice" not in words_of(PROPOSAL, "Each invoice is checked")  # "invoices" is in the proposal
    assert "checked" in words_of(PROPOSAL, "Each invoice is checked")


def test_english_and_dutch_stop_words_never_count() -> None:
    proposal = "# Nieuw boekhoudsysteem\n\nWe gaan over op het nieuwe boekhoudsysteem.\n"
    statement = words_of(proposal, "Hij heeft altijd iets zonder iemand, omdat andere worden kunnen.")
    finding = words_of(proposal, "Heeft iemand altijd iets zonder andere, omdat zij kunnen worden?")
    assert statement == set()
    assert not anticipates(statement, finding)
    assert words_of(proposal, "Leveranciers moeten hun facturen opnieuw uploaden") >= {"leveranciers", "facturen"}
    assert not words_of(PROPOSAL, "Which of these should they have been about?")


def test_the_consequences_section_is_hidden_with_its_subsections() -> None:
    proposal, hidden = split_record(RECORD)
    assert "Status: accepted" in proposal and "## Links" in proposal and "## Decision" in proposal
    assert "Consequences" not in proposal and "Customs" not in proposal and "Suppliers" not in proposal
    assert "### Risks" in hidden and "Customs declarations" in hidden and "finance wiki" not in hidden


def test_a_record_is_scored_per_counted_statement() -> None:
    proposal, consequences = split_record(RECORD)
    record = HiddenRecord("org/0001-ledger.md", proposal, consequences)
    good = make_finding("Customs declarations may lose their reference numbers", detail="Who keeps the references?")
    echo = make_finding("Is the ledger system ready for the invoices in March?")
    result = score_record(record, {"visible": [echo], "model_own": [good, echo]})
    # the statement that only restates the proposal is not counted: nothing can anticipate it with new words
    assert (result.statements, result.counted) == (3, 2)
    assert result.anticipated == {"visible": 0, "model_own": 1}
    assert result.share("model_own") == 0.5 and result.share("visible") == 0.0 and result.share("builtin") is None
    summary = averages([result])
    assert summary["model_own"]["mean_share"] == 0.5 and summary["builtin"]["records"] == 0


def test_the_models_own_findings_include_those_the_synthesis_merged_away(tmp_path: Path) -> None:
    kept = make_finding("Kept finding", id="llm-it-1", origin="llm")
    merged = make_finding("Merged away", id="llm-it-2", origin="llm")
    lens = make_finding("A template", id="lens-1", origin="lens")
    report = ReviewReport.model_validate(
        {"findings": [kept.model_dump()], "meta": {"gapreview_version": "0", "mode": "llm"}}
    )
    own = model_findings(report, [{"findings": [lens, kept, merged]}, {"warnings": []}])
    assert [f.id for f in own] == ["llm-it-1", "llm-it-2"]


def test_records_are_spread_over_sources_and_a_missing_folder_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = ["a/1.md", "a/2.md", "a/3.md", "b/1.md", "c/1.md"]
    assert spread(paths, 4) == ["a/1.md", "b/1.md", "c/1.md", "a/2.md"]
    with pytest.raises(InputError):
        select_records(tmp_path / "missing", [], 3)
    assert main(["--records", str(tmp_path / "missing"), "--limit", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: decision-records folder not found")


def test_a_record_without_consequences_cannot_be_chosen(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "0001-ledger.md").write_text(RECORD, encoding="utf-8")
    (tmp_path / "org" / "0002-plain.md").write_text(PROPOSAL, encoding="utf-8")
    [chosen] = select_records(tmp_path, [], 5)
    assert chosen.path == "org/0001-ledger.md" and proposal_digest(chosen.proposal) == proposal_digest(
        "  ".join(split_record(RECORD)[0].split())
    )
    with pytest.raises(InputError, match="no consequences"):
        select_records(tmp_path, ["org/0002-plain.md"], None)
