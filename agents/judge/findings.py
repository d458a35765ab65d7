"""Open judgements and challenges become findings for one side: titled, quoted, weighed.

Why importance: a reader acts on a handful of findings; what could block or reverse the decision
(a high-severity gap anchored in a stated fact, touching something already promised to outsiders,
an absolute such as "all 140 drivers", or many people) comes first. Weak matches are not listed
at all: nothing fills the list for the sake of a list.

Why a gap between the proposal's own dates comes first: it is about this plan by construction (two
stated dates and the days between them), where a pitfall is a question about a kind of decision
that may or may not fit. It is weighed as an anchored fact of its severity, plus DATED_GAP.

Why a pitfall that fires on a claim gives way to the challenge of that claim on the same sentence:
"we need no IT budget for this" met by the cloud-tool checklist and by the challenge quoting the
claim is one gap worded twice; the challenge names the claim, so it is the one kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.judge.challenges import Challenge
from agents.judge.pitfalls import APPLIES_ON_MEANING, Judgement
from agents.judge.timeline_checks import TimelineGap
from agents.lenses.library import Fact, fill
from agents.lenses.track_record import TrackRecord
from agents.schemas import CoverageItem, Finding, HeldBack, ProposalEvidence
from agents.state import Proposal

MAX_PER_SIDE = 8
MIN_IMPORTANCE = 0.45
SEVERITY_WEIGHT = {"high": 0.6, "medium": 0.45, "low": 0.3}
MANY_PEOPLE = 50
ARCHETYPE_WEIGHT = 2.5  # 0.04 behind the main archetype costs 0.1
DATED_GAP = 0.1  # a gap between two stated dates ranks above a pitfall of the same severity


def side_of(perspective: str) -> str:
    """'both' concerns are raised once, by the IT side's node."""
    return "it" if perspective == "both" else perspective


def importance(
    severity: str, sentence: int, facts: list[Fact], meaning: float, anchored: bool, behind: float = 0.0
) -> float:
    """How much the gap could block or reverse the decision, 0..1. `behind` (<= 0) is how far the
    pitfall's archetype scored below the proposal's main kind: a side kind's gaps weigh less."""
    here = [f for f in facts if f.sentence == sentence]
    score = SEVERITY_WEIGHT[severity] + ARCHETYPE_WEIGHT * behind
    if any(f.type == "external_commitment" for f in here):
        score += 0.1  # already promised, printed, signed: reversing it costs face and money
    if any(f.type == "absolute" for f in here):
        score += 0.05
    if any(f.type == "people" and (f.count or 0) >= MANY_PEOPLE for f in here):
        score += 0.05
    if anchored:
        score += 0.05
    score += 0.1 * min(max((meaning - APPLIES_ON_MEANING) / 0.03, 0.0), 1.0)
    return round(min(score, 1.0), 3)


def pitfall_finding(j: Judgement, proposal: Proposal, facts: list[Fact]) -> Finding:
    pitfall = j.pitfall
    language = proposal.language
    title = fill(pitfall.question.get(language), facts, prefer_sentence=j.trigger) or pitfall.question.get(language)
    detail = fill(pitfall.why.get(language), facts, prefer_sentence=j.trigger) or pitfall.why.get(language)
    detail = supported_examples(detail, proposal.text)
    wanted = pitfall.evidence_fact
    anchored = wanted is not None and any(f.type == wanted and f.sentence == j.trigger for f in facts)
    slotted = "{" in pitfall.question.en
    return Finding(
        id=pitfall.id,
        kind=pitfall.kind,
        perspective=pitfall.perspective,
        title=title,
        detail=detail,
        severity=pitfall.severity,
        evidence=[ProposalEvidence(quote=quotable(proposal.sentences[i].text)) for i in _quoted(j, facts)],
        origin="rule" if pitfall.source == "rules" else "lens",
        concern=pitfall.id,
        importance=importance(pitfall.severity, j.trigger, facts, j.trigger_score, anchored, j.archetype_behind),
        specificity=1.0 if slotted or anchored else 0.5,
    )


def _quoted(j: Judgement, facts: list[Fact]) -> list[int]:
    """The trigger's sentence, and the first other sentence carrying the pitfall's contrast act: "pilot in 3
    vestigingen" beside "uitrol naar 22 vestigingen" shows who the pilot leaves out in the memo's own words."""
    act = j.pitfall.contrast_act
    contrast = sorted({f.sentence for f in facts if act and f.type == "action" and f.role == act} - {j.trigger})
    return [j.trigger, *contrast[:1]]


EXAMPLE_LEAD = re.compile(r"^(?:for example|for instance|e\.g\.|bijvoorbeeld|zoals)\b", re.IGNORECASE)
EXAMPLE_FILLER = {"example", "instance", "bijvoorbeeld", "where", "which", "their", "there", "about", "other",
                  "before", "after", "could", "would", "should", "welke", "andere", "wordt", "worden", "zoals",
                  "waarbij", "waarin", "every", "elke", "iemand", "someone"}  # fmt: skip


def supported_examples(detail: str, proposal_text: str) -> str:
    """The detail without its "For example ..." sentence when the proposal names none of the
    example's words: a pitfall's examples come from the kind of decision (scanners, night shifts,
    warranty claims), and shown beside a proposal that has none of them they read as a template
    for another project. A word counts when its first six letters occur in the proposal."""
    text = proposal_text.lower()
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", detail.strip()):
        if EXAMPLE_LEAD.match(sentence):
            words = {w for w in re.findall(r"[^\W\d_]{5,}", sentence.lower()) if w not in EXAMPLE_FILLER}
            if not any(w[:6] in text for w in words):
                continue
        kept.append(sentence)
    return " ".join(kept) or detail


def challenge_finding(c: Challenge, proposal: Proposal, facts: list[Fact]) -> Finding:
    sentence = quotable(proposal.sentences[c.claim.sentence].text)
    language = proposal.language
    claim = claim_words(sentence, c.claim.value)
    if c.subject is not None and c.subject.value not in claim:
        # "formats do not change, so partners only need to change the connection": the people asked
        # to confirm stand in the other clause, so the claim is quoted whole
        claim = claim_words(sentence, c.claim.value, limit=170, whole=True)
    return Finding(
        id=f"assumption.{c.claim.role}",
        kind=c.spec.kind,
        perspective=c.challenger,
        title=c.question(language, claim),
        detail=c.why(language),
        severity=c.spec.severity,
        evidence=[ProposalEvidence(quote=sentence)],
        origin="assumption",
        concern=f"assumption.{c.claim.role}",
        importance=importance(c.spec.severity, c.claim.sentence, facts, 1.0, True),
        specificity=1.0,
    )


def timeline_finding(g: TimelineGap, proposal: Proposal, facts: list[Fact]) -> Finding:
    language = proposal.language
    quotes = list(dict.fromkeys(proposal.sentences[e.sentence].text for e in g.events))
    base = importance(g.spec.severity, g.events[-1].sentence, facts, 1.0, True)
    return Finding(
        id=g.concern,
        kind=g.spec.kind,
        perspective=g.spec.perspective,
        title=g.question(language),
        detail=g.spec.why.get(language),
        severity=g.spec.severity,
        evidence=[ProposalEvidence(quote=q) for q in quotes],
        origin="timeline",
        concern=g.concern,
        importance=round(min(base + DATED_GAP, 1.0), 3),
        specificity=1.0,
    )


def quotable(sentence: str) -> str:
    """The sentence without bold markup it opens and never closes: "- **AVG-proof.** Alle data ..." is
    split after "AVG-proof.", and the quote is "AVG-proof.", still a verbatim piece of the proposal."""
    for mark in ("**", "__"):
        if sentence.startswith(mark) and sentence.count(mark) % 2:
            return sentence[len(mark) :]
    return sentence


