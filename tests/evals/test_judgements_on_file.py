"""The precision figures the README quotes are the ones the stored blind labels give.

The labels, keys and judged reports live in `evals/judgements/`; scoring them again must give the
same rates, so a README figure cannot drift from its evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.answered_blind import score as answered_score
from evals.blind import load_key, score_labels
from evals.labels import load_labels

JUDGEMENTS = Path(__file__).resolve().parents[2] / "evals" / "judgements"
ROUNDS = JUDGEMENTS / "2026-11-29-track-record"
README = JUDGEMENTS.parents[1] / "README.md"
ROUNDS_README = ROUNDS / "README.md"


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


def _set_rates(folder: Path, labeller: int, report_set: str) -> tuple[int, float, float]:
    labels = load_labels(folder / f"labels-{labeller}.csv", "item_id")
    rates, unknown = score_labels(load_key(folder / "key.json"), labels)
    assert unknown == 0
    r = rates[report_set]
    return sum(r.labelled.values()), round(r.rate("specific") or 0, 2), round(r.rate("wrong") or 0, 2)


@pytest.mark.parametrize(
    ("labeller", "before", "after"),
    [(1, (68, 0.16, 0.65), (44, 0.14, 0.59)), (2, (68, 0.18, 0.63), (44, 0.18, 0.57))],
)
def test_the_track_record_on_memos_no_round_had_seen(
    labeller: int, before: tuple[int, float, float], after: tuple[int, float, float]
) -> None:
    folder = ROUNDS / "s9"
    assert _set_rates(folder, labeller, "before") == before
    assert _set_rates(folder, labeller, "after") == after


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
}


@pytest.mark.parametrize(
    ("round_name", "report_set", "labeller"),
    [(r, s, n) for r, sets in ROUND_RATES.items() for s in sets for n in (1, 2)],
)
def test_the_record_on_the_next_unseen_memos(round_name: str, report_set: str, labeller: int) -> None:
    folder = ROUNDS / round_name
    assert _set_rates(folder, labeller, report_set) == ROUND_RATES[round_name][report_set][labeller - 1]


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
    assert {f"2026-11-29-track-record/s{n}" for n in range(9, 60)} <= set(judged_in)
    assert sorted(judged_in) == sorted(find_rounds()) and len(judged_in) == 59


def _stages_read_and_agreed(round_name: str, rules_only: bool = False) -> tuple[dict[str, str], dict[str, str]]:
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
    ("s18", 24, 14, 18),
    ("s19", 23, 19, 17),
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
    ("s35", 24, 17, 20),
    ("s36", 24, 19, 22),
    ("s37", 12, 9, 11),
    ("s38", 24, 21, 23),
    ("s39", 12, 6, 9),
    ("s40", 24, 20, 22),
    ("s41", 12, 9, 11),
    ("s42", 12, 10, 11),
    ("s43", 24, 22, 24),
    ("s44", 12, 10, 12),
    ("s45", 23, 16, 19),
    ("s46", 24, 16, 18),
    ("s47", 24, 20, 21),
    ("s48", 12, 12, 11),
    ("s49", 24, 18, 20),
    ("s50", 12, 8, 10),
    ("s51", 24, 17, 22),
    ("s52", 12, 8, 11),
    ("s53", 12, 10, 12),
    ("s54", 18, 17, 16),
    ("s55", 18, 13, 16),
    ("s56", 12, 9, 11),
    ("s57", 12, 10, 12),
    ("s58", 12, 6, 10),
    ("s59", 12, 9, 12),
]  # fmt: skip
"""(round, memos both readers agreed on, read right by the rules alone, with the stage model)."""


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
    agreed, read = _stages_read_and_agreed(round_name, rules_only=True)
    assert len(agreed) == agreed_on
    assert sum(read[c] == stage for c, stage in agreed.items()) == by_rules
    if round_name == "s9":  # every miss of the rules: a memo that asks, read as committed
        assert all(read[c] == "committed" for c, stage in agreed.items() if read[c] != stage)
    _, read = _stages_read_and_agreed(round_name)
    assert sum(read[c] == stage for c, stage in agreed.items()) == with_model


def test_the_readme_sums_the_stages_of_every_round() -> None:
    """Commitment rules 12 and the stage model relearned with them, over s9-s39 (all development material)."""
    rows = [row for row in STAGE_ROWS if int(row[0][1:]) <= 39]
    agreed, by_rules, with_model = (sum(row[i] for row in rows) for i in (1, 2, 3))
    assert [row[0] for row in rows] == [f"s{n}" for n in range(9, 40)]
    assert (agreed, by_rules, with_model) == (713, 520, 608)
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


def _pooled(rounds: list[str], report_set: str, labeller: int) -> tuple[int, int, int]:
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
    assert [_pooled(rounds, "before", n) for n in (1, 2)] == before
    assert [_pooled(rounds, "shipped", n) for n in (1, 2)] == shipped
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert quoted is None or quoted in rounds_readme


def test_the_readme_quotes_the_pooled_rates_of_the_fresh_rounds_since_s21() -> None:
    rounds = ["s21", "s22", "s23", "s24"]
    assert [_pooled(rounds, "before", n) for n in (1, 2)] == [(80, 24, 26), (80, 21, 24)]
    assert [_pooled(rounds, "shipped", n) for n in (1, 2)] == [(53, 18, 12), (53, 16, 11)]
    assert [_pooled(["s22", "s23"], "shipped", n) for n in (1, 2)] == [(23, 8, 4), (23, 7, 4)]
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
    assert [_pooled(this_session, "before", n) for n in (1, 2)] == [(36, 14, 12), (36, 10, 15)]
    assert [_pooled(this_session, "shipped", n) for n in (1, 2)] == [(22, 12, 4), (22, 7, 7)]
    on_s29_s31 = "22 findings against 36, specific 55 % and 32 % (39 % and 28 %), wrong 18 % and 32 % (33 % and 42 %)"
    assert on_s29_s31 in readme
    on_s30 = "after s29, 12 against 16: specific 50 % and 33 % (38 % and 25 %), wrong 17 % and 33 % (31 % and 44 %)"
    assert on_s30 in readme
    on_s27 = "on s27, 16 against 20: specific 25 % and 38 % (25 % and\n   35 %), wrong 25 % and 25 % (25 % each)"
    assert on_s27 in readme


def test_the_rounds_readme_quotes_the_pooled_rates_of_s32_to_s35() -> None:
    rounds = ["s32", "s33", "s34", "s35"]
    assert [_pooled(rounds, "shipped", n) for n in (1, 2)] == [(16, 1, 8), (16, 4, 7)]
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    quoted = "listed 16 findings on 96 memos:\nspecific 6 % and 25 % to the two labellers, wrong 50 % and 44 %"
    assert quoted in rounds_readme


def test_the_readmes_quote_the_pooled_rates_of_s36_to_s39_and_the_account_challenge_held_back() -> None:
    """s36-s39 measured the checks on one person (away, leaving, an own account) against the session's start."""
    from agents.lenses.track_record import load_track_record

    rounds = ["s36", "s37", "s38", "s39"]
    assert [_pooled(rounds, "shipped", n) for n in (1, 2)] == [(15, 7, 5), (15, 7, 5)]
    assert [_pooled(rounds, "before", n) for n in (1, 2)] == [(11, 6, 2), (11, 6, 2)]
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert "listed 15 findings on 72 memos: specific 47 % and wrong 33 % to both labellers" in rounds_readme
    assert "listed 15 findings on 72 memos, specific 47 % and wrong 33 % to both labellers" in README.read_text(
        encoding="utf-8"
    )
    record = load_track_record()
    assert record.held_back("assumption.held_personally") == "track_record"
    assert record.held_back("timeline.away_at_change") is None  # never listed on a fresh memo yet: no verdict


