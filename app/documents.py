"""Turn a user's file or upload into proposal text, or say precisely why not.

Shared by the CLI, the web page's upload and batch review, so every entry point rejects
bad input the same way.
"""

from __future__ import annotations

from pathlib import Path

from core.errors import InputError
from core.file_types import SUPPORTED_SUFFIXES
from knowledge.readers import docx_markdown, pdf_text

__all__ = ["SUPPORTED_SUFFIXES", "check_text", "decode_document", "decode_text", "read_document"]
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
        text = docx_markdown(data, filename)
    elif suffix == ".pdf":
        text = pdf_text(data, filename)
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
