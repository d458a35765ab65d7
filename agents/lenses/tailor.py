"""Phrase a concern with the proposal's own subject: its systems, people and dates.

A finding that says "What about the pickers on the RF scanners on 1 March?" gets an answer; one
that says "Consider user impact" gets ignored. Slots are filled from verbatim text only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from agents.lenses.catalog import Vocabulary, stem_pattern
from agents.state import Proposal

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "januari|februari|maart|mei|juni|juli|augustus|oktober"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|(?:{MONTHS})\s+\d{{4}}|(?:early|mid|end of|late|begin|half|eind|medio|eind van)\s+(?:{MONTHS})"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|Q[1-4]\s*\d{{4}}|(?:week|wk)\s*\d{{1,2}})\b",
    re.IGNORECASE,
)
LOCATION_BEFORE = re.compile(r"\b(?:in|at|near|from|te|bij|uit|vanuit)\s+$", re.IGNORECASE)
NAME_WORD = r"(?:[A-Z][\w/&+-]*|[a-z]+[A-Z]\w*)"
PROPER = re.compile(rf"\b{NAME_WORD}(?: (?:{NAME_WORD}|\d{{1,4}}\b))*")


@dataclass(frozen=True)
class Slots:
    subject: str
    system: str | None
    people: str | None
    date: str | None
    name_counts: tuple[tuple[str, int], ...] = ()


def proposal_slots(proposal: Proposal, vocab: Vocabulary) -> Slots:
    """Whole-proposal defaults; evidence-specific slots are preferred by `slots_for`."""
    names = Counter(_systems(proposal.text, vocab))
    return Slots(
        subject=_short(proposal.title) or "",
        system=max(names, key=lambda name: (names[name], len(name))) if names else None,
        name_counts=tuple(names.items()),
        people=_first_people(proposal.text, vocab),
        date=_first(DATE.findall(proposal.text)),
    )


def slots_for(sentence: str, defaults: Slots, vocab: Vocabulary) -> Slots:
    """Prefer names found in the evidence sentence; fall back to the proposal's."""
    counts = dict(defaults.name_counts)
    local = sorted(_systems(sentence, vocab), key=lambda name: (counts.get(name, 0), len(name)), reverse=True)
    return Slots(
        subject=defaults.subject,
        system=_first(local) or defaults.system,
        name_counts=defaults.name_counts,
        people=_first_people(sentence, vocab) or defaults.people,
        date=_first(DATE.findall(sentence)) or defaults.date,
    )


def fill(template: str, slots: Slots, language: str, vocab: Vocabulary) -> str:
    fallback = vocab.fallback.get(language, vocab.fallback["en"])
    values = {
        "subject": slots.subject or fallback["subject"],
        "system": slots.system or slots.subject or fallback["system"],
        "people": slots.people or fallback["people"],
        "date": slots.date or fallback["date"],
    }
    text = template.format(**values)
    return text[:1].upper() + text[1:]


def _systems(text: str, vocab: Vocabulary) -> list[str]:
    """Capitalised names, acronyms and CamelCase words that are not sentence starters."""
    blocked = set(vocab.not_systems)
    found = []
    for match in PROPER.finditer(text):
        name = match.group(0).strip(" .-/")
        start = match.start()
        preceding = text[max(0, start - 2) : start]
        if name in blocked or name.split(" ")[0] in blocked or len(name) < 2:
            continue
        at_sentence_start = start == 0 or re.search(r"[.!?:\n#>*|\"-]\s*$", preceding) is not None
        first, _, rest = name.partition(" ")
        if at_sentence_start and first[1:].islower():
            name = rest  # a capital at a sentence start is grammar, not a name
            if not name[:1].isupper() or name.split(" ")[0] in blocked:
                continue
        if DATE.fullmatch(name):
            continue
        if LOCATION_BEFORE.search(text[max(0, start - 6) : start]) and name.istitle() and " " not in name:
            continue  # "in Tilburg", "bij Venlo": a place, not a system
        found.append(name)
    return found


def _first_people(text: str, vocab: Vocabulary) -> str | None:
    pattern = stem_pattern(tuple(vocab.people))
    if pattern is None:
        return None
    match = pattern.search(text)
    if not match:
        return None
    found = " ".join(match.group(0).split())
    return found.lower() if found[1:].islower() else found  # "Staff" at a sentence start -> "staff"


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _short(title: str, limit: int = 60) -> str:
    title = title.strip().rstrip(".")
    head = re.split(r"[,:;(]| - | – ", title)[0].strip()
    if len(head.split()) >= 2:
        title = head
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + "…"
