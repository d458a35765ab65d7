"""Turn a user's file or upload into proposal text, or say precisely why not.

Shared by the CLI, the web page's upload and batch review, so every entry point rejects
bad input the same way.
"""

from __future__ import annotations

import io
from pathlib import Path

from agents.errors import InputError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".docx", ".pdf")
FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252")


def read_document(path: Path, max_bytes: int) -> str:
    """Read a proposal file from disk."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a proposal file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    return decode_document(data, path.name, max_bytes)


def decode_document(data: bytes, filename: str, max_bytes: int) -> str:
    """Decode uploaded bytes by file type; size-limit first so nothing huge is parsed."""
    if len(data) > max_bytes:
        raise InputError(
            f"{filename}: {len(data):,} bytes is over the limit of {max_bytes:,} bytes "
            "(GAPREVIEW_MAX_PROPOSAL_BYTES); shorten the proposal or raise the limit"
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx":
        text = _docx_text(data, filename)
    elif suffix == ".pdf":
        text = _pdf_text(data, filename)
    else:  # Markdown, plain text, or any other name: accepted if it decodes as text
        text = decode_text(data, filename)
    return check_text(text, filename, max_bytes)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 first; then Windows-1252 (common for Dutch Office exports); binary is refused."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{source}: looks like binary data, not a text proposal")
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise InputError(f"{source}: not valid UTF-8 text and not decodable as Windows-1252")


def check_text(text: str, source: str, max_bytes: int) -> str:
    """Reject what cannot be reviewed: empty, binary-looking or oversized text."""
    if not text.strip():
        raise InputError(f"{source}: the proposal is empty")
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(f"{source}: the proposal text is over the limit of {max_bytes:,} bytes")
    if not _mostly_printable(text):
        raise InputError(f"{source}: looks like binary data, not a text proposal")
    return text


def _mostly_printable(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if not (ch.isprintable() or ch in "\n\r\t\f"))
    return bad / len(sample) < 0.02


def _docx_text(data: bytes, filename: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for corrupt files
        raise InputError(f"{filename}: not a readable .docx file ({type(exc).__name__})") from exc
    lines = []
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        if style.startswith("Heading") and para.text.strip():
            level = style.removeprefix("Heading").strip()
            hashes = "#" * (int(level) if level.isdigit() else 1)
            lines.append(f"{hashes} {para.text}")
        else:
            lines.append(para.text)
    return "\n".join(lines)


def _pdf_text(data: bytes, filename: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError(f"{filename}: not a readable PDF ({exc})") from exc
    return "\n\n".join(pages)