def test_the_readmes_quote_s40_and_s41_and_the_old_way_challenge_held_back() -> None:
    """s40 (fresh) and s41 (targeted: paper or equipment replaced) measured the old-way and supplier's-word
    challenges and commitment rules 12 against the session's start (b54563b)."""
    from agents.lenses.track_record import load_track_record

    assert [_pooled(["s40"], s, 1) for s in ("before", "shipped")] == [(5, 0, 3), (5, 0, 3)]
    assert [_pooled(["s41"], s, n) for s in ("before", "shipped") for n in (1, 2)] == [(4, 2, 1)] * 2 + [(6, 3, 2)] * 2
    readme = README.read_text(encoding="utf-8")
    assert "listed the same 5 findings, none specific and 3 wrong to both labellers" in readme
    assert "its old-way challenge added 2 to the 4 before, 1 specific and 1 wrong" in readme
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert "the engine reads 22 (the rules alone 20), the session's start 21 (19)" in rounds_readme
    record = load_track_record()
    assert record.held_back("assumption.old_way_discarded") == "track_record"
    assert record.held_back("tool_adoption.support_hours_vs_shifts") == "track_record"
    assert record.checks["assumption.vendor_says"].wrong >= 1  # first listed on s44, and wrong there (below)


def test_the_rounds_readme_quotes_s42_where_every_check_was_listed() -> None:
    """s42 labelled, beside the engine as shipped, the same engine with an empty record: what the record holds back."""
    assert [_pooled(["s42"], s, 1) for s in ("before", "shipped", "unheld")] == [(3, 0, 0), (3, 0, 0), (9, 1, 5)]
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert "with an empty record the same engine lists 9: 1 specific and 5 wrong to both labellers" in rounds_readme
    readme = README.read_text(encoding="utf-8")
    assert "lists 3 findings, all generic, and with an empty record it would list 9, 5 of them wrong" in readme
    assert [row for row in STAGE_ROWS if row[0] in ("s40", "s41", "s42")] == [
        ("s40", 24, 20, 22),
        ("s41", 12, 9, 11),
        ("s42", 12, 10, 11),
    ]
    assert "the engine reads 22 of 24, 11 and 11 of 12 (the session's\nstart 21, 11 and 11)" in readme


