"""The options a proposal weighs and does not recommend: their sentences are not the plan.

Why: an options memo describes two or three ways to go and recommends one. A reviewer that quotes the
option the author set aside ("Option C: our own Azure storage; monitoring stays with our two
administrators") asks about a plan nobody proposes; blind reviewers called every such finding wrong.
So when a proposal names its options (a heading or a bold lead "**B – Backup as a service.**", in a
section about options or with the word "option") and recommends exactly one of them ("Recommendation:
option B", "Wij stellen optie B voor", "Advies: **optie B**"), the sentences of the other options are
left out of what the judges read. Without one clear recommendation nothing is left out: a proposal
that asks the reader to choose is about all its options.
"""

from __future__ import annotations

import re

from agents.state import Proposal

OPTION_WORD = r"(?:option|optie|variant|scenario|alternatie[fv]|route)"
# "### Option B", "**Optie C**", "**B – Backup as a service.**", "- Option A: ..."
LEAD = re.compile(
    rf"^\s*(?:#{{1,6}}\s*|[-*]\s+)?(?:\*\*|__)?\s*(?P<word>{OPTION_WORD}\s+)?(?P<label>[A-E]|[1-5])\b\s*(?:\*\*|__)?\s*[.:)–—-]?",
    re.IGNORECASE,
)
# a section of options by any name: "## Mogelijkheden" with "**1. Zelf scannen op elke vestiging.**" (s40)
OPTIONS_SECTION = re.compile(
    rf"\b{OPTION_WORD}|\bopties\b|\boptions\b|\bscenario'?s\b|\balternatives\b|\b(?:keuze)?mogelijkheden\b|\bpossibilities\b",
    re.IGNORECASE,
)
CHOSEN_WORDS = (
    r"recommend\w*|aanbevel\w*|aanbevolen|advies|advice|adviseer\w*|adviseren|voorkeur|prefer\w*|propos\w*"
    r"|voorstel|stellen\s+(?:wij\s+|we\s+)?|approve|kiezen\s+voor|kies\s+voor|choose|go\s+for|gaan\s+voor|akkoord\s+met"
)
# "choose option A, B or C" names all of them: a list is no recommendation
LIST_AFTER = rf"(?!\s*(?:,|/|\bor\b|\bof\b|\ben\b|\band\b)\s*(?:{OPTION_WORD}\s+)?(?:[A-E]|[1-5])\b)"
CHOSEN = re.compile(
    rf"\b(?:{CHOSEN_WORDS})[^.\n]{{0,40}}?\b{OPTION_WORD}\s*(?:\*\*|__)?\s*(?P<label>[A-E]|[1-5])\b{LIST_AFTER}",
    re.IGNORECASE,
)
# "We deliberately do not recommend one", "geen voorkeur": the author leaves the choice to the reader
NO_CHOICE = re.compile(
    r"\b(?:(?:do|does|did) not|don.t|deliberately not) (?:recommend|prefer|propose)"
    r"|\bno (?:recommendation|preference)\b|\bgeen (?:advies|voorkeur|aanbeveling)\b"
    r"|\bniet (?:aanbevelen|adviseren)\b|\bbewust geen\b",
    re.IGNORECASE,
)
# "Our preference: A", "Advies: optie B", "Recommendation: option 2"
NAMED_AFTER_COLON = re.compile(
    rf"\b(?:recommendation|aanbeveling|advies|advice|voorkeur|preference|keuze|choice)\s*:\s*(?:{OPTION_WORD}\s+)?"
    r"(?P<label>[A-E]|[1-5])\b",
    re.IGNORECASE,
)
RECOMMENDATION_SECTION = re.compile(
    r"recommend|aanbevel|advies|advice|voorstel|voorkeur|preference|proposal", re.IGNORECASE
)
NAMED = re.compile(rf"\b{OPTION_WORD}\s+(?P<label>[A-E]|[1-5])\b", re.IGNORECASE)
MARKED = re.compile(r"\((?:recommended|aanbevolen|advies|voorkeur|preferred)\)", re.IGNORECASE)


def other_options(proposal: Proposal) -> set[int]:
    """Indices of the sentences that describe an option the proposal does not recommend."""
    if any(NO_CHOICE.search(s.text) for s in proposal.sentences):
        return set()
    blocks = _option_blocks(proposal)
    labels = {label for label, _ in blocks}
    chosen = _recommended(proposal, blocks)
    if len(labels) < 2 or len(chosen) != 1 or not chosen <= labels:
        return set()
    return {i for label, sentences in blocks if label not in chosen for i in sentences}


def _option_blocks(proposal: Proposal) -> list[tuple[str, list[int]]]:
    """(label, sentence indices) of every option the proposal lays out: a heading that names an option
    ("### Option C - Own Azure storage") holds its section; a bold lead holds its paragraph."""
    blocks: list[tuple[str, list[int]]] = []
    sentences = proposal.sentences
    for section in dict.fromkeys(s.section for s in sentences if s.section):
        lead = LEAD.match(section)
        if lead is not None and lead.group("word"):
            blocks.append((lead.group("label").upper(), [i for i, s in enumerate(sentences) if s.section == section]))
    for index, sentence in enumerate(sentences):
        lead = LEAD.match(sentence.text)
        if lead is None or not sentence.text.lstrip(" -").startswith(("**", "__")):
            continue  # a plain "1." is a list item, not an option's name
        if not (lead.group("word") or OPTIONS_SECTION.search(sentence.section)):
            continue
        end = proposal.text.find("\n\n", sentence.start)
        end = len(proposal.text) if end < 0 else end
        members = [i for i in range(index, len(sentences)) if sentences[i].start < end]
        blocks.append((lead.group("label").upper(), members))
    return blocks


def _recommended(proposal: Proposal, blocks: list[tuple[str, list[int]]]) -> set[str]:
    """The labels the author recommends: "we recommend option B", "Advies: optie B", an option marked
    "(recommended)", or the first option named in a section headed as the recommendation. A question
    ("willen we optie C onderzoeken?") recommends nothing."""
    chosen: set[str] = set()
    for sentence in proposal.sentences:
        plain = sentence.text.replace("*", "").replace("_", " ")
        if plain.rstrip().endswith("?"):
            continue
        chosen |= {m.group("label").upper() for m in CHOSEN.finditer(plain)}
        chosen |= {m.group("label").upper() for m in NAMED_AFTER_COLON.finditer(plain)}
    for section in dict.fromkeys(s.section for s in proposal.sentences if s.section):
        named = CHOSEN.search(section) or NAMED_AFTER_COLON.search(section)
        if named is None and RECOMMENDATION_SECTION.search(section):
            texts = (s.text.replace("*", "") for s in proposal.sentences if s.section == section)
            named = next((m for m in map(NAMED.search, texts) if m), None)
        if named is not None:
            chosen.add(named.group("label").upper())
    for label, members in blocks:
        if members and MARKED.search(proposal.sentences[members[0]].text):
            chosen.add(label)
    return chosen
