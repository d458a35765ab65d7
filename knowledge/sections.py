"""The vocabulary of decision records: section names and statuses, in English and Dutch.

Why a table and not guesswork: real records use dozens of headings ("Decision Outcome",
"What's proposed", "Besluit") and statuses ("✅ Accepted", "Approved", "⌛️ Superseded [0019]").
Mapping them to a few canonical names lets the pipeline ask for "consequences" everywhere.
"""

from __future__ import annotations

import re

SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "context": (
        "context",
        "context and problem statement",
        "problem statement",
        "problem",
        "background",
        "user needs",
        "reasoning",
        "context en probleemstelling",
        "probleemstelling",
        "achtergrond",
        "aanleiding",
        "context en aanleiding",
    ),
    "decision": (
        "decision",
        "decisions",
        "decision outcome",
        "outcome",
        "proposal",
        "what's proposed",
        "besluit",
        "beslissing",
        "uitkomst",
        "besluit en motivatie",
        "gekozen optie",
    ),
    "options": (
        "considered options",
        "options considered",
        "options",
        "other options considered",
        "pros and cons of the options",
        "alternatives",
        "alternatives considered",
        "overwogen opties",
        "opties",
        "overwogen alternatieven",
        "voor- en nadelen van de opties",
    ),
    "consequences": (
        "consequences",
        "general consequences",
        "positive consequences",
        "negative consequences",
        "implications",
        "areas of impact",
        "gevolgen",
        "consequenties",
        "positieve gevolgen",
        "negatieve gevolgen",
    ),
    "drivers": ("decision drivers", "drivers", "beslisfactoren", "beslissingscriteria"),
    "status": ("status",),
    "date": ("date", "datum"),
    "notes": ("more information", "notes", "note", "meer informatie", "opmerkingen", "further information"),
}
_BY_HEADING = {alias: name for name, aliases in SECTION_NAMES.items() for alias in aliases}

# Ordered by nothing: the keyword that appears FIRST in the status text wins, so
# "Deprecated (no superseding ADR)" is deprecated and "Rejected (see 019)" is rejected.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "superseded": ("superseded", "supersedes", "vervangen", "replaced by"),
    "deprecated": ("deprecated", "verouderd", "vervallen", "retired", "obsolete"),
    "rejected": ("rejected", "declined", "afgewezen", "verworpen"),
    "accepted": (
        "accepted",
        "approved",
        "decided",
        "agreed",
        "completed",
        "implemented",
        "adopted",
        "done",
        "aanvaard",
        "geaccepteerd",
        "goedgekeurd",
        "besloten",
        "vastgesteld",
        "aangenomen",
    ),
    "proposed": (
        "proposed",
        "pending",
        "in review",
        "under review",
        "review",
        "draft",
        "on hold",
        "incomplete",
        "open",
        "voorgesteld",
        "voorstel",
        "concept",
        "in behandeling",
    ),
}
_LINK_TEXT = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ID_LIKE = re.compile(r"^(?:adr|ad|dr)?\s*-?\s*\d+", re.IGNORECASE)


def canonical_section(heading: str) -> str | None:
    """ "## 3. Decision Outcome:" -> "decision"; unknown headings -> None."""
    key = re.sub(r"^[\W\d_]+", "", heading.lower()).replace("’", "'")
    key = re.sub(r"[\s:.]+$", "", key).strip()
    key = re.sub(r"\s+", " ", key)
    if key in _BY_HEADING:
        return _BY_HEADING[key]
    prefix = key.split(":", 1)[0].split(" (", 1)[0].strip()  # "Decision: use Lambda"
    return _BY_HEADING.get(prefix) if prefix != key else None


def normalise_status(text: str | None) -> tuple[str, str | None]:
    """(canonical status, superseded-by reference) from a free-text status line."""
    if not text:
        return "unknown", None
    lowered = text.lower()
    best: tuple[int, str] | None = None
    for status, words in STATUS_WORDS.items():
        for word in words:
            pos = _word_pos(lowered, word)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, status)
    status = best[1] if best else "unknown"
    return status, _superseded_ref(text) if status == "superseded" else None


def _word_pos(text: str, word: str) -> int:
    match = re.search(rf"\b{re.escape(word)}\b", text)
    return match.start() if match else -1


def _superseded_ref(text: str) -> str | None:
    match = re.search(r"(?:superseded|vervangen|replaced)\s*(?:by|door)?\s*:?\s*(.+)", text, re.IGNORECASE)
    if not match:
        return None
    ref = match.group(1).strip()
    link = _LINK_TEXT.search(ref)
    if link:
        ref = link.group(1)
    ref = ref.strip(" .`*()[]")
    id_like = _ID_LIKE.match(ref)
    if id_like:
        return id_like.group(0).strip()
    return ref[:60] or None