def _before_and_shipped(rounds: list[str]) -> list[tuple[int, int, int]]:
    """(findings, specific, wrong) pooled over rounds: the session's start, then as shipped; labeller 1, then 2."""
    return [_pooled(rounds, s, n) for s in ("before", "shipped") for n in (1, 2)]


def test_the_readmes_quote_s43_and_s44_and_the_margin_rule_of_the_record() -> None:
    """s43 (fresh) and s44 (targeted: a dated switch) measured the record's margin rule against c27eab3; the
    rule only holds checks back, so what it dropped is what the session's start listed and it did not."""
    from agents.lenses.track_record import load_track_record

    assert _before_and_shipped(["s43", "s44"]) == [
        (19, 9, 5), (19, 7, 7), (13, 6, 2), (13, 5, 4),
    ]  # fmt: skip
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "it listed 13 findings against 19: specific 46 % and 38 % to the two labellers (47 % and 37 %)," in readme
    assert "wrong 15 % and 31 % (26 % and 37 %). The six it dropped, all on s43, were 2.5 specific, 0.5" in readme
    assert "On s43 and s44 it reads 19 of 24 and 12 of 12 (the rules alone 18 and 10)." in readme
    assert "s43 then reads 24 of 24 (the rules alone 22); s19 reads one memo fewer with the model" in readme
    assert [_pooled(["s44"], s, 1) for s in ("before", "shipped")] == [(5, 2, 1)] * 2
    record = load_track_record()
    dropped = ["decommission.hidden_readers", "integration_edi.silence_not_alarmed",
               "network_access.allowlisted_addresses", "customer_channel.launch_in_busy_season"]  # fmt: skip
    assert all(record.held_back(c) == "track_record" for c in dropped)
    # with s43 counted, two are now wrong more often than not; the other two the margin alone holds back
    assert [record.mostly_wrong(c) for c in dropped] == [False, False, True, True]
    # held back until s59, where it was specific to both on "Vendor says they're ISO 27001" (4.5 specific, 2.5 wrong)
    assert record.held_back("assumption.vendor_says") is None


def test_the_readmes_quote_s45_and_the_fresh_rounds_s43_to_s45_pooled() -> None:
    """s45, fresh memos written after the margin rule was committed, against the session's start (c27eab3)."""
    assert _before_and_shipped(["s45"]) == [
        (8, 1, 4), (8, 2, 4), (4, 1, 2), (4, 1, 2),
    ]  # fmt: skip
    assert _before_and_shipped(["s43", "s44", "s45"]) == [
        (27, 10, 9), (27, 9, 11), (17, 7, 4), (17, 6, 6),
    ]  # fmt: skip
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert (
        "Over s43-s45, 60 fresh memos: 17 findings against 27, specific 41 % and 35 % (37 % and 33 %), wrong 24 %"
        in readme
    )
    assert "and 35 % (33 % and 41 %). Rules 13 changed no stage on s45: 19 of its 23 agreed memos" in readme
    rounds_readme = " ".join(ROUNDS_README.read_text(encoding="utf-8").split())
    assert "| shipped | 4 | 25 / 25 / 50 % | 25 / 25 / 50 % |" in rounds_readme


