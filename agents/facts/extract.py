"""Typed facts from a proposal's sentences: what the reviewer may name, and where it was said.

Why typed: a pitfall's wording may only carry what a fact typed (`agents.lenses.library.SLOTS`),
and a finding quotes the sentence that carries its fact. Header and field lines ("From:",
"**Status:**") carry no facts at all: the department on a "From:" line is not a system, and a
"Status:" line is never a finding's evidence.
"""

from __future__ import annotations

import re

from agents.facts.patterns import Compiled, load_patterns
from agents.facts.systems import find_systems, roles
from agents.lenses.library import Fact
from agents.state import Proposal

YEAR = re.compile(r"^(?:19|20)\d\d$")
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "tien": 10, "twintig": 20, "dertig": 30,
    "veertig": 40, "vijftig": 50, "honderd": 100,
}  # fmt: skip


def is_field_line(text: str, patterns: Compiled | None = None) -> bool:
    """A header/field line such as "**Author:** ..." or "Van: ...", or the memo's wrapping (a greeting,
    a sign-off, a version stamp, a notes header; `no_evidence` in patterns.yaml): never evidence,
    never facts, never a criterion or goal."""
    p = patterns or load_patterns()
    if p.field_line.match(text) is not None:
        return True
    line = " ".join(text.replace("*", " ").replace("_", " ").split())
    return p.no_evidence is not None and p.no_evidence.fullmatch(line) is not None


BOLD_LABEL = re.compile(r"^\s*(?:\*\*|__)[^*_\n]{1,40}:\s*(?:\*\*|__)|^\s*(?:\*\*|__)[^*_\n]{1,40}(?:\*\*|__)\s*:")


def field_lines(proposal: Proposal, patterns: Compiled | None = None) -> set[int]:
    """Indices of header/field lines: a known label anywhere ("Status:", "Van:"), and any bold label
    ("**Gevraagd:** ...") in the header block that opens the proposal, before its first paragraph."""
    p = patterns or load_patterns()
    found: set[int] = set()
    in_header = True
    for index, sentence in enumerate(proposal.sentences):
        bold = BOLD_LABEL.match(sentence.text) is not None
        if is_field_line(sentence.text, p) or (in_header and bold):
            found.add(index)
        else:
            in_header = False
    return found


def extract_facts(proposal: Proposal, patterns: Compiled | None = None) -> list[Fact]:
    """All typed facts of the proposal, in sentence order."""
    p = patterns or load_patterns()
    people_names = named_people(proposal, p)
    skipped = field_lines(proposal, p)
    facts: list[Fact] = []
    for index, sentence in enumerate(proposal.sentences):
        if index in skipped:
            continue
        facts += sentence_facts(sentence.text, index, p, people_names)
    retired, new = heading_roles(proposal, p, people_names)
    return settle_system_roles(facts, frozenset(retired), frozenset(new))


def heading_roles(proposal: Proposal, p: Compiled, people_names: set[str]) -> tuple[set[str], set[str]]:
    """Roles stated in the title and headings ("Migratie van DocuVault naar SharePoint"): they carry
    no sentence to quote, but they say which system goes and which comes."""
    retired: set[str] = set()
    new: set[str] = set()
    for heading in [proposal.title, *proposal.sections]:
        for mention, role in roles(heading, find_systems(heading, p, people_names), p).items():
            (retired if role == "retired" else new if role == "new" else set()).add(mention.name.lower())
    return retired, new


def named_people(proposal: Proposal, p: Compiled) -> set[str]:
    """Words of people's names given on field lines ("Author: Fatma Yildiz, ...")."""
    names: set[str] = set()
    header = field_lines(proposal, p)
    for index, sentence in enumerate(proposal.sentences):
        if index not in header or ":" not in sentence.text:
            continue
        value = sentence.text.split(":", 1)[1].strip(" *_")
        for part in re.split(r"[,;(/]|\s-\s", value):
            words = part.split()
            if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w.lower() not in ("van", "de", "der")):
                names.update(w for w in words if w[:1].isupper())
    return names


