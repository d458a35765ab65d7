"""Untrusted text is shown literally: no Markdown, HTML, directives or LaTeX survive escaping."""

from __future__ import annotations

import re

from app.web.safe_text import HIGHLIGHT, escape_block, escape_markdown, highlight_block, quote_spans

HOSTILE = "<img src=x onerror=alert(1)> **bold** :red[x] $x^2$ [link](http://evil) # heading"


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_every_markup_character_is_escaped_and_the_text_survives() -> None:
    escaped = escape_markdown(HOSTILE)
    assert re.search(r"(?<!\\)[<>*\[\]$#:()`_]", escaped) is None  # no unescaped markup character left
    assert _unescape(escaped) == HOSTILE


def test_block_keeps_lines_and_paragraphs() -> None:
    assert escape_block("a.\nb\n\n\nc") == "a\\.  \nb\n\nc"


def test_quotes_are_highlighted_in_place_and_only_there() -> None:
    text = "We will *roll out* 2FA.\nBudget approved: $20k.\n\nLast."
    marked = highlight_block(text, ["roll out* 2FA", "approved", "not in the text"])
    assert f":{HIGHLIGHT}[roll out\\* 2FA]" in marked
    assert f":{HIGHLIGHT}[approved]" in marked
    assert marked.count(f":{HIGHLIGHT}[") == 2
    assert "\\$20k" in marked and marked.endswith("Last\\.")


def test_overlapping_and_repeated_quotes_merge_into_spans() -> None:
    assert quote_spans("abc abc", ["abc", "bc a"]) == [(0, 7)]
