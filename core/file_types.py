"""The file types gapreview reads (proposals and decision records alike) and how folders are searched.

Why one module: the CLI, batch, the knowledge-base ingest and the page's uploads must accept the
same files and skip the same hidden paths; copies of the list drift apart.
"""

from __future__ import annotations

from pathlib import Path

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
PLAIN_TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".text", ".docx", ".pdf")
UPLOAD_TYPES: list[str] = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
"""The same list as Streamlit's file_uploader wants it (no dots)."""


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def supported_files(folder: Path) -> list[Path]:
    """Supported files under `folder`, recursively and sorted; hidden files and folders are skipped."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or not is_supported(path):
            continue
        found.append(path)
    return found