def test_the_readmes_quote_s46_and_the_fresh_rounds_s43_to_s46_pooled() -> None:
    """s46, fresh memos written after every change of the session was committed, against its start (c27eab3)."""
    assert _before_and_shipped(["s46"]) == [
        (4, 1, 2), (4, 1, 1), (2, 1, 0), (2, 1, 0),
    ]  # fmt: skip
    assert _before_and_shipped(["s43", "s44", "s45", "s46"]) == [
        (31, 11, 11), (31, 10, 12), (19, 8, 4), (19, 7, 6),
    ]  # fmt: skip
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "Over s43-s46, 84 fresh memos: 19 findings against 31, specific 42 % and 37 % (35 % and 32 %)" in readme
    assert "wrong 21 % and 32 % (35 % and 39 %)" in readme
    assert "on s46 the engine reads 18 of 24 as the session's start did (the rules alone 16)" in readme


def _missing(readme: Path, phrases: list[str]) -> list[str]:
    """The phrases a README does not say (its line breaks read as spaces)."""
    text = " ".join(readme.read_text(encoding="utf-8").split())
    return [phrase for phrase in phrases if phrase not in text]


def _listed(round_name: str, report_set: str) -> list[str]:
    """The check ids a round's stored report set lists, memo by memo."""
    import json

    return [
        finding["id"]
        for report in sorted((ROUNDS / round_name / "reports" / report_set).glob("*.json"))
        for finding in json.loads(report.read_text(encoding="utf-8"))["findings"]
    ]


def test_s47s_and_s48s_fresh_memos_got_no_listed_finding_from_either_engine_and_the_readmes_say_so() -> None:
    """s47: the session's start (0d54d7f) and 0e4d0d2 list nothing on 24 fresh memos; the record holds back all 16
    findings the checks opened, and one of them (the card question on Starlink) is no held-out result."""
    assert len(sorted((ROUNDS / "s47" / "reports" / "shipped").glob("*.json"))) == 24
    assert _listed("s47", "before") == [] and _listed("s47", "shipped") == [] and len(_listed("s47", "unheld")) == 16
    # s48, twelve memos on pilots and trials: nothing listed either, and no pilot question among what the checks opened
    assert len(sorted((ROUNDS / "s48" / "reports" / "shipped").glob("*.json"))) == 12
    assert _listed("s48", "before") == [] and _listed("s48", "shipped") == [] and len(_listed("s48", "unheld")) == 5
    assert "tool_adoption.pilot_group_bias" not in _listed("s48", "unheld")
    assert "On s48 (12 memos written around pilots and trials) neither engine lists a finding either" in " ".join(
        README.read_text(encoding="utf-8").split()
    )
    assert _missing(README, [
        "On s47 (24 fresh memos) neither the session's start nor this engine lists a finding",
        "the record holds back all 16 that its checks opened (specific 25 %, wrong 44 % to both labellers)",
        "the engine reads 21 of 24 stages (the rules alone 20)",
    ]) == []  # fmt: skip
    assert _missing(ROUNDS_README, [
        "| unheld | 16 | 25 / 31 / 44 % | 25 / 31 / 44 % |", "The card question is not a held-out result here",
    ]) == []  # fmt: skip


def test_the_dated_switch_check_opened_on_none_of_s44s_dated_switches() -> None:
    """s44 was written around a dated switch from an old way to a new one; the check for it opened on none, and
    the supplier's-word challenge once (as the rounds README says)."""
    import json

    listed = [
        finding["id"]
        for report in sorted((ROUNDS / "s44" / "reports" / "unheld").glob("*.json"))
        for finding in json.loads(report.read_text(encoding="utf-8"))["findings"]
    ]
    assert len(listed) == 11 and "timeline.no_way_back" not in listed
    assert listed.count("assumption.vendor_says") == 1
    rounds_readme = " ".join(ROUNDS_README.read_text(encoding="utf-8").split())
    assert "The dated-switch check (`timeline.no_way_back`) opened on none of the 12" in rounds_readme


