"""Parsing decision records: formats, statuses, sections, ids and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_fakes import record_md

from knowledge.readers import RecordError
from knowledge.records import decision_id_for, load_record, parse_record
from knowledge.sections import canonical_section, normalise_status

MADR_NL = """---
status: superseded by ADR-0012
date: 2021-03-02
deciders: [Fatma Yildiz, Jeroen Smits]
---
# Tweestapsverificatie voor magazijnpersoneel

## Context en probleemstelling

Medewerkers in het magazijn loggen in op gedeelde scanners zonder tweede factor.

## Overwogen opties

* SMS-codes
* Een app met pushmeldingen

## Besluit

We kiezen voor een app met pushmeldingen.

## Gevolgen

Iedere medewerker heeft een telefoon van de zaak nodig.
"""


def test_nygard_record_fields(tmp_path: Path) -> None:
    path = tmp_path / "0021-use-auth0.md"
    path.write_text(
        record_md(
            "21. Use Auth0 for staff sign-in",
            "Accepted",
            "We need SSO.",
            "Use Auth0.",
            "Auth0 becomes a critical dependency.",
        )
    )
    record = load_record(path)
    assert record.decision_id == "ADR-0021"
    assert record.title == "Use Auth0 for staff sign-in"
    assert (record.status, record.date) == ("accepted", "2024-01-15")
    assert [s.name for s in record.sections] == ["status", "context", "decision", "consequences"]
    consequences = record.section("consequences")
    assert consequences is not None and "critical dependency" in consequences.text
    chunks = record.chunks()
    assert [(c.kind, c.section) for c in chunks] == [
        ("section", "context"),
        ("section", "decision"),
        ("section", "consequences"),
        ("whole", "record"),
    ]
    assert chunks[2].embed_text.startswith("Use Auth0 for staff sign-in\nConsequences\n")
    # the whole passage is what the record is about: title, context and decision, not consequences
    assert chunks[3].text == "Use Auth0 for staff sign-in\n\nWe need SSO.\n\nUse Auth0."


def test_whole_passage_is_capped_at_a_word_boundary(tmp_path: Path) -> None:
    path = tmp_path / "0022-long.md"
    path.write_text(record_md("22. Long", "Accepted", "word " * 600, "Decide.", "Later."))
    whole = load_record(path).whole_text(max_chars=200)
    assert len(whole) <= 200 and whole.startswith("Long\n\nword") and not whole.endswith(" ")


def test_madr_front_matter_and_dutch_headings(tmp_path: Path) -> None:
    path = tmp_path / "0007-tweestapsverificatie.md"
    path.write_text(MADR_NL)
    record = load_record(path)
    assert record.status == "superseded" and record.superseded_by == "ADR-0012"
    assert record.status_label == "superseded by ADR-0012"
    assert record.date == "2021-03-02"
    assert record.deciders == ["Fatma Yildiz", "Jeroen Smits"]
    assert [s.name for s in record.sections] == ["context", "options", "decision", "consequences"]
    assert record.section("decision").heading == "Besluit"  # type: ignore[union-attr]


def test_madr_inline_metadata_without_front_matter(tmp_path: Path) -> None:
    text = (
        "# Pick a queue\n\n* Status: proposed\n* Deciders: Ann, Bob (ops)\n* Date: 2020-05-01\n\n"
        "## Context and Problem Statement\n\nWe need a queue.\n\n"
        "## Decision Outcome\n\nChosen option: SQS.\n\n"
        "### Consequences\n\n* Good, because managed.\n"
    )
    record = parse_record(text, tmp_path / "pick-a-queue.md")
    assert (record.decision_id, record.status, record.date) == ("pick-a-queue", "proposed", "2020-05-01")
    assert record.deciders == ["Ann", "Bob (ops)"]
    assert [s.name for s in record.sections] == ["context", "decision", "consequences"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("✅ Accepted", ("accepted", None)),
        ("Approved", ("accepted", None)),
        ("> Accepted", ("accepted", None)),
        ("🤔 Proposed", ("proposed", None)),
        ("Superseded by [ADR015: Use an IdP](ADR015-idp.md).", ("superseded", "ADR015")),
        ("⌛️ Superseded [0019](0019-use-go.md)", ("superseded", "0019")),
        ("Deprecated (no superseding ADR)", ("deprecated", None)),
        ("❌ Rejected (see [019](019-x.md))", ("rejected", None)),
        ("vervangen door ADR-0017", ("superseded", "ADR-0017")),
        ("Besloten", ("accepted", None)),
        (None, ("unknown", None)),
    ],
)
def test_status_normalisation(text: str | None, expected: tuple[str, str | None]) -> None:
    assert normalise_status(text) == expected


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Decision Outcome", "decision"),
        ("3. Consequences:", "consequences"),
        ("Gevolgen", "consequences"),
        ("Overwogen opties", "options"),
        ("Besluit", "decision"),
        ("Decision: use AWS Lambda", "decision"),
        ("What’s proposed", "decision"),
        ("Appendix", None),
    ],
)
def test_canonical_section_names(heading: str, name: str | None) -> None:
    assert canonical_section(heading) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("0004-use-drf.md", "ADR-0004"),
        ("ADR003-use-signon.md", "ADR-003"),
        ("adr-015-data.md", "ADR-015"),
        ("DR008-no-charges.md", "ADR-008"),
        ("Use Postgres.md", "use-postgres"),
    ],
)
def test_decision_ids_from_file_names(name: str, expected: str) -> None:
    assert decision_id_for(Path(name)) == expected


def test_long_sections_are_split_at_paragraphs(tmp_path: Path) -> None:
    paragraphs = "\n\n".join(f"Paragraph {i} " + "word " * 120 for i in range(6))
    record = parse_record(record_md("Big", "Accepted", paragraphs, "Do it.", "Fine."), tmp_path / "big.md")
    context = [c for c in record.chunks() if c.section == "context"]
    assert len(context) > 1
    assert all(len(c.text) <= 1500 for c in context)
    assert "".join(c.text for c in context).count("Paragraph") == 6


def test_docx_record(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Adopt a password manager", level=1)
    document.add_heading("Status", level=2)
    document.add_paragraph("Accepted")
    document.add_heading("Context", level=2)
    document.add_paragraph("Staff reuse passwords across SaaS tools.")
    document.add_heading("Decision", level=2)
    document.add_paragraph("Roll out a company password manager.")
    path = tmp_path / "0031-password-manager.docx"
    document.save(str(path))
    record = load_record(path)
    assert (record.decision_id, record.title) == ("ADR-0031", "Adopt a password manager")
    assert record.status == "accepted"
    assert "password manager" in record.section("decision").text  # type: ignore[union-attr]


def _tiny_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with one text line per entry (Helvetica)."""
    body = "BT /F1 12 Tf 50 780 Td 14 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_record(tmp_path: Path) -> None:
    path = tmp_path / "0040-retire-fax.pdf"
    path.write_bytes(
        _tiny_pdf(
            [
                "Retire the fax server",
                "Status",
                "Deprecated",
                "Context",
                "Nobody sends faxes any more.",
                "Decision",
                "Switch the fax server off.",
            ]
        )
    )
    record = load_record(path)
    assert record.title == "Retire the fax server"
    assert record.status == "deprecated"
    assert "switch the fax server off" in record.section("decision").text.lower()  # type: ignore[union-attr]


