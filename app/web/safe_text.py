"""Show untrusted text (proposals, records, text derived from them) as text, never as markup.

Why: a proposal is pasted by a user and may contain Markdown, HTML, Streamlit colour directives
(`:red[...]`) or LaTeX (`$...$`). Rendering it through `st.markdown` unescaped would let the text
restyle the page, hide findings or load remote images. Every ASCII punctuation character is
backslash-escaped (valid CommonMark), so the text shows exactly as typed; only the highlight
markup added here is interpreted.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = frozenset(string.punctuation)
HIGHLIGHT = "yellow-background"


def escape_markdown(text: str) -> str:
    """Inline-safe text: punctuation escaped, whitespace runs collapsed to single spaces."""
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in " ".join(text.split()))


def escape_block(text: str) -> str:
    """Multi-line safe text: like `escape_markdown`, but line breaks and paragraphs are kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(
        "  \n".join(escape_markdown(line) for line in para.splitlines() if line.strip())
        for para in paragraphs
        if para.strip()
    )


def quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every quote in the text, as merged (start, end) character spans."""
    spans: list[tuple[int, int]] = []
    for quote in {q.strip() for q in quotes if q and q.strip()}:
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_block(text: str, quotes: list[str]) -> str:
    """The whole text, escaped, with each quoted passage wrapped in a background highlight.

    Highlights are applied per line, because a Streamlit directive cannot span a line break.
    """
    spans = quote_spans(text, quotes)
    out_lines: list[str] = []
    offset = 0
    for line in text.split("\n"):
        out_lines.append(_highlight_line(line, offset, spans))
        offset += len(line) + 1
    paragraphs: list[list[str]] = [[]]
    for line in out_lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("  \n".join(p) for p in paragraphs if p)


def _highlight_line(line: str, offset: int, spans: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        lo, hi = max(start - offset, 0), min(end - offset, len(line))
        if hi <= cursor or lo >= len(line):
            continue
        lo = max(lo, cursor)
        parts.append(_escape_keeping_edges(line[cursor:lo]))
        if line[lo:hi].strip():
            parts.append(f":{HIGHLIGHT}[{escape_markdown(line[lo:hi])}]")
        cursor = hi
    parts.append(_escape_keeping_edges(line[cursor:]))
    return "".join(parts).strip()


def _escape_keeping_edges(segment: str) -> str:
    """Escape a piece of a line, keeping one space at each edge so words stay apart."""
    if not segment.strip():
        return " " if segment else ""
    lead = " " if segment[0].isspace() else ""
    trail = " " if segment[-1].isspace() else ""
    return lead + escape_markdown(segment) + trail