def test_s49_and_s50_judge_the_narrowed_switch_off_question_and_the_readmes_say_so() -> None:
    """s49 (fresh, written before the change) and s50 (targeted: something switched off): the narrowed question is a
    new check listed without a record; the old one keeps its verdicts, and its one s49 finding was wrong to both."""
    from agents.lenses.track_record import load_track_record

    old, new = "decommission.hidden_readers", "decommission.switched_off_system_readers"
    assert (
        old in _listed("s49", "unheld-before")
        and old not in _listed("s49", "unheld")
        and new not in _listed("s49", "unheld")
    )
    assert sorted(_listed("s49", "before")) == sorted(_listed("s49", "shipped")) and len(_listed("s49", "shipped")) == 6
    assert len(sorted((ROUNDS / "s50" / "reports" / "before").glob("*.json"))) == 12 and _listed("s50", "before") == []
    assert _listed("s50", "shipped") == [new]
    record = load_track_record()
    assert record.held_back(old) == "track_record" and record.checks[new].generic == 1 and record.held_back(new) is None
    assert record.held_back("customer_channel.calls_do_not_drop") == "track_record"
    assert _missing(README, [
        "with that question list the same 6 findings (specific 33 % and 17 %, wrong 33 % to both labellers)",
        "the old question's one finding there, on SMS passcodes, was wrong to both",
        "The engine reads 20 of 24 stages (the rules alone 18).",
        "On s50 (12 memos, each switching something off) the session's start lists nothing",
        "On s51 (24 fresh memos, written after every change of this session) both list the same 2 findings",
    ]) == []  # fmt: skip
    assert _listed("s51", "before") == _listed("s51", "shipped") and len(_listed("s51", "shipped")) == 2
    assert _missing(ROUNDS_README, [
        "| unheld-before | 22 | 27 / 23 / 50 % | 27 / 23 / 50 % |", "| shipped | 1 | 0 / 100 / 0 % | 0 / 100 / 0 % |",
    ]) == []  # fmt: skip


def test_s52_and_s53_meet_none_of_the_three_narrowed_checks_and_the_readmes_say_so() -> None:
    """s52 (targeted: data moved or exchanged) and s53 (fresh), written before f86eb5b: the three narrowed checks are
    new ids listed without a record; they opened on none of the 24 memos, and the engines list the same findings."""
    from agents.lenses.track_record import load_track_record

    narrowed = {
        "replacement_migration.moved_share_links",
        "integration_edi.rejected_document_messages",
        "integration_edi.exchanged_code_upkeep",
    }
    for name in ("s52", "s53"):
        assert not narrowed & set(_listed(name, "unheld")) and _listed(name, "before") == _listed(name, "shipped")
    assert len(sorted((ROUNDS / "s52" / "reports" / "before").glob("*.json"))) == 12 and _listed("s52", "shipped") == []
    record = load_track_record()
    assert not narrowed & set(record.checks)
    assert record.held_back("reporting_data.realtime_load") == "track_record"
    assert _missing(README, [
        "On s52 (12 memos, each moving data to a new system or exchanging it with another organisation)",
        "the three narrowed checks opened on none of them",
        "On s53 (12 fresh memos) both list the same 2 findings",
    ]) == []  # fmt: skip
    assert _missing(ROUNDS_README, [
        "| unheld | 10 | 10 / 10 / 80 % | 20 / 10 / 70 % |", "| unheld | 10 | 20 / 40 / 40 % | 20 / 40 / 40 % |",
    ]) == []  # fmt: skip


def test_s54_fresh_memos_after_every_change_list_what_the_sessions_start_lists_and_the_readmes_say_so() -> None:
    """s54 (18 fresh memos, written after 3b74a67): the session's start and its end list the same 3 findings, and
    with an empty record both open the same 15; the one wrong listed finding's check is now held back."""
    from agents.lenses.track_record import load_track_record

    assert _listed("s54", "before") == _listed("s54", "shipped") and len(_listed("s54", "shipped")) == 3
    narrowed = {"moved_share_links", "rejected_document_messages", "exchanged_code_upkeep", "planned_reentry_load"}
    assert [i for i in _listed("s54", "unheld") if i.split(".")[1] in narrowed | {"claimed_unused"}] == []
    assert load_track_record().held_back("identity_security.leavers_and_temps") == "track_record"
    assert _missing(README, [
        "On s54 (18 fresh memos, written after every change of the previous session) both list the same 3 findings",
    ]) == []  # fmt: skip
    assert _missing(ROUNDS_README, ["| unheld | 15 | 27 / 20 / 53 % | 27 / 33 / 40 % |"]) == []