def test_plain_text_record(tmp_path: Path) -> None:
    path = tmp_path / "decommission-crm.txt"
    path.write_text(
        "Decommission the old CRM\n\nStatus: accepted\n\nContext\nTwo CRMs cost double.\n\n"
        "Besluit\nWe zetten het oude CRM uit.\n"
    )
    record = load_record(path)
    assert (record.decision_id, record.title) == ("decommission-crm", "Decommission the old CRM")
    assert record.status == "accepted"
    assert record.section("decision").heading == "Besluit"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.md", b"  \n\n", "empty file"),
        ("binary.md", b"\x00\x01\x02garbage", "binary content"),
        ("latin1.md", "# Caf\xe9 besluit\n\nTekst".encode("latin-1"), "not UTF-8"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid .docx"),
        ("broken.pdf", b"%PDF-1.4 nonsense", "PDF"),
        ("title-only.md", b"# Just a title\n", "no decision text"),
        ("bad-yaml.md", b"---\nstatus: [unclosed\n---\n# T\n\ntext\n", "invalid YAML front matter"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type .rtf"),
    ],
)
def test_bad_files_raise_specific_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert reason in info.value.reason
    assert info.value.path == str(path)


def test_unreadable_file_names_the_os_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 0 does not stop root, so the permission error is injected where the file is read."""
    path = tmp_path / "0009-locked.md"
    path.write_text(record_md("Locked", "Accepted", "c", "d", "e"))
    real_read = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(RecordError, match="cannot read file: Permission denied"):
        load_record(path)