def sentence_facts(text: str, index: int, p: Compiled, people_names: set[str] | None = None) -> list[Fact]:
    facts: list[Fact] = []
    mentions = find_systems(text, p, people_names or set())
    for mention, role in roles(text, mentions, p).items():
        kind = {"new": "system_new", "retired": "system_retired"}.get(role, "system")
        facts.append(Fact(type=kind, value=" ".join(mention.name.split()), sentence=index))  # type: ignore[arg-type]
    facts += _people(text, index, p)
    for m in p.dates.finditer(text):
        fixed = "fixed" if p.date_fixed_by.search(text) else None
        facts.append(Fact(type="date", value=m.group(0).strip(), sentence=index, role=fixed))
    for m in p.money.finditer(text):
        facts.append(Fact(type="money", value=m.group(0).strip(), sentence=index))
    facts += _vendors(text, index, p, people_names or set())
    groups: list[tuple[str, dict[str, re.Pattern[str]]]] = [
        ("action", p.actions),
        ("claim", dict(p.claims)),
        ("absolute", {"": p.absolutes}),
        ("external_commitment", p.commitments),
        ("data", p.data),
    ]
    contingent = p.contingency is not None and p.contingency.search(text) is not None
    for fact_type, regexes in groups:
        if fact_type == "action" and contingent:
            continue
        denial = p.denial if fact_type == "action" else None
        for role, regex in regexes.items():
            if hit := next((h for h in regex.finditer(text) if not _denied(text, h.start(), denial)), None):
                value = hit.group(0).strip()
                facts.append(Fact(type=fact_type, value=value, sentence=index, role=role or None))  # type: ignore[arg-type]
    return facts


def _denied(text: str, start: int, denial: re.Pattern[str] | None) -> bool:
    """Whether the words just before an act deny it: "is not being switched off", "wordt niet uitgezet"."""
    return denial is not None and denial.search(text[max(0, start - 40) : start]) is not None


def _people(text: str, index: int, p: Compiled) -> list[Fact]:
    facts = []
    for m in p.people.finditer(text):
        start = m.start()
        if not (m.group("count") or re.search(r"\d", text[start : m.start("noun")])):
            start = m.start("noun")  # filler words without a count are not part of the group's name
        value = text[start : m.end("noun")]
        numbers = [n for n in re.findall(r"\d[\d.,]*\d|\d", value) if not YEAR.match(n)]
        if YEAR.match(value.split()[0]):
            value = value.split(None, 1)[1]  # "vanaf 1 juni 2026 alle chauffeurs": 2026 is a year
        words = [NUMBER_WORDS[w.lower()] for w in value.split() if w.lower() in NUMBER_WORDS]
        count = int(re.sub(r"[.,]", "", numbers[0])) if numbers else (words[0] if words else None)
        facts.append(Fact(type="people", value=" ".join(value.split()), sentence=index, count=count))
    return facts


def _vendors(text: str, index: int, p: Compiled, people_names: set[str]) -> list[Fact]:
    named = []
    for regex in p.vendor_named:
        for m in regex.finditer(text):
            name = m.group("name").strip(" .")
            words = name.split()
            clean = words and words[0] not in p.function_words and not set(words) & people_names
            if clean and name.lower() not in p.not_system_words:
                named.append(Fact(type="vendor", value=name, sentence=index))
    if named:
        return named
    for m in p.vendor_nouns.finditer(text):
        if not p.people.match(text, m.start()):  # "agency workers" are people, not a vendor
            return [Fact(type="vendor", value=m.group(0), sentence=index)]
    return []


def settle_system_roles(
    facts: list[Fact],
    retired_elsewhere: frozenset[str] = frozenset(),
    new_elsewhere: frozenset[str] = frozenset(),
) -> list[Fact]:
    """A system retired anywhere is retired everywhere; one introduced anywhere (and never retired)
    is new everywhere. So "the retired system" and "the new system" never name the same thing."""
    retired = {f.value.lower() for f in facts if f.type == "system_retired"} | set(retired_elsewhere)
    new = ({f.value.lower() for f in facts if f.type == "system_new"} | set(new_elsewhere)) - retired
    settled = []
    for fact in facts:
        if fact.type in ("system", "system_new", "system_retired"):
            key = fact.value.lower()
            kind = "system_retired" if key in retired else "system_new" if key in new else "system"
            fact = fact.model_copy(update={"type": kind})
        settled.append(fact)
    return settled


def facts_of(facts: list[Fact], kind: str, role: str | None = None) -> list[Fact]:
    return [f for f in facts if f.type == kind and (role is None or f.role == role)]
