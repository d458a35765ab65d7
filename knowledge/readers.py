"""Turn a decision-record file of any supported type into Markdown-ish text.

Why a separate step: parsing works on one representation (Markdown headings), so .txt, .docx
and .pdf records are converted first and every format then gets the same structure rules.
Every failure becomes a `RecordError` naming the file and the reason, so a folder ingest can
report it and go on with the other files.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from core.errors import InputError
from core.file_types import MARKDOWN_SUFFIXES, PLAIN_TEXT_SUFFIXES, SUPPORTED_SUFFIXES

__all__ = ["MARKDOWN_SUFFIXES", "SUPPORTED_SUFFIXES", "RecordError", "read_record_text"]

# Plain text and PDF have no heading markup: a line that is exactly a known section name
# ("Context", "Besluit:", "## Status" already handled) is promoted to a Markdown heading.
_PLAIN_HEADINGS = (
    "status|context|context and problem statement|problem statement|background|decision|"
    "decision outcome|decision drivers|considered options|options considered|options|"
    "consequences|pros and cons of the options|more information|notes|"
    "achtergrond|aanleiding|probleemstelling|context en probleemstelling|besluit|beslissing|"
    "overwogen opties|opties|gevolgen|consequenties|beslisfactoren|meer informatie"
)
_PLAIN_HEADING_RE = re.compile(rf"^\s*(?:\d+[.)]\s*)?({_PLAIN_HEADINGS})\s*:?\s*$", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^#{1,6}\s", re.MULTILINE)


class RecordError(InputError):
    """One file could not be read or parsed; `reason` is short enough for a failure list."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def read_record_text(path: Path) -> str:
    """The file's content as Markdown text; raises RecordError with a specific reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise RecordError(path, f"unsupported file type {suffix or '(none)'}; supported: {supported}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if suffix == ".docx":
        text = docx_markdown(data, str(path))
    elif suffix == ".pdf":
        text = _promote_plain_headings(pdf_text(data, str(path)))
    else:
        text = _decode(path, data)
        if suffix in PLAIN_TEXT_SUFFIXES:
            text = _promote_plain_headings(text)
    if not text.strip():
        raise RecordError(path, "empty file (no text)")
    return text


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise RecordError(path, "binary content, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(path, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _promote_plain_headings(text: str) -> str:
    if _MD_HEADING_RE.search(text):
        return text
    lines = text.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if _PLAIN_HEADING_RE.match(line):
            out.append("## " + line.strip().rstrip(":"))
        elif i == _first_text_line(lines):
            out.append("# " + line.strip())
        else:
            out.append(line)
    return "\n".join(out)


def _first_text_line(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), -1)


def docx_markdown(data: bytes, source: str) -> str:
    """A .docx as Markdown: Word headings become `#` headings, tables become `|` rows.

    Shared by record ingest and proposal upload, so both read Word files the same way.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RecordError(source, f"not a valid .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        text = para.text.strip()
        if not text:
            continue
        if style == "Title":
            lines.append(f"# {text}")
        elif style.startswith("Heading") and style[7:].strip().isdigit():
            lines.append("#" * min(int(style[7:]), 6) + f" {text}")
        else:
            lines.append(text)
        lines.append("")
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        lines.append("")
    text = "\n".join(lines)
    return text if _MD_HEADING_RE.search(text) else _promote_plain_headings(text)


def pdf_text(data: bytes, source: str) -> str:
    """The text of a PDF's pages; shared by record ingest and proposal upload."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RecordError(source, "encrypted PDF; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise RecordError(source, f"not a valid PDF ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise RecordError(source, "PDF has no extractable text (scanned image?)")
    return text
