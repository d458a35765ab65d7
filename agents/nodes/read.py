"""read: normalise the proposal into sentences with offsets, sections, title and language.

The original text is kept verbatim: every quote in the report must be a substring of it.
"""

from __future__ import annotations

import re
import threading
import time
from functools import lru_cache
from typing import Any

from langgraph.runtime import Runtime

from agents.state import Proposal, ReviewContext, ReviewState, Sentence
from core.errors import InputError

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
FIELD_LABEL = re.compile(r"^\s*(?:\*\*|__)[^*_\n]{1,40}:(?:\*\*|__)")  # "**Status:** draft"
# "Aan: ...", "Van: ...", "Go-live: 3 March": a label of up to three words opening a line is a unit of
# its own, so a memo's header lines are not read (and quoted) as one run-on sentence
PLAIN_FIELD = re.compile(r"^\s*[^\W\d_][\w'’/&.-]*(?: [\w'’/&.-]+){0,2}\s?:\s+\S")
# "**Voorstel**" alone on its line: a heading written in bold (no sentence punctuation, a few words)
BOLD_HEADING = re.compile(r"^\s{0,3}(\*\*|__)(?P<text>[^*_\n]{1,60}?[^*_\n.?!:;,])\1\s*$")
SUBJECT = re.compile(r"^\s*(?:\*\*|__)?(?:subject|re|betreft|onderwerp)\s*:(?:\*\*|__)?\s*(.+?)\s*$", re.I | re.M)
MARKUP = re.compile(r"[*_`]+")
TABLE_ROW = re.compile(r"^\s*\|")
THEMATIC_BREAK = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
# "**Maya Lindqvist** 14:02", "**Raj Mistry** (Finance Manager) · 09:31", "**Anouk** – ma 3 maart 16:42": who
# wrote the next message of a chat thread and when; a boundary, never a unit (it is not what anyone said)
CHAT_STAMP = re.compile(r"^\s*(\*\*|__)[^*_\n:]{1,80}\1[^\n.!?]{0,60}?\b[0-2]?\d[:.][0-5]\d\s*$")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
SUPPORTED_SPLITTERS = {"en", "nl", "de", "fr", "es", "it"}
CLOSING_MARKUP = re.compile(r"(?:\*\*|__)\s+")  # bold markup left at a sentence's start by the splitter
TITLE_PREFIXES = re.compile(r"^(proposal|voorstel|draft|concept|rfc|adr)\s*[:\-–]\s*", re.IGNORECASE)


def read(state: ReviewState, runtime: Runtime[ReviewContext]) -> dict[str, Any]:
    """Validate and structure the proposal; refuses input that cannot be reviewed."""
    started = time.perf_counter()
    text = state.get("raw_text") or ""
    max_bytes = runtime.context.settings.max_proposal_bytes
    if not text.strip():
        raise InputError("the proposal is empty")
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(f"the proposal is over the limit of {max_bytes:,} bytes")
    proposal = parse_proposal(text)
    if not proposal.sentences:
        raise InputError("the proposal has no sentences to review")
    parsed = time.perf_counter()
    vectors = runtime.context.embedder.embed_passages([s.text for s in proposal.sentences])
    return {
        "proposal": proposal,
        "sentence_vectors": vectors,
        "timings": {"read": parsed - started, "embed": time.perf_counter() - parsed},
    }


