"""Every record of the real 360-record corpus parses, with sensible fields (parse only, no embedding)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge.records import load_record

SAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "samples"
STATUSES = {"proposed", "accepted", "rejected", "deprecated", "superseded", "unknown"}


def test_all_corpus_records_parse(corpus: Path) -> None:
    files = sorted(corpus.rglob("*.md"))
    records = [load_record(f) for f in files if f.name != "README.md"]
    assert len(records) == 360
    for record in records:
        assert record.title.strip() and not record.title.startswith("#"), record.source
        assert record.status in STATUSES, record.source
        assert record.chunks(), record.source
    with_status_section = [r for r in records if r.section("status")]
    assert all(r.status != "unknown" for r in with_status_section)


def test_corpus_records_with_consequences_have_that_section(corpus: Path) -> None:
    """SOURCES.tsv says which records have a Consequences section; the parser must find it."""
    with open(corpus / "SOURCES.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    flagged = [row["local_path"] for row in rows if row["has_consequences_section"] == "yes"]
    assert len(flagged) > 200
    missing = [p for p in flagged if load_record(corpus / p).section("consequences") is None]
    assert missing == []


@pytest.mark.parametrize(
    ("rel", "decision_id", "title", "status", "date"),
    [
        (
            "alphagov__forms/ADR003-use-govuk-signon.md",
            "ADR-003",
            "Use GOV.UK Signon",
            "superseded by ADR015",
            "2022-04-07",
        ),
        (
            "GSA-TTS__FAC/0004-use-drf-for-the-api.md",
            "ADR-0004",
            "Use Django Rest Framework for the API",
            "accepted",
            "2022-03-30",
        ),
        (
            "ministryofjustice__cloud-platform/003-Use-Concourse-CI.md",
            "ADR-003",
            "Use Concourse CI",
            "accepted",
            "28/03/2018",
        ),
        (
            "ministryofjustice__modernisation-platform/0004-use-bash-node-python-as-core-languages.md",
            "ADR-0004",
            "Use `bash`, `nodejs`, and `python` as core languages",
            "superseded by 0019",
            "2020-11-19",
        ),
        (
            "alphagov__govuk-infrastructure/0007-use-fluentbit-elasticsearch-and-kibana-for-application-logs.md",
            "ADR-0007",
            "Use Fluent Bit, Elasticsearch and Kibana for application logs",
            "deprecated",
            "2021-08-16",
        ),
        (
            "arachne-framework__architecture/adr-015-data-abstraction-model.md",
            "ADR-015",
            "Architecture Decision Record: Data Abstraction Model",
            "proposed",
            None,
        ),
        ("adr__madr/0003-provide-own-madr-tools.md", "ADR-0003", "Write Own MADR Tooling", "proposed", None),
        (
            "nationalarchives__tdr-dev-documentation/0025-automatic-code-merge.md",
            "ADR-0025",
            "Automatic code merging",
            "unknown",
            "2022-03-15",
        ),
    ],
)
def test_sample_fields(corpus: Path, rel: str, decision_id: str, title: str, status: str, date: str | None) -> None:
    record = load_record(corpus / rel)
    parsed = (record.decision_id, record.title, record.status_label, record.date)
    assert parsed == (decision_id, title, status, date)


def test_mozilla_madr_deciders(corpus: Path) -> None:
    record = load_record(corpus / "mozilla__fxa" / "0005-minimize-password-entry.md")
    assert record.deciders[:2] == ["Shane Tomlinson", "Alex Davis"]
    assert record.section("consequences") is not None


def test_project_samples_parse() -> None:
    files = sorted(SAMPLES.glob("*.md"))
    assert files, f"no sample decision records in {SAMPLES}: the project ships them, so a moved folder is a bug"
    for path in files:
        record = load_record(path)
        assert record.status in STATUSES - {"unknown"}, path
        assert record.date and record.deciders, path
        assert record.section("decision") is not None and record.section("context") is not None, path
