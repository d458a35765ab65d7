"""Two automatic proxies for what a reviewer judges: is a finding a template, and does its quote
carry its fact?

Template share. A checklist with the proposal's nouns filled in reads like a specific finding on
one proposal but repeats itself across proposals. We mask, in each finding title, every word
(case-insensitive, `\\w+`) that occurs in its own proposal, collapse runs of masks, and call the
finding a template when its masked title is at least `TEMPLATE_RATIO` similar (difflib
SequenceMatcher ratio) to the masked title of a finding on *another* case of the same group
(one reviewer, one run, one split). What stays after masking is the engine's own wording; if
that wording recurs with only the names changed, the finding was not written for this proposal.
Limits: a template only matches its own translation's wording, so an English and a Dutch
rendering of one template do not count as each other's template (the figure is a lower bound
on a mixed-language set); and a split with one case has no template share to speak of (0).

Evidence support. A proposal quote supports its finding when it carries the finding's fact:
(1) it shares at least one content word (at least four letters, not an English or Dutch stop
word) with the finding's title or detail, where an inflected form counts as the same word when
the shorter is a prefix of the longer and has at least `MIN_STEM` letters ("koppeling" and
"koppelingen", "system" and "systems"); (2) it is at least `MIN_QUOTE_CHARS` characters; and
(3) it is not a header or field line: a Markdown heading, a metadata line (From:, Author:,
Status:, Date:, Van:, Auteur:, Datum: ...) or any bold field label (`**X:** ...`). A quote found
in the proposal is judged by the line(s) it comes from, so a fragment of the "From:" line is still
a header quote. This is an automatic proxy, not a reading of the sentence: a shared word does not
prove the quote supports the finding, and a paraphrasing quote can support it with no shared
word. Human or judge labels (`evals/labels.py`, `evals/judge.py`) are the real measure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from agents.schemas import Finding, ProposalEvidence
from evals.specificity import STOPWORDS

TEMPLATE_RATIO = 0.8
MIN_QUOTE_CHARS = 20
MIN_CONTENT_LETTERS = 4
MIN_STEM = 5
MASK = "_"

_WORD = re.compile(r"\w+", re.UNICODE)
_CONTENT_WORD = re.compile(rf"[^\W\d_]{{{MIN_CONTENT_LETTERS},}}", re.UNICODE)
_MASK_RUN = re.compile(r"_(?:[\s\W]*_)+")
# Metadata labels of memo and ADR headers, English and Dutch (lower case, without the colon).
HEADER_LABELS = frozenset(
    {
        "from",
        "to",
        "cc",
        "author",
        "authors",
        "status",
        "date",
        "subject",
        "version",
        "reviewers",
        "deciders",
        "prepared by",
        "submitted by",
        "van",
        "aan",
        "auteur",
        "auteurs",
        "datum",
        "onderwerp",
        "versie",
        "opgesteld door",
        "ingediend door",
    }
)
_PLAIN_LABEL = re.compile(r"^\s*(?:[-*>]\s*)*([A-Za-z][A-Za-z ]{0,20}?)\s*:")
_BOLD_LABEL = re.compile(r"^\s*(?:[-*>]\s*)*(?:\*\*|__)[^*_\n]{1,40}?(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)")
_HEADING = re.compile(r"^\s*#{1,6}\s")


def masked_title(title: str, proposal: str) -> str:
    """The title in lower case with every word of the proposal replaced by one `_` per run."""
    vocabulary = {w.lower() for w in _WORD.findall(proposal)}
    masked = _WORD.sub(lambda m: MASK if m.group(0).lower() in vocabulary else m.group(0).lower(), title)
    return " ".join(_MASK_RUN.sub(MASK, masked).split())


def _similar(left: str, right: str) -> bool:
    """SequenceMatcher ratio >= TEMPLATE_RATIO, with the cheap upper bounds tried first."""
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    return (
        matcher.real_quick_ratio() >= TEMPLATE_RATIO
        and matcher.quick_ratio() >= TEMPLATE_RATIO
        and matcher.ratio() >= TEMPLATE_RATIO
    )


def template_flags(masked_by_case: Sequence[tuple[str, Sequence[str]]]) -> list[list[bool]]:
    """For (case id, masked titles) pairs: per finding, is it a template of another case's finding?

    Findings of the same case never make each other templates (a reviewer may repeat itself on
    one proposal; that is a duplicate, not a template).
    """
    flags: list[list[bool]] = []
    for index, (case_id, titles) in enumerate(masked_by_case):
        others = {
            t
            for j, (other_id, other_titles) in enumerate(masked_by_case)
            if j != index and other_id != case_id
            for t in other_titles
        }
        flags.append([title in others or any(_similar(title, o) for o in others) for title in titles])
    return flags


def content_words(text: str) -> set[str]:
    """Lower-cased words of at least four letters that are not English or Dutch stop words."""
    return {w for w in (m.lower() for m in _CONTENT_WORD.findall(text)) if w not in STOPWORDS}


def is_header_line(line: str) -> bool:
    """A Markdown heading, a metadata line (From:, Status:, Van: ...) or a bold field label."""
    if _HEADING.match(line) or _BOLD_LABEL.match(line):
        return True
    plain = _PLAIN_LABEL.match(line)
    return plain is not None and " ".join(plain.group(1).lower().split()) in HEADER_LABELS


def _source_lines(quote: str, proposal: str) -> list[str]:
    """The proposal lines a verbatim quote spans; the quote's own lines when it is not verbatim."""
    at = proposal.find(quote)
    if at < 0:
        return [line for line in quote.splitlines() if line.strip()] or [quote]
    start = proposal.rfind("\n", 0, at) + 1
    end = proposal.find("\n", at + len(quote))
    block = proposal[start : end if end >= 0 else len(proposal)]
    return [line for line in block.splitlines() if line.strip()]


def quote_supports(quote: str, finding_words: set[str], proposal: str) -> bool:
    """Does this quote carry the finding's fact (by the automatic proxy in the module docstring)?"""
    text = quote.strip()
    if len(text) < MIN_QUOTE_CHARS:
        return False
    if all(is_header_line(line) for line in _source_lines(text, proposal)):
        return False
    return any(same_word(q, f) for q in content_words(text) for f in finding_words)


def same_word(left: str, right: str) -> bool:
    """Equal, or an inflection: the shorter word (at least MIN_STEM letters) starts the longer."""
    if left == right:
        return True
    short, long = sorted((left, right), key=len)
    return len(short) >= MIN_STEM and long.startswith(short)


def evidence_support(findings: Iterable[Finding], proposal: str) -> tuple[int, int]:
    """(supported proposal quotes, all proposal quotes) over the findings of one review."""
    supported = total = 0
    for finding in findings:
        words = content_words(f"{finding.title} {finding.detail}")
        for item in finding.evidence:
            if isinstance(item, ProposalEvidence):
                total += 1
                supported += quote_supports(item.quote, words, proposal)
    return supported, total