def parse_proposal(text: str) -> Proposal:
    """Split into sentences; headings, list items and paragraphs are separate units."""
    language = detect_language(text)
    sentences: list[Sentence] = []
    sections: list[str] = []
    title = ""
    section = ""
    for kind, start, end in _blocks(text):
        heading = _heading(text[start:end]) if kind == "heading" else None
        if heading is not None:
            level, section = heading
            sections.append(section)
            if not title and level <= 2:
                title = section
        else:
            sentences += _split_block(text, start, end, language, section, row=kind == "row")
    if not title:
        subject = SUBJECT.search(text)
        title = subject.group(1) if subject else (sentences[0].text[:120] if sentences else "")
    title = " ".join(MARKUP.sub("", title).split())
    return Proposal(
        text=text, title=TITLE_PREFIXES.sub("", title), language=language, sections=sections, sentences=sentences
    )


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading, or of a bold line of a few words standing alone (level 3:
    never the title); None for any other line."""
    hashes = HEADING.match(line)
    if hashes:
        return len(hashes.group(1)), hashes.group(2).strip()
    bold = BOLD_HEADING.match(line)
    if bold and len(bold.group("text").split()) <= 6:
        return 3, bold.group("text").strip()
    return None


def _blocks(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of headings and paragraphs; a list item starts a new paragraph."""
    blocks: list[tuple[str, int, int]] = []
    offset = 0
    current: list[int] | None = None
    for line in text.splitlines(keepends=True):
        body = line.rstrip()
        is_row = TABLE_ROW.match(line) is not None
        starts_unit = LIST_MARKER.match(line) or FIELD_LABEL.match(line) or PLAIN_FIELD.match(line)
        heading = _heading(line) is not None
        if THEMATIC_BREAK.match(body) or CHAT_STAMP.match(body):  # "---", "**Maya** 14:02": boundaries, not units
            body = ""
        if heading or not body.strip() or starts_unit or is_row:
            if current:
                blocks.append(("para", current[0], current[1]))
            current = None
        if heading:
            blocks.append(("heading", offset, offset + len(body)))
        elif is_row:
            if TABLE_RULE.match(line):
                if blocks and blocks[-1][0] == "row":
                    blocks.pop()  # the header row names columns; it says nothing to review
            else:
                blocks.append(("row", offset + body.index("|") + 1, offset + len(body.rstrip("| "))))
        elif body.strip():
            if current is None:
                current = [offset + _marker_length(line), offset + len(body)]
            else:
                current[1] = offset + len(body)
        offset += len(line)
    if current:
        blocks.append(("para", current[0], current[1]))
    return blocks


def _marker_length(line: str) -> int:
    marker = LIST_MARKER.match(line)
    return marker.end() if marker else len(line) - len(line.lstrip())


def _split_block(text: str, start: int, end: int, language: str, section: str, row: bool = False) -> list[Sentence]:
    original = text[start:end]
    chunk = original.replace("\r", " ").replace("\n", " ")  # same length: offsets stay valid
    units = []
    for span in _segmenter(language if language in SUPPORTED_SPLITTERS else "en").segment(chunk):
        piece = original[span.start : span.end]
        lead = len(piece) - len(piece.lstrip())
        if residue := CLOSING_MARKUP.match(piece, lead):  # "**Label.** Text" splits after "Label."
            lead = residue.end()
        stripped = piece[lead:].rstrip()
        if len(stripped) < 3:
            continue
        s = start + span.start + lead
        units.append(Sentence(text=stripped, start=s, end=s + len(stripped), section=section, row=row))
    return units


_LOCAL = threading.local()


def _segmenter(language: str):
    """One pysbd segmenter per thread and language: a Segmenter keeps the text it is working on in
    its own attributes, so one shared by the batch's worker threads (or the page's sessions) mixes
    up two proposals' sentences."""
    import pysbd

    cache: dict[str, Any] = _LOCAL.__dict__.setdefault("segmenters", {})
    if language not in cache:
        cache[language] = pysbd.Segmenter(language=language, clean=False, char_span=True)
    return cache[language]


def detect_language(text: str) -> str:
    """ISO code of the main language; 'en' when unsure (short or mixed text)."""
    from langdetect import LangDetectException

    sample = re.sub(r"[#*_>`|\-]+", " ", text[:5000])
    try:
        detector = _language_factory().create()
        detector.append(sample)
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "en"
    return best.lang if best.prob >= 0.6 else "en"


@lru_cache(maxsize=1)
def _language_factory() -> Any:
    """langdetect's profiles, loaded into a factory of our own. langdetect's `detect_langs` loads them
    lazily into a module global that it publishes before loading: two threads reviewing at once
    (`batch -j 2`, two page sessions) and the second builds its detector from half-loaded profiles,
    reading Dutch as English or Polish for the rest of the process. Here a factory is only returned
    once fully loaded (two threads may at worst each load one). Seeded so the same text gets the
    same language."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory
