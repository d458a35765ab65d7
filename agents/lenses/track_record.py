"""Blind reviewers' verdicts on each builtin check, as data: a check they found wrong often, and more often
than specific, is no longer listed as a finding; it stays in the coverage map as an open concern.

Why: on 288 judged builtin findings no score the engine computes (meaning match, cue words in the
quote, archetype rank, importance, rank in the list) told a fitting finding from a misfit one by more
than a few points. What did tell them apart is how the same check fared on other proposals: checks
reviewers mostly called wrong (a question that keeps meeting proposals that answer it in their own
words, or that fits another kind of decision) are wrong again on new ones. So each check carries its
record: the verdicts of every blind judging round in `evals/judgements/` (each finding's labels
averaged, so two labellers weigh as one finding), shrunk towards the average of all checks, so a
check judged once is not condemned by one verdict.

The file `agents/lenses/track_record.yaml` is written by `python -m evals.track_record` from the
judging rounds it names; it is data, not tuning by hand. A check without a record is listed.

A check reviewers almost never found specific is not listed either, even when they seldom called it wrong:
it is the checklist item a steering committee skims ("what does it cost once the hours are counted" on any
price). Only with enough verdicts (SKIM_EVIDENCE): leaving out each round in turn, on s9-s16, checks under
these bars had listed 43 judged findings of which 4.5 were specific, 24 generic and 14.5 wrong.

The bars (REJECTED, SKIMMED) were chosen by leaving out each development round in turn (s4-s25 and the
written sets, 635 judged findings; the record of the other rounds decides on each round's findings) and
checked on s26-s28, which no record in that replay counted. Against the bars before (wrong >= 0.5,
specific < 0.12): development 393 findings against 635, specific 37 % against 29 %, wrong 31 % against 36 %;
s26-s28 34 against 51, specific 38 % against 31 %, wrong 19 % against 30 %. Wrong must also outweigh
specific: a check judged specific three times and wrong twice is a check that fits some proposals.

Once a check has MARGIN_EVIDENCE verdicts, it must also be expected specific clearly more often than wrong
(KEPT_MARGIN): a check that is right about as often as it is wrong costs the reader's trust in the other
findings, and it stays in the coverage map as an open concern. Replayed over the rounds in the order they
were judged (each round's findings decided by the record of the rounds before it, as a user meets them;
`python -m evals.record_bars`), against the wrong-dominant rule alone: s20-s29 77 findings against 127,
specific 42 % against 32 %, wrong 21 % against 30 %; s30-s42 41 against 60, specific 37 % against 32 %,
wrong 27 % against 34 %. It costs some specific findings (s30-s42: 15 against 19.5) to drop more wrong
ones (11 against 20.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.schemas import HeldBack

RECORD_FILE = Path(__file__).with_name("track_record.yaml")
PRIOR_WEIGHT = 2.0  # the average of all checks counts as this many judged findings
Verdict = Literal["specific", "generic", "wrong"]
SKIMMED = 0.2  # a check whose expected share of specific verdicts stays below this is not listed ...
SKIM_EVIDENCE = 8.0  # ... once at least this many of its findings were judged
REJECTED = 0.4  # a check expected wrong at least this often, and more often than specific, is not listed
KEPT_MARGIN = 0.1  # a check judged MARGIN_EVIDENCE times is listed only when expected specific this much ...
MARGIN_EVIDENCE = 5.0  # ... more often than wrong


@dataclass(frozen=True)
class Bars:
    """When the record holds a check back; `kept_margin=None` is the wrong-dominant rule alone (the
    replay in `evals.record_bars` compares the two)."""

    rejected: float = REJECTED
    skimmed: float = SKIMMED
    skim_evidence: float = SKIM_EVIDENCE
    kept_margin: float | None = KEPT_MARGIN
    margin_evidence: float = MARGIN_EVIDENCE


BARS = Bars()


class Verdicts(BaseModel):
    """Judged findings of one check, each finding's labels averaged (two labellers weigh as one)."""

    model_config = ConfigDict(extra="forbid")
    specific: float = Field(0.0, ge=0)
    generic: float = Field(0.0, ge=0)
    wrong: float = Field(0.0, ge=0)

    @property
    def judged(self) -> float:
        return self.specific + self.generic + self.wrong


class TrackRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = 1
    judged_in: list[str] = Field(description="The judging rounds (folders under evals/judgements) counted.")
    checks: dict[str, Verdicts] = Field(default_factory=dict, description="check id -> its verdicts")

    def prior(self, verdict: Verdict) -> float:
        """The share of this verdict over every check: what an unjudged check is expected to score."""
        judged = sum(v.judged for v in self.checks.values())
        return sum(getattr(v, verdict) for v in self.checks.values()) / judged if judged else 0.0

    def expected(self, check_id: str, verdict: Verdict) -> float | None:
        """The check's share of this verdict, shrunk towards the average; None without a record."""
        verdicts = self.checks.get(check_id)
        if verdicts is None or not verdicts.judged:
            return None
        return (getattr(verdicts, verdict) + PRIOR_WEIGHT * self.prior(verdict)) / (verdicts.judged + PRIOR_WEIGHT)

    def skimmed(self, check_id: str, bars: Bars = BARS) -> bool:
        """Whether reviewers, over enough verdicts, almost never found this check specific to the proposal."""
        expected = self.expected(check_id, "specific")
        return expected is not None and self.checks[check_id].judged >= bars.skim_evidence and expected < bars.skimmed

    def held_back(self, check_id: str, bars: Bars = BARS) -> HeldBack | None:
        """Why the check is not listed (`track_record`: mostly wrong, or not clearly more often specific than
        wrong; `track_record_generic`: almost never specific), or None when it is."""
        if self.mostly_wrong(check_id, bars):
            return "track_record"
        if self.skimmed(check_id, bars):
            return "track_record_generic"
        return "track_record" if self._below_margin(check_id, bars) else None

    def mostly_wrong(self, check_id: str, bars: Bars = BARS) -> bool:
        """Whether reviewers found this check wrong often (REJECTED) and more often than specific."""
        wrong, specific = self.expected(check_id, "wrong"), self.expected(check_id, "specific")
        return wrong is not None and specific is not None and wrong >= bars.rejected and wrong > specific

    def rejected(self, check_id: str, bars: Bars = BARS) -> bool:
        """Whether the check is mostly wrong or, over enough verdicts, not clearly more often specific than
        wrong (KEPT_MARGIN)."""
        return self.mostly_wrong(check_id, bars) or self._below_margin(check_id, bars)

    def _below_margin(self, check_id: str, bars: Bars) -> bool:
        wrong, specific = self.expected(check_id, "wrong"), self.expected(check_id, "specific")
        if wrong is None or specific is None or bars.kept_margin is None:
            return False
        return self.checks[check_id].judged >= bars.margin_evidence and specific < wrong + bars.kept_margin


@lru_cache(maxsize=4)
def load_track_record(path: Path | None = None) -> TrackRecord:
    """The record at `path` (an organisation's own, from the settings), or the one shipped."""
    from core.data_files import load_yaml

    return load_yaml(path or RECORD_FILE, TrackRecord)