def claim_words(sentence: str, value: str, limit: int = 110, whole: bool = False) -> str:
    """The clause that carries the claim (or, `whole`, the sentence), verbatim, shortened to about
    `limit` characters."""
    # a bold label ends its clause as a colon does: "**Phones:** all drivers already have a smartphone"
    breaks = r"(?<=[;:])\s+|(?<=:\*\*)\s+|(?<=:__)\s+|,\s+(?=(?:but|maar|so|dus|because|omdat)\b)"
    clauses = [c.strip() for c in re.split(breaks, sentence)]
    chosen = sentence if whole else next((c for c in clauses if value in c), sentence)
    clause = " ".join(chosen.rstrip(".").split())
    if len(clause) <= limit:
        return clause
    at = clause.find(value)
    start = max(0, at - limit // 2)
    piece = clause[start : start + limit]
    piece = piece.split(" ", 1)[1] if start > 0 and " " in piece else piece
    return ("…" if start > 0 else "") + piece.rsplit(" ", 1)[0] + "…"


def side_findings(
    side: str,
    judgements: list[object],
    proposal: Proposal,
    facts: list[Fact],
    limit: int = MAX_PER_SIDE,
    record: TrackRecord | None = None,
) -> list[Finding]:
    """The side's findings, most important first; only open gaps that clear the bar and, given a
    `record`, only checks blind reviewers did not reject (see agents/lenses/track_record.py)."""
    findings = []
    challenged = {
        item.claim.sentence
        for item in judgements
        if isinstance(item, Challenge) and item.open and side_of(item.challenger) == side
    }
    open_ids = {j.pitfall.id for j in judgements if isinstance(j, Judgement) and j.open}
    open_ids |= {f"assumption.{c.claim.role}" for c in judgements if isinstance(c, Challenge) and c.open}
    open_ids |= {g.concern for g in judgements if isinstance(g, TimelineGap) and g.open}
    for item in judgements:
        if isinstance(item, Judgement | Challenge) and open_ids & set(_defers_to(item)):
            continue  # the same gap is raised by the check it defers to
        if isinstance(item, Judgement) and not item.pitfall.listed:
            continue  # a check for the coverage map, not a finding (see Pitfall.listed)
        if isinstance(item, Judgement) and item.open and side_of(item.pitfall.perspective) == side:
            if item.trigger in challenged and fires_on_claim(item):
                continue
            findings.append(pitfall_finding(item, proposal, facts))
        elif isinstance(item, Challenge) and item.open and side_of(item.challenger) == side:
            findings.append(challenge_finding(item, proposal, facts))
        elif isinstance(item, TimelineGap) and item.open and item.listed and side_of(item.spec.perspective) == side:
            findings.append(timeline_finding(item, proposal, facts))
    kept = [f for f in findings if (f.importance or 0) >= MIN_IMPORTANCE and not (record and record.held_back(f.id))]
    kept.sort(key=lambda f: -(f.importance or 0))
    return _one_per_quote(kept)[:limit]


def mark_held_back(
    coverage: list[CoverageItem], judgements: Sequence[object], record: TrackRecord | None
) -> list[CoverageItem]:
    """The coverage map with every open concern that will not be listed marked with why: a check by
    design, or (given the record, in builtin mode) one blind reviewers rejected or skimmed, the policy of
    side_findings."""
    check_only = {j.pitfall.id for j in judgements if isinstance(j, Judgement) and not j.pitfall.listed}

    def why(item: CoverageItem) -> HeldBack | None:
        if item.status != "open":
            return None
        if item.concern in check_only:
            return "check_only"
        return record.held_back(item.concern) if record else None

    return [item.model_copy(update={"held_back": reason}) if (reason := why(item)) else item for item in coverage]


def _defers_to(item: Judgement | Challenge) -> list[str]:
    return item.pitfall.defers_to if isinstance(item, Judgement) else item.spec.defers_to


def fires_on_claim(j: Judgement) -> bool:
    """Whether the pitfall exists because of a stated claim: a claim is the only fact it needs (one
    that also fires on money or a vendor has a concern of its own)."""
    when = j.pitfall.applies_when
    return {*when.facts_all, *when.facts_any} == {"claim"}


def _one_per_quote(findings: list[Finding], per_quote: int = 2) -> list[Finding]:
    """At most two findings quote the same sentence: a third one on it is the same gap reworded."""
    counts: dict[str, int] = {}
    kept = []
    for f in findings:
        quote = getattr(f.evidence[0], "quote", "")
        if counts.get(quote, 0) < per_quote:
            kept.append(f)
            counts[quote] = counts.get(quote, 0) + 1
    return kept
