"""The precision figures the README quotes are the ones the stored blind labels give.

The labels, keys and judged reports live in `evals/judgements/`; scoring them again must give the
same rates, so a README figure cannot drift from its evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from judged_rounds import (
    JUDGEMENTS,
    README,
    ROUNDS,
    ROUNDS_README,
    STAGE_ROWS,
    pooled,
    set_rates,
    stages_read_and_agreed,
)

from evals.answered_blind import score as answered_score
from evals.blind import load_key, score_labels
from evals.labels import load_labels


@pytest.mark.parametrize(
    ("folder", "report_set", "specific", "wrong"),
    [
        ("2026-11-29-written/fresh", "final", 0.24, 0.51),
        ("2026-11-29-written/fresh-memo", "memo", 0.23, 0.51),
        ("2026-11-29-written/fresh", "before", 0.24, 0.52),
        ("2026-11-28-heldout", "session2", 0.43, 0.35),
    ],
)
def test_stored_labels_give_the_quoted_rates(folder: str, report_set: str, specific: float, wrong: float) -> None:
    base = JUDGEMENTS / folder
    key = base / "key.json" if (base / "key.json").exists() else base / "round3-key.json"
    labels = base / "labels.csv" if (base / "labels.csv").exists() else base / "round3-labels.csv"
    rates, unknown = score_labels(load_key(key), load_labels(labels, id_column="item_id"))
    assert unknown == 0
    assert round(rates[report_set].rate("specific") or 0, 2) == specific
    assert round(rates[report_set].rate("wrong") or 0, 2) == wrong


def test_the_held_out_list_builtin_mode_shows_is_54_percent_specific() -> None:
    """Builtin mode lists no done divergences (they sit beside the definitions of done): the round-3
    labels of the held-out findings it does list."""
    base = JUDGEMENTS / "2026-11-28-heldout"
    key = load_key(base / "round3-key.json")
    listed = {i: v for i, v in key.items() if v["sets"] == ["session2"] and not v["finding_id"].startswith("done")}
    rates, _ = score_labels(listed, load_labels(base / "round3-labels.csv", id_column="item_id"))
    assert rates["session2"].items == 54
    assert round(rates["session2"].rate("specific") or 0, 2) == 0.54
    assert round(rates["session2"].rate("wrong") or 0, 2) == 0.26


def test_answered_concerns_judged_blind_give_the_quoted_counts() -> None:
    base = JUDGEMENTS / "2026-11-29-answered"
    cases = JUDGEMENTS.parent / "cases" / "heldout"
    result = answered_score(base / "labels.csv", base / "key.json", cases)
    assert result == {"llm": (0, 22), "fallback": (0, 22), "builtin": (2, 22)}


def _after_rates(base: Path, folders: tuple[str, ...], labeller: int) -> tuple[int, float, float]:
    """(findings, specific, wrong) of the `after` set over several folders, one labeller."""
    counts = {"specific": 0, "generic": 0, "wrong": 0}
    for folder in folders:
        key = load_key(base / folder / "key.json")
        for label in load_labels(base / folder / f"labels-{labeller}.csv", id_column="item_id"):
            if "after" in key[label.item]["sets"]:
                counts[label.label] += 1
    total = sum(counts.values())
    return total, round(counts["specific"] / total, 2), round(counts["wrong"] / total, 2)


def test_dated_memos_judged_by_two_labellers_give_the_quoted_rates() -> None:
    base = JUDGEMENTS / "2026-11-29-timeline"
    assert _after_rates(base, ("s6", "s7"), 1) == (91, 0.25, 0.49)
    assert _after_rates(base, ("s6", "s7"), 2) == (91, 0.24, 0.52)


def test_the_engine_as_submitted_on_the_last_held_out_memos() -> None:
    base = JUDGEMENTS / "2026-11-29-timeline"
    assert _after_rates(base, ("s8",), 1) == (52, 0.35, 0.44)
    assert _after_rates(base, ("s8",), 2) == (52, 0.27, 0.44)


@pytest.mark.parametrize(("labeller", "specific"), [(1, 4), (2, 5)])
def test_timeline_findings_on_held_out_memos(labeller: int, specific: int) -> None:
    base = JUDGEMENTS / "2026-11-29-timeline"
    labels = []
    for folder in ("s6", "s7", "s8"):
        key = load_key(base / folder / "key.json")
        labels += [
            lab.label
            for lab in load_labels(base / folder / f"labels-{labeller}.csv", id_column="item_id")
            if key[lab.item]["finding_id"].startswith("timeline.")
        ]
    assert len(labels) == 11 and labels.count("specific") == specific


def test_the_readme_quotes_those_rates() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "**23 %**" in readme and "**51 %**" in readme and "54 % and\n26 %" in readme
    assert "(0 of 22,\njudged blind; builtin 2 of 22)" in readme
    assert "25 % and 24 % specific, 49 % and\n52 % wrong" in readme and "35 % and 27 % specific, 44 % wrong" in readme
    assert "(11 on those 68 memos) were specific 4 and 5\ntimes" in readme


@pytest.mark.parametrize(
    ("labeller", "before", "after"),
    [(1, (68, 0.16, 0.65), (44, 0.14, 0.59)), (2, (68, 0.18, 0.63), (44, 0.18, 0.57))],
)
def test_the_track_record_on_memos_no_round_had_seen(
    labeller: int, before: tuple[int, float, float], after: tuple[int, float, float]
) -> None:
    folder = ROUNDS / "s9"
    assert set_rates(folder, labeller, "before") == before
    assert set_rates(folder, labeller, "after") == after


ROUND_RATES = {  # (findings, specific, wrong) per report set, labeller 1 and 2
    "s10": {  # the record of eight (r8) and of nine rounds (r9, as shipped) against none
        "ungated": [(72, 0.18, 0.53), (72, 0.21, 0.56)],
        "r8": [(55, 0.16, 0.49), (55, 0.18, 0.53)],
        "r9": [(38, 0.13, 0.39), (38, 0.18, 0.45)],
    },
    "s11": {  # the engine as submitted (r9), and with s10 added to the record (r10)
        "ungated": [(52, 0.23, 0.54), (52, 0.27, 0.52)],
        "r9": [(27, 0.30, 0.44), (27, 0.37, 0.37)],
        "r10": [(28, 0.29, 0.46), (28, 0.36, 0.39)],
    },
    "s12": {  # the engine of the session before (r9) and with s10 and s11 counted (new, r11)
        "ungated": [(59, 0.24, 0.49), (59, 0.25, 0.41)],
        "r9": [(28, 0.25, 0.25), (28, 0.21, 0.25)],
        "new": [(23, 0.26, 0.17), (23, 0.26, 0.17)],
    },
    "s13": {  # the session before (before), this one without a record, with r11 and as shipped (s12 counted)
        "before": [(36, 0.36, 0.22), (36, 0.31, 0.28)],
        "ungated": [(63, 0.25, 0.44), (63, 0.22, 0.46)],
        "r11": [(32, 0.34, 0.22), (32, 0.31, 0.22)],
        "shipped": [(32, 0.34, 0.22), (32, 0.31, 0.22)],
    },
    "s14": {  # the session before, this one without a record, as shipped (s13 counted) and a two-sided gate not shipped
        "before": [(34, 0.26, 0.35), (34, 0.18, 0.29)],
        "ungated": [(63, 0.25, 0.48), (63, 0.22, 0.43)],
        "shipped": [(40, 0.33, 0.33), (40, 0.28, 0.25)],
        "two-sided": [(14, 0.43, 0.29), (14, 0.29, 0.36)],
    },
    "s15": {  # the session before, the engine landed before (s13 counted) and as shipped (s14 counted, options)
        "before": [(32, 0.28, 0.50), (32, 0.12, 0.50)],
        "ungated": [(53, 0.28, 0.53), (53, 0.15, 0.53)],
        "landed": [(35, 0.34, 0.46), (35, 0.14, 0.46)],
        "shipped": [(31, 0.32, 0.45), (31, 0.13, 0.45)],
    },
    "s16": {  # the engine this session started with (before) and with the kind model (new)
        "before": [(25, 0.32, 0.32), (25, 0.24, 0.20)],
        "new": [(24, 0.33, 0.29), (24, 0.25, 0.17)],
    },
    "s17": {  # the session's start, shipped without the kind model, without the skim rule, and as shipped
        "before": [(33, 0.21, 0.30), (33, 0.21, 0.24)],
        "kinds-off": [(28, 0.25, 0.29), (28, 0.32, 0.21)],
        "no-skim": [(29, 0.31, 0.17), (29, 0.41, 0.10)],
        "shipped": [(25, 0.36, 0.20), (25, 0.44, 0.12)],
    },
    "s18": {  # the session's start and its engine with the stage model and the record of seventeen rounds
        "before": [(27, 0.30, 0.30), (27, 0.37, 0.44)],
        "shipped": [(20, 0.35, 0.30), (20, 0.45, 0.50)],
    },
    "s19": {  # the session's start and the engine as shipped (kind model from 380 memos, eighteen rounds)
        "before": [(20, 0.05, 0.45), (20, 0.05, 0.45)],
        "shipped": [(17, 0.12, 0.41), (17, 0.12, 0.47)],
    },
    "s20": {  # the same two engines on one more round
        "before": [(21, 0.19, 0.43), (21, 0.19, 0.38)],
        "shipped": [(18, 0.22, 0.39), (18, 0.22, 0.33)],
    },
    "s21": {  # the session's start (6f68d17); table rows, confirmations, kind veto 0.25, the record of twenty rounds
        "before": [(24, 0.29, 0.33), (24, 0.25, 0.29)],
        "shipped": [(17, 0.29, 0.29), (17, 0.24, 0.24)],
    },
    "s22": {  # the session's start; s21 learned (record of twenty-one rounds, kind model of 476 memos) and mended
        "before": [(21, 0.38, 0.24), (21, 0.33, 0.19)],
        "shipped": [(12, 0.50, 0.08), (12, 0.42, 0.08)],
    },
    "s23": {  # the same two engines on one more round (nothing changed after s22)
        "before": [(20, 0.20, 0.40), (20, 0.15, 0.40)],
        "shipped": [(11, 0.18, 0.27), (11, 0.18, 0.27)],
    },
    "s24": {  # the session's start and the engine as shipped (s22 and s23 learned, kind veto back at 0.1)
        "before": [(15, 0.33, 0.33), (15, 0.33, 0.33)],
        "shipped": [(13, 0.38, 0.23), (13, 0.38, 0.23)],
    },
    "s25": {  # the session's start and the engine as shipped, with commitment rules 8
        "before": [(19, 0.21, 0.32), (19, 0.21, 0.37)],
        "shipped": [(16, 0.25, 0.38), (16, 0.19, 0.44)],
    },
    "s26": {  # the session's start and the next session's engine as shipped (s24 and s25 learned, cue words required)
        "before": [(17, 0.35, 0.35), (17, 0.41, 0.29)],
        "shipped": [(14, 0.43, 0.36), (14, 0.50, 0.29)],
    },
    "s27": {  # the same start and the engine as shipped after s26 (commitment rules 10, s26 counted)
        "before": [(20, 0.25, 0.25), (20, 0.35, 0.25)],
        "shipped": [(16, 0.25, 0.25), (16, 0.38, 0.25)],
    },
    "s28": {  # the same start and the engine as shipped after s27 (partner codes named, DNS no inventory)
        "before": [(10, 0.10, 0.50), (10, 0.30, 0.50)],
        "shipped": [(5, 0.20, 0), (5, 0.60, 0.20)],
    },
    "s29": {  # the next session's start (c2c1fd5) and its engine e41f38e (the record's bars, every round counted)
        "before": [(16, 0.38, 0.38), (16, 0.25, 0.44)],
        "shipped": [(8, 0.50, 0.25), (8, 0.12, 0.38)],
    },
    "s30": {  # the same start and the engine as shipped after s29 (2c0bc07: s29 counted, denied acts, rules 11)
        "before": [(16, 0.38, 0.31), (16, 0.25, 0.44)],
        "shipped": [(12, 0.50, 0.17), (12, 0.33, 0.33)],
    },
    "s31": {  # the same start and the engine as shipped after s30 (a72789b: s30 counted, avoided dates)
        "before": [(4, 0.50, 0.25), (4, 0.50, 0.25)],
        "shipped": [(2, 1.0, 0), (2, 1.0, 0)],
    },
    "s32": {  # the next session's start, af8ef1d (s31 counted), alone: the memos measured it, nothing else
        "shipped": [(8, 0, 0.5), (8, 0.25, 0.38)],
    },
    "s33": {  # af8ef1d and 6ad553f (s32 counted, text messages, an automation's hour): the same four findings
        "before": [(4, 0.25, 0.5), (4, 0.25, 0.5)],
        "shipped": [(4, 0.25, 0.5), (4, 0.25, 0.5)],
    },
    "s34": {  # af8ef1d and 5e7ca31 (s33 counted, who is in the pilot): the same single finding
        "before": [(1, 0, 1.0), (1, 0, 1.0)],
        "shipped": [(1, 0, 1.0), (1, 0, 1.0)],
    },
    "s35": {  # af8ef1d and e9f7b4d (s34 counted, the builder writing the memo): the pilot question re-quoted
        "before": [(3, 0, 0.33), (3, 0, 0.33)],
        "shipped": [(3, 0, 0.33), (3, 0.33, 0.33)],
    },
    "s36": {  # 13c2463 and 63edab0 (s35 counted; one person away, leaving or holding the account): the same five
        "before": [(5, 0.6, 0.2), (5, 0.6, 0.2)],
        "shipped": [(5, 0.6, 0.2), (5, 0.6, 0.2)],
    },
    "s37": {  # targeted memos (one or two named people run the change): 13c2463 and 63edab0, counted after s39
        "before": [(2, 1.0, 0), (2, 1.0, 0)],
        "shipped": [(4, 0.5, 0.5), (4, 0.5, 0.5)],
    },
    "s38": {  # 13c2463 and 9147d31 (s36 counted; s37's misreadings of the account challenge and absences fixed)
        "before": [(3, 0.33, 0.33), (3, 0.33, 0.33)],
        "shipped": [(4, 0.5, 0.25), (4, 0.5, 0.25)],
    },
    "s39": {  # targeted memos like s37's: 13c2463 and 9147d31
        "before": [(1, 0, 0), (1, 0, 0)],
        "shipped": [(2, 0, 0.5), (2, 0, 0.5)],
    },
    "s40": {  # b54563b and a075f3f (old way thrown out, supplier's word, commitment rules 12): the same five
        "before": [(5, 0, 0.6), (5, 0, 0.6)],
        "shipped": [(5, 0, 0.6), (5, 0, 0.6)],
    },
    "s41": {  # targeted memos (paper or equipment replaced by a new tool): b54563b and a075f3f
        "before": [(4, 0.5, 0.25), (4, 0.5, 0.25)],
        "shipped": [(6, 0.5, 0.33), (6, 0.5, 0.33)],
    },
    "s42": {  # targeted like s41: b54563b, 24e8890 as shipped and with an empty record (every check listed)
        "before": [(3, 0, 0), (3, 0, 0)],
        "shipped": [(3, 0, 0), (3, 0, 0)],
        "unheld": [(9, 0.11, 0.56), (9, 0.11, 0.56)],
    },
    "s43": {  # c27eab3, the same engine with the record's margin rule, and with an empty record
        "before": [(14, 0.5, 0.29), (14, 0.36, 0.43)],
        "shipped": [(8, 0.5, 0.12), (8, 0.38, 0.38)],
        "unheld": [(34, 0.24, 0.47), (34, 0.15, 0.53)],
    },
    "s44": {  # targeted (a dated switch from an old way to a new one), the same three engines
        "before": [(5, 0.4, 0.2), (5, 0.4, 0.2)],
        "shipped": [(5, 0.4, 0.2), (5, 0.4, 0.2)],
        "unheld": [(11, 0.18, 0.45), (11, 0.18, 0.45)],
    },
    "s45": {  # fresh: c27eab3, 4bf75d0 (the margin rule with s43-s44 counted) and an empty record
        "before": [(8, 0.12, 0.5), (8, 0.25, 0.5)],
        "shipped": [(4, 0.25, 0.5), (4, 0.25, 0.5)],
        "unheld": [(32, 0.19, 0.41), (32, 0.28, 0.44)],
    },
    "s46": {  # fresh: c27eab3, 74e48d7 (rules 13, a fallback section answers the dated switch) and an empty record
        "before": [(4, 0.25, 0.5), (4, 0.25, 0.25)],
        "shipped": [(2, 0.5, 0), (2, 0.5, 0)],
        "unheld": [(27, 0.11, 0.56), (27, 0.11, 0.48)],
    },
    "s47": {  # fresh: 0d54d7f and 0e4d0d2 list nothing (test_s47_...); 0e4d0d2 with an empty record
        "unheld": [(16, 0.25, 0.44), (16, 0.25, 0.44)],
    },
    "s48": {  # targeted (pilots and trials): 0d54d7f and 71282bf list nothing; 71282bf with an empty record
        "unheld": [(5, 0, 0.4), (5, 0.2, 0.2)],
    },
    "s49": {  # fresh: 951409a, b9cc728 (the narrowed switch-off question), each also with an empty record
        "before": [(6, 0.33, 0.33), (6, 0.17, 0.33)],
        "shipped": [(6, 0.33, 0.33), (6, 0.17, 0.33)],
        "unheld": [(21, 0.29, 0.48), (21, 0.29, 0.48)],
        "unheld-before": [(22, 0.27, 0.5), (22, 0.27, 0.5)],
    },
    "s50": {  # targeted (switch-offs): 951409a lists nothing (test_s50_...); a01a095, and with an empty record
        "shipped": [(1, 0, 0), (1, 0, 0)],
        "unheld": [(10, 0.1, 0.6), (10, 0.1, 0.7)],
    },
    "s51": {  # fresh, written after every change of the session: 951409a, dfe2044, and dfe2044 with an empty record
        "before": [(2, 1.0, 0), (2, 1.0, 0)],
        "shipped": [(2, 1.0, 0), (2, 1.0, 0)],
        "unheld": [(18, 0.28, 0.44), (18, 0.33, 0.39)],
    },
    "s52": {  # targeted (data moved or exchanged): c1166ec and f86eb5b list nothing; f86eb5b with an empty record
        "unheld": [(10, 0.1, 0.8), (10, 0.2, 0.7)],
    },
    "s53": {  # fresh: c1166ec, f86eb5b (three checks narrowed), and f86eb5b with an empty record
        "before": [(2, 0, 0.5), (2, 0, 0.5)],
        "shipped": [(2, 0, 0.5), (2, 0, 0.5)],
        "unheld": [(10, 0.2, 0.4), (10, 0.2, 0.4)],
    },
    "s54": {  # fresh, written after every change of the session: c1166ec, 3b74a67, and 3b74a67 with an empty record
        "before": [(3, 0.67, 0.33), (3, 0.67, 0.33)],
        "shipped": [(3, 0.67, 0.33), (3, 0.67, 0.33)],
        "unheld": [(15, 0.27, 0.53), (15, 0.27, 0.4)],
    },
    "s55": {  # fresh, 12 of them on changes people take part in: 546f34c, 808fb22, and 808fb22 with an empty record
        "before": [(1, 1.0, 0), (1, 1.0, 0)],
        "shipped": [(1, 1.0, 0), (1, 1.0, 0)],
        "unheld": [(12, 0.33, 0.42), (12, 0.33, 0.25)],
    },
    "s56": {  # targeted (what people are taken to have): 546f34c, 808fb22, and 808fb22 with an empty record
        "before": [(2, 0, 1.0), (2, 0, 1.0)],
        "shipped": [(3, 0.33, 0.67), (3, 0.33, 0.67)],
        "unheld": [(11, 0.18, 0.64), (11, 0.27, 0.64)],
    },
    "s57": {  # targeted (devices where the work is done): b937305, c9e391e, and c9e391e with an empty record
        "before": [(1, 0, 1.0), (1, 0, 1.0)],
        "shipped": [(1, 0, 1.0), (1, 0, 1.0)],
        "unheld": [(6, 0, 0.67), (6, 0, 0.67)],
    },
    "s58": {  # fresh, with the sample knowledge base: dda15c7, 534eb2c, and 534eb2c with an empty record
        "before": [(3, 0, 1.0), (3, 0, 1.0)],
        "shipped": [(3, 0, 1.0), (3, 0, 1.0)],
        "unheld": [(16, 0.12, 0.75), (16, 0.12, 0.75)],
    },
    "s59": {  # targeted (new tools people must pick up): 2545e94, ad55d8e, and ad55d8e with an empty record
        "before": [(4, 0.5, 0.25), (4, 0.5, 0.25)],
        "shipped": [(6, 0.67, 0.17), (6, 0.67, 0.17)],
        "unheld": [(18, 0.5, 0.39), (18, 0.44, 0.44)],
    },
    "s60": {  # targeted (the switch-over moment, the first days): ead5589, 69e224f, and 69e224f with an empty record
        "before": [(3, 0.67, 0.33), (3, 0.67, 0.33)],
        "shipped": [(2, 0.5, 0.5), (2, 0.5, 0.5)],
        "unheld": [(12, 0.25, 0.67), (12, 0.25, 0.67)],
    },
    "s61": {  # targeted (the switch-over moment, again): 05bcdbd, 20bc958, and 05bcdbd with an empty record
        "before": [(3, 0.67, 0.33), (3, 0.67, 0.33)],
        "shipped": [(4, 0.5, 0.5), (4, 0.5, 0.5)],
        "unheld": [(14, 0.29, 0.36), (14, 0.29, 0.5)],
    },
    "s62": {  # targeted (switch-overs, tools the business picked): 20bc958, 99141be, and 99141be with an empty record
        "before": [(4, 1.0, 0), (4, 1.0, 0)],
        "shipped": [(5, 1.0, 0), (5, 1.0, 0)],
        "unheld": [(21, 0.24, 0.52), (21, 0.24, 0.48)],
    },
}


@pytest.mark.parametrize(
    ("round_name", "report_set", "labeller"),
    [(r, s, n) for r, sets in ROUND_RATES.items() for s in sets for n in (1, 2)],
)
def test_the_record_on_the_next_unseen_memos(round_name: str, report_set: str, labeller: int) -> None:
    folder = ROUNDS / round_name
    assert set_rates(folder, labeller, report_set) == ROUND_RATES[round_name][report_set][labeller - 1]


def test_the_two_sided_rule_not_shipped_dropped_as_many_specific_findings_as_wrong_ones() -> None:
    folder = ROUNDS / "s14"
    key = load_key(folder / "key.json")
    labels: dict[str, list[str]] = {}
    for n in (1, 2):
        for row in load_labels(folder / f"labels-{n}.csv", "item_id"):
            labels.setdefault(row.item, []).append(row.label)
    dropped = [i for i, e in key.items() if "shipped" in e["sets"] and "two-sided" not in e["sets"]]
    shares = {k: sum(labels[i].count(k) / len(labels[i]) for i in dropped) for k in ("specific", "generic", "wrong")}
    assert len(dropped) == 26 and shares == {"specific": 7, "generic": 12, "wrong": 7}


def test_the_shipped_record_counts_every_judged_round() -> None:
    """No round is left out by hand: a check misfiring on one round answers for it everywhere."""
    from agents.lenses.track_record import load_track_record
    from evals.track_record import find_rounds

    judged_in = load_track_record().judged_in
    assert {f"2026-11-29-track-record/s{n}" for n in range(9, 63)} <= set(judged_in)
    assert sorted(judged_in) == sorted(find_rounds()) and len(judged_in) == 62


@pytest.mark.parametrize(
    ("round_name", "agreed_on", "by_rules", "with_model"),
    STAGE_ROWS,
)  # s9, s12 and s14 are development material (their misses chose rules: quoted words, before-clauses, "asked whether");
# the stage model learned from s9-s25 (agents/lenses/stage_model.json; before this, from s9-s14), never from s26-s28;
# s21-s25 chose the
# decision questions of commitment rules 9, s23 and s26 an act reported after a label ("Wouter: contract is op 11
# februari getekend") and a contract not renewed (rules 10)
def test_the_engine_reads_the_stages_two_readers_agreed_on(
    round_name: str, agreed_on: int, by_rules: int, with_model: int
) -> None:
    agreed, read = stages_read_and_agreed(round_name, rules_only=True)
    assert len(agreed) == agreed_on
    assert sum(read[c] == stage for c, stage in agreed.items()) == by_rules
    if round_name == "s9":  # every miss of the rules: a memo that asks, read as committed
        assert all(read[c] == "committed" for c, stage in agreed.items() if read[c] != stage)
    _, read = stages_read_and_agreed(round_name)
    assert sum(read[c] == stage for c, stage in agreed.items()) == with_model


def test_the_readme_sums_the_stages_of_every_round() -> None:
    """Commitment rules 12 and the stage model relearned with them, over s9-s39 (all development material)."""
    rows = [row for row in STAGE_ROWS if int(row[0][1:]) <= 39]
    agreed, by_rules, with_model = (sum(row[i] for row in rows) for i in (1, 2, 3))
    assert [row[0] for row in rows] == [f"s{n}" for n in range(9, 40)]
    # 608 with rules 12; s18 and s35 one more each since the "To: All staff" rule (s60's session)
    # 612: s19 and s36 one more each since commitment rules 14 ("Mijn voorstel: ...", "Should be grand", from s62)
    assert (agreed, by_rules, with_model) == (713, 520, 612)
    readme = README.read_text(encoding="utf-8")
    assert "s9-s39 read 608 of their 713 agreed stages against 594 (the rules alone 520\nagainst 509)" in readme


def test_the_readme_quotes_the_track_record_and_stage_figures() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "16 % and 18 % specific, 65 % and 63 % wrong" in readme
    assert "14 % and 18 % specific, 59 % and 57 % wrong" in readme
    assert "13 % and 18 % specific, 39 % and 45 % wrong" in readme and "cut s10's list from 72 findings to 38" in readme
    assert "17 of 23 memos whose stage two blind readers agreed on" in readme and "11 of 20 such memos" in readme
    assert "**30 % and 37 % specific, 44 % and 37 % wrong**" in readme
    assert "26 % and 26 %\nspecific, **17 % and 17 % wrong**" in readme
    assert "**34 % and 31 % specific, 22 % and 22 % wrong**" in readme
    assert "read 15 and\nchanged nothing on any other set; on s13 and s14, never read before, 17 of 24" in readme
    assert "**32 % and 28 % specific, 32 % and\n25 % wrong**" in readme
    assert "32 % and 13 % specific, 45 % and 45 % wrong (the session before:\n28 % and 12 %, 50 % and 50 %)" in readme
    assert "on s15, never read before, 14 of 24 with rules 6 and 7 alike" in readme
    assert "**36 % and 44 % specific, 20 % and 12 % wrong** against 21 % and 21 %, 30 % and 24 %" in readme
    assert "without the skim rule 31 % and 41 % specific, 17 % and 10 % wrong" in readme
    shipped_s18_s19 = "specific 35 % and\n   45 %, then 12 % and 12 % (the engine it started with: 30 % and 37 %"
    assert shipped_s18_s19 + ", then 5 % and 5 %)" in readme


POOLED_SINCE_S21 = {
    "s25": ([(99, 28, 32), (99, 25, 31)], [(69, 22, 18), (69, 19, 18)], None),
    "s26": (
        [(116, 34, 38), (116, 32, 36)],
        [(83, 28, 23), (83, 26, 22)],
        "83 findings against 116: specific 34 % and 31 % (29 % and 28 %), wrong\n28 % and 27 % (33 % and 31 %)",
    ),
    "s27": (
        [(136, 39, 43), (136, 39, 41)],
        [(99, 32, 27), (99, 32, 26)],
        "99 findings against 136: specific 32 % and 32 % (29 % and 29 %), wrong\n27 % and 26 % (32 % and 30 %)",
    ),
    "s28": (
        [(146, 40, 48), (146, 42, 46)],
        [(104, 33, 27), (104, 35, 27)],
        "104 findings against 146: specific 32 % and 34 % (27 % and 29 %), wrong\n26 % and 26 % (33 % and 32 %)",
    ),
    "s29": (
        [(162, 46, 54), (162, 46, 53)],
        [(112, 37, 29), (112, 36, 30)],
        "112 findings against 162: specific 33 % and 32 % (28 % and 28 %), wrong\n26 % and 27 % (33 % and 33 %)",
    ),
    "s30": (
        [(178, 52, 59), (178, 50, 60)],
        [(124, 43, 31), (124, 40, 34)],
        "124 findings against 178: specific 35 % and 32 % (29 % and 28 %), wrong\n25 % and 27 % (33 % and 34 %)",
    ),
    "s31": (
        [(182, 54, 60), (182, 52, 61)],
        [(126, 45, 31), (126, 42, 34)],
        "126 findings against 182: specific 36 % and 33 % (30 % and 29 %), wrong\n25 % and 27 % (33 % and 34 %)",
    ),
}


@pytest.mark.parametrize("last", list(POOLED_SINCE_S21))
def test_the_rounds_readme_quotes_the_pooled_rates_since_s21(last: str) -> None:
    rounds = [f"s{n}" for n in range(21, int(last[1:]) + 1)]
    before, shipped, quoted = POOLED_SINCE_S21[last]
    assert [pooled(rounds, "before", n) for n in (1, 2)] == before
    assert [pooled(rounds, "shipped", n) for n in (1, 2)] == shipped
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert quoted is None or quoted in rounds_readme


def test_the_readme_quotes_the_pooled_rates_of_the_fresh_rounds_since_s21() -> None:
    rounds = ["s21", "s22", "s23", "s24"]
    assert [pooled(rounds, "before", n) for n in (1, 2)] == [(80, 24, 26), (80, 21, 24)]
    assert [pooled(rounds, "shipped", n) for n in (1, 2)] == [(53, 18, 12), (53, 16, 11)]
    assert [pooled(["s22", "s23"], "shipped", n) for n in (1, 2)] == [(23, 8, 4), (23, 7, 4)]
    readme = README.read_text(encoding="utf-8")
    assert (
        "listed 53 findings against 80: specific 34 %\n   and 30 % (30 % and 26 %), wrong 23 % and 21 % (32 % and 30 %)"
        in readme
    )
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert "specific 34 % and 30 % (30 % and\n26 %), wrong 23 % and 21 % (32 % and 30 %)" in rounds_readme
    assert "23 findings against 41: specific 35 % and 30 % (29 % and\n24 %), wrong 17 % and 17 %" in rounds_readme
    assert "14 against 17: specific 43 % and 50 % (35 % and\n   41 %), wrong 36 % and 29 % (35 % and 29 %)" in readme
    assert "on s28, 5 against 10: specific 20 % and 60 % (10 % and 30 %),\n   wrong 0 % and 20 % (50 % each)" in readme
    assert "8 against 16:\n   specific 50 % and 12 % (38 % and 25 %), wrong 25 % and 38 % (38 % and 44 %)" in readme
    this_session = ["s29", "s30", "s31"]
    assert [pooled(this_session, "before", n) for n in (1, 2)] == [(36, 14, 12), (36, 10, 15)]
    assert [pooled(this_session, "shipped", n) for n in (1, 2)] == [(22, 12, 4), (22, 7, 7)]
    on_s29_s31 = "22 findings against 36, specific 55 % and 32 % (39 % and 28 %), wrong 18 % and 32 % (33 % and 42 %)"
    assert on_s29_s31 in readme
    on_s30 = "after s29, 12 against 16: specific 50 % and 33 % (38 % and 25 %), wrong 17 % and 33 % (31 % and 44 %)"
    assert on_s30 in readme
    on_s27 = "on s27, 16 against 20: specific 25 % and 38 % (25 % and\n   35 %), wrong 25 % and 25 % (25 % each)"
    assert on_s27 in readme