def test_s55_and_s56_the_premise_challenge_opens_once_specific_to_both_and_the_readmes_say_so() -> None:
    """s55 (fresh) and s56 (targeted: what people are taken to have), written before 808fb22: the premise challenge is
    a new id listed without a record. It opened once in 30 memos, on the football club's thread, and both labellers
    called it specific; the engines otherwise list the same findings."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.everyone_has"
    assert _listed("s55", "before") == _listed("s55", "shipped") and check not in _listed("s55", "unheld")
    assert sorted(_listed("s56", "shipped")) == sorted([*_listed("s56", "before"), check])
    verdicts = load_track_record().checks[check]
    assert (verdicts.specific, verdicts.generic, verdicts.wrong) == (1.0, 0.0, 0.0)
    assert _missing(README, [
        "On s55 (18 fresh memos, 12 of them on changes people take part in themselves)",
        "On s56 (12 memos on such changes, some taking for",
        "it opened once, specific to both",
    ]) == []  # fmt: skip
    assert _missing(ROUNDS_README, [
        "| unheld | 12 | 33 / 25 / 42 % | 33 / 42 / 25 % |", "| shipped | 3 | 33 / 0 / 67 % | 33 / 0 / 67 % |",
    ]) == []  # fmt: skip


def test_s57_the_connection_premise_opens_on_none_and_the_wrong_listed_check_is_held_back() -> None:
    """s57 (targeted: devices where the work is done), written before c9e391e: the connection premise is a new id
    listed without a record; it opened on none of the 12 memos (a rep "said the 4G coverage was fine" is past tense,
    typed only since). The one listed finding, wrong to both labellers, is now held back by its record."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.connection_fine"
    assert _listed("s57", "before") == _listed("s57", "shipped") and check not in _listed("s57", "unheld")
    record = load_track_record()
    # its first verdict came on s59 ("4G is fine in most places", specific to both)
    assert record.held_back(check) is None and record.held_back("network_access.site_devices") == "track_record"
    assert _missing(README, [
        "On s57 (12 memos on devices used where the work is done, some taking the connection for granted)",
    ]) == []  # fmt: skip
    assert _missing(ROUNDS_README, ["| unheld | 6 | 0 / 33 / 67 % | 0 / 33 / 67 % |"]) == []


def test_s58_the_listed_findings_were_precedents_tied_by_shared_umbrella_names_and_the_record_skips_them() -> None:
    """s58 (fresh, reviewed with the sample knowledge base), written before 534eb2c: the only listed findings were
    "Builds on" precedents, all wrong to both labellers, tied by "Microsoft", "ID" or "IT"; such names tie nothing
    since, and a precedent finding, which names a knowledge-base record rather than a check, has no record."""
    from agents.lenses.track_record import load_track_record
    from agents.nodes.precedent_relations import names

    listed = _listed("s58", "shipped")
    assert listed == _listed("s58", "before") and len(listed) == 3
    assert all(finding.startswith("precedent-") for finding in listed)
    assert not [c for c in load_track_record().checks if c.startswith("precedent-")]
    assert (
        names("Use Microsoft Entra ID (then Azure AD) as the single identity provider for SSO")
        & names(
            "Users without a university ID card get a Hub card; IT Information Security and Microsoft 365 E3 licences."
        )
        == set()
    )
    assert _missing(README, ["On s58 (12 fresh memos, reviewed with the sample knowledge base loaded"]) == []
    assert _missing(ROUNDS_README, ["| unheld | 16 | 12 / 12 / 75 % | 12 / 12 / 75 % |"]) == []


def test_s59_the_ease_of_use_challenge_opens_twice_specific_to_both_and_the_readmes_say_so() -> None:
    """s59 (targeted: new tools people must pick up), written before ad55d8e: the ease-of-use challenge is a new id
    listed without a record. It opened on the two memos that praise the tool ("It's really intuitive", "no training
    needed"), both specific to both labellers; the engines otherwise list the same findings."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.intuitive"
    assert sorted(_listed("s59", "shipped")) == sorted([*_listed("s59", "before"), check, check])
    verdicts = load_track_record().checks[check]
    assert (verdicts.specific, verdicts.generic, verdicts.wrong) == (2.0, 0.0, 0.0)
    assert _missing(README, ["On s59 (12 memos on new tools people must pick up"]) == []
    assert _missing(ROUNDS_README, ["| shipped | 6 | 67 / 17 / 17 % | 67 / 17 / 17 % |"]) == []
