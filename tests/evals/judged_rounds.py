"""Reading the stored judging rounds: the rates, stages and listed checks the READMEs quote.

Shared by the tests that hold the READMEs to the stored blind labels (`test_judgements_on_file.py`,
`test_round_narratives.py`), so a rate is computed one way wherever it is quoted.
"""

from __future__ import annotations

from pathlib import Path

from evals.blind import load_key, score_labels
from evals.labels import load_labels

JUDGEMENTS = Path(__file__).resolve().parents[2] / "evals" / "judgements"
ROUNDS = JUDGEMENTS / "2026-11-29-track-record"
README = JUDGEMENTS.parents[1] / "README.md"
ROUNDS_README = ROUNDS / "README.md"


def set_rates(folder: Path, labeller: int, report_set: str) -> tuple[int, float, float]:
    labels = load_labels(folder / f"labels-{labeller}.csv", "item_id")
    rates, unknown = score_labels(load_key(folder / "key.json"), labels)
    assert unknown == 0
    r = rates[report_set]
    return sum(r.labelled.values()), round(r.rate("specific") or 0, 2), round(r.rate("wrong") or 0, 2)


def stages_read_and_agreed(round_name: str, rules_only: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """(the stage of each memo both readers gave the same stage; the stage the engine reads)."""
    import csv

    from agents.lenses.commitment_signals import default_reader
    from agents.nodes.commitment import classify_commitment
    from agents.nodes.read import parse_proposal

    folder = ROUNDS / round_name
    readers = [
        {row["case"]: row["stage"] for row in csv.DictReader((folder / f"stage-{n}.csv").open(encoding="utf-8"))}
        for n in (1, 2)
    ]
    agreed = {case: stage for case, stage in readers[0].items() if readers[1].get(case) == stage}
    texts = {case: (folder / "proposals" / f"{case}.md").read_text("utf-8") for case in agreed}
    reader = default_reader()
    return agreed, {
        case: classify_commitment(parse_proposal(t), reader, rules_only=rules_only).stage for case, t in texts.items()
    }


def pooled(rounds: list[str], report_set: str, labeller: int) -> tuple[int, int, int]:
    """(findings, specific, wrong) of one labeller over several rounds, from the stored labels."""
    findings = specific = wrong = 0
    for name in rounds:
        folder = ROUNDS / name
        labels = load_labels(folder / f"labels-{labeller}.csv", "item_id")
        counts = score_labels(load_key(folder / "key.json"), labels)[0][report_set].labelled
        findings += sum(counts.values())
        specific, wrong = specific + counts.get("specific", 0), wrong + counts.get("wrong", 0)
    return findings, specific, wrong


# last round -> (before, shipped) as (findings, specific, wrong) per labeller, and the rounds README's words


def before_and_shipped(rounds: list[str]) -> list[tuple[int, int, int]]:
    """(findings, specific, wrong) pooled over rounds: the session's start, then as shipped; labeller 1, then 2."""
    return [pooled(rounds, s, n) for s in ("before", "shipped") for n in (1, 2)]


def missing(readme: Path, phrases: list[str]) -> list[str]:
    """The phrases a README does not say (its line breaks read as spaces)."""
    text = " ".join(readme.read_text(encoding="utf-8").split())
    return [phrase for phrase in phrases if phrase not in text]


def listed(round_name: str, report_set: str) -> list[str]:
    """The check ids a round's stored report set lists, memo by memo."""
    import json

    return [
        finding["id"]
        for report in sorted((ROUNDS / round_name / "reports" / report_set).glob("*.json"))
        for finding in json.loads(report.read_text(encoding="utf-8"))["findings"]
    ]


STAGE_ROWS = [
    ("s9", 23, 16, 21),
    ("s10", 23, 18, 20),
    ("s11", 20, 11, 17),
    ("s12", 24, 16, 21),
    ("s13", 24, 17, 18),
    ("s14", 24, 18, 19),
    ("s15", 24, 14, 18),
    ("s16", 24, 17, 18),
    ("s17", 24, 17, 20),
    ("s18", 24, 14, 19),
    ("s19", 23, 19, 18),
    ("s20", 24, 15, 19),
    ("s21", 24, 20, 22),
    ("s22", 24, 18, 20),
    ("s23", 24, 16, 20),
    ("s24", 24, 18, 21),
    ("s25", 24, 17, 18),
    ("s26", 24, 19, 22),
    ("s27", 24, 19, 20),
    ("s28", 24, 15, 18),
    ("s29", 24, 20, 22),
    ("s30", 24, 21, 24),
    ("s31", 24, 18, 21),
    ("s32", 24, 18, 23),
    ("s33", 24, 18, 22),
    ("s34", 24, 19, 24),
    ("s35", 24, 17, 21),
    ("s36", 24, 19, 23),
    ("s37", 12, 9, 11),
    ("s38", 24, 21, 23),
    ("s39", 12, 6, 9),
    ("s40", 24, 21, 23),
    ("s41", 12, 9, 11),
    ("s42", 12, 10, 11),
    ("s43", 24, 22, 24),
    ("s44", 12, 10, 12),
    ("s45", 23, 16, 19),
    ("s46", 24, 17, 19),
    ("s47", 24, 20, 21),
    ("s48", 12, 12, 11),
    ("s49", 24, 18, 20),
    ("s50", 12, 8, 10),
    ("s51", 24, 17, 22),
    ("s52", 12, 8, 11),
    ("s53", 12, 10, 12),
    ("s54", 18, 17, 16),
    ("s55", 18, 13, 17),
    ("s56", 12, 9, 11),
    ("s57", 12, 10, 12),
    ("s58", 12, 7, 11),
    ("s59", 12, 9, 12),
    ("s60", 12, 8, 10),
    ("s61", 12, 6, 11),
    ("s62", 12, 8, 11),
]  # fmt: skip
"""(round, memos both readers agreed on, read right by the rules alone, with the stage model)."""
