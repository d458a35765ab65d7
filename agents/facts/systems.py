"""Systems in a sentence, and whether each is being introduced or retired.

Why positive evidence only: the old engine took any capitalised word for a system and asked about
"the security of DC Venlo". Here a name is a system only when it is a known product, has a
system's shape (FS01, SharePoint) or stands next to a system noun ("the app RitPunt"), and it is
never a language, city, file format, department or a person named in the proposal. Its role comes
from the sentence: "replace X with Y", "X is switched off", "migrate from X to Y", "X vervangen
door Y" make X retired and Y new; a system that is retired anywhere is never the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.facts.patterns import Compiled

NAME = r"[A-Z][\w./+-]*(?:\s+(?:[A-Z0-9][\w./+-]*))*"


@dataclass(frozen=True)
class Mention:
    """A system named in a sentence: its verbatim text and character span."""

    name: str
    start: int
    end: int
    generic_role: str | None = None  # "new"/"retired" for "the new WMS", "de oude server"


def find_systems(text: str, p: Compiled, people: set[str]) -> list[Mention]:
    """Every system named in `text`, longest names first, without overlaps."""
    found: list[Mention] = []
    for m in p.known_systems.finditer(text):
        end = m.end()
        for word in _following(text, end):
            if word.group(1) in p.function_words or word.group(1).lower() in p.not_system_words:
                break
            end = word.end()
        found.append(Mention(text[m.start() : end].rstrip("."), m.start(), end))
    for m in p.system_shapes.finditer(text):
        found.append(Mention(m.group(0), m.start(), m.end()))
    for m in p.system_nouns.finditer(text):
        after = re.match(rf"\s+({NAME})", text[m.end() :])
        if after:
            start = m.end() + after.start(1)
            found.append(Mention(after.group(1), start, start + len(after.group(1))))
        before = re.search(rf"({NAME})\s+$", text[: m.start()])
        if before:
            found.append(Mention(before.group(1), before.start(1), before.end(1)))
    for regex, role in ((p.generic_new, "new"), (p.generic_retired, "retired")):
        for m in regex.finditer(text):
            found.append(Mention(m.group(0).strip(), m.start(), m.end(), role))
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        cleaned = _clean(mention, text, p, people)
        if cleaned and not any(cleaned.start < k.end and k.start < cleaned.end for k in kept):
            kept.append(cleaned)
    return sorted(kept, key=lambda x: x.start)


def _following(text: str, end: int) -> list[re.Match[str]]:
    """Capitalised words right after a known product name ("SharePoint Online", "Windows Server 2012")."""
    words: list[re.Match[str]] = []
    pattern = re.compile(r" ([A-Z0-9][\w.-]*)")
    while len(words) < 3 and (match := pattern.match(text, end)):
        words.append(match)
        end = match.end()
    return words


def _clean(mention: Mention, text: str, p: Compiled, people: set[str]) -> Mention | None:
    """Drop leading function words and refuse names that are not systems."""
    if mention.generic_role:
        return mention
    words = mention.name.rstrip(".").split()
    start = mention.start
    while words and (words[0] in p.function_words or words[0].lower() in p.not_system_words):
        start += len(words[0]) + 1
        words = words[1:]
        while start < len(text) and text[start] == " ":
            start += 1
    if not words:
        return None
    name = " ".join(words)
    if len(name) < 2 or name.lower() in p.not_system_words or any(w in people for w in words):
        return None
    if all(w.lower() in p.not_system_words for w in words):
        return None
    before = text[max(0, start - 12) : start]
    is_known = p.known_systems.fullmatch(name) is not None
    if not is_known and (p.place_before.search(before) or p.person_before.search(before)) and name.istitle():
        return None
    initial = _sentence_initial(text, start) and not p.system_shapes.fullmatch(words[0])
    if not is_known and initial and len(words) == 1:
        return None  # "Portal", "Scanners": a capital at a sentence start is grammar, not a name
    end = start + len(name)
    if text[start:end] != name:  # whitespace inside the name differs (line breaks): keep it verbatim
        end = start + len(" ".join(text[start:].split()[: len(words)]))
    return Mention(text[start:end], start, end)


def _sentence_initial(text: str, start: int) -> bool:
    return start == 0 or re.search(r"(?:^|[.!?:\n#>*|\"-])\s*$", text[:start]) is not None


def roles(text: str, mentions: list[Mention], p: Compiled) -> dict[Mention, str]:
    """'new', 'retired' or 'system' for each mention; earlier role patterns win."""
    assigned: dict[Mention, str] = {m: m.generic_role for m in mentions if m.generic_role}
    for regex in p.roles:
        for match in regex.finditer(text):
            for group in ("old", "new"):
                if group not in regex.groupindex or match.group(group) is None:
                    continue
                lo, hi = _clause(match, group, p)
                inside = [m for m in mentions if lo <= m.start and m.end <= hi]
                if not inside:
                    continue
                # the object of the verb, not a modifier ("switch off the FTP server for EDI")
                target = inside[-1] if lo == match.start() and hi < match.end() else inside[0]
                if target not in assigned:
                    assigned[target] = "retired" if group == "old" else "new"
    return {m: assigned.get(m, "system") for m in mentions}


def _clause(match: re.Match[str], group: str, p: Compiled) -> tuple[int, int]:
    """The group's span cut at a conjunction: a leading group keeps its last clause, a trailing
    group its first ("move files to SharePoint and switch off FS01": SharePoint only)."""
    lo, hi = match.span(group)
    piece = match.string[lo:hi]
    breaks = list(p.clause_break.finditer(piece))
    if not breaks:
        return lo, hi
    if lo == match.start() and hi < match.end():
        return lo + breaks[-1].end(), hi
    return lo, lo + breaks[0].start()
