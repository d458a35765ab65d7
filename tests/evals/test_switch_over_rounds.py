"""The switch-over rounds as the READMEs tell them: s60 and s61, written around the moment an old way stops and a
new one starts, held to the stored labels and reports (`evals/judgements/2026-11-29-track-record/`)."""

from __future__ import annotations

import json

from judged_rounds import README, ROUNDS, ROUNDS_README, STAGE_ROWS, listed, missing, set_rates


def test_s60_the_champion_cue_closed_a_specific_finding_and_the_engine_after_it_lists_only_specific_ones() -> None:
    """s60 (targeted: the switch-over moment), written before 69e224f: the start listed two specific bowls-club
    findings and one wrong heads-up; the shipped engine lost the ease challenge to "the club championship" and kept
    the heads-up. The engine after it (`reports/final`, development on s60) lists the two specific findings only, and
    the "To: All staff" rule reads one more memo right on five rounds than the start (ead5589) did."""
    import json

    key = json.loads((ROUNDS / "s60" / "key.json").read_text(encoding="utf-8"))["items"]
    assert sorted(listed("s60", "before")) == ["assumption.assumed", "assumption.everyone_has", "assumption.intuitive"]
    assert sorted(listed("s60", "shipped")) == ["assumption.assumed", "assumption.everyone_has"]
    final = listed("s60", "final")
    assert sorted(final) == ["assumption.everyone_has", "assumption.intuitive"]
    labelled = {e["finding_id"]: e for e in key.values() if e["case"] == "bowls-rink-booking-online-ek"}
    assert set(final) <= set(labelled)
    assert not [
        n for n in ("process_org_change.productivity_dip", "timeline.no_way_back") if n in listed("s60", "unheld")
    ]
    rows = {row[0]: row for row in STAGE_ROWS}
    assert [rows[r] for r in ("s18", "s35", "s40", "s46", "s58", "s60")] == [
        ("s18", 24, 14, 19), ("s35", 24, 17, 21), ("s40", 24, 21, 23), ("s46", 24, 17, 19), ("s58", 12, 7, 11),
        ("s60", 12, 8, 10),
    ]  # fmt: skip
    assert (
        missing(
            README,
            [
                "On s60 (12 memos on a switch-over moment",
                "reads 10 of 12 stages (the start and the shipped engine 9, the rules alone 8)",
                'the "To: All staff" rule reads one more memo right on s18, s35, s40, s46 and s58 each',
            ],
        )
        == []
    )
    assert (
        missing(
            ROUNDS_README,
            ["| shipped | 2 | 50 / 0 / 50 % | 50 / 0 / 50 % |", "| unheld | 12 | 25 / 8 / 67 % | 25 / 8 / 67 % |"],
        )
        == []
    )


def test_s61_the_switch_said_in_one_sentence_opened_where_the_answer_was_missed_and_the_readmes_say_so() -> None:
    """s61 (targeted: the switch-over moment, again), written before 20bc958: the shipped engine added one way-back
    question, on a police pilot whose downtime sheet and exit criteria it did not read as answers (wrong to both);
    the engine after it (`reports/final`, development on s61) reads them, and opens the question where a bakery, a
    lab and a maternity-care organisation switch with no way back said, and at a volleyball club."""
    from agents.lenses.track_record import load_track_record

    assert sorted(listed("s61", "before")) == [
        "assumption.assumed", "assumption.vendor_compliant", "process_org_change.productivity_dip"
    ]  # fmt: skip
    assert sorted(listed("s61", "shipped")) == sorted([*listed("s61", "before"), "timeline.no_way_back"])
    key = json.loads((ROUNDS / "s61" / "key.json").read_text(encoding="utf-8"))["items"]
    shipped_way_back = [e for e in key.values() if e["finding_id"] == "timeline.no_way_back"]
    assert [e["case"] for e in shipped_way_back] == ["police-property-store-barcode-pilot-en"]
    final = listed("s61", "final")
    assert sorted(final) == sorted([*listed("s61", "before"), *["timeline.no_way_back"] * 4])
    assert [set_rates(ROUNDS / "s61", n, "shipped") for n in (1, 2)] == [(4, 0.5, 0.5), (4, 0.5, 0.5)]
    verdicts = load_track_record().checks["timeline.no_way_back"]
    assert (verdicts.specific, verdicts.generic, verdicts.wrong) == (9.0, 0.0, 3.0)  # with s62's, specific to both
    assert load_track_record().held_back("timeline.no_way_back") is None
    assert {row[0]: row for row in STAGE_ROWS}["s61"] == ("s61", 12, 6, 11)
    assert (
        missing(
            README,
            [
                "On s61 (12 more memos on a switch-over moment",
                "the engine reads 11 of 12 stages (the rules alone 6)",
            ],
        )
        == []
    )
    assert (
        missing(
            ROUNDS_README,
            [
                "## s61: targeted, the switch-over moment again (20bc958)",
                "| shipped | 4 | 50 / 0 / 50 % | 50 / 0 / 50 % |",
            ],
        )
        == []
    )


def test_s62_the_new_readings_opened_three_times_each_specific_to_both_and_the_readmes_say_so() -> None:
    """s62 (targeted: the switch-over moment, and tools a business team picked itself), written before 99141be and
    reviewed by 20bc958 as the start: both no-IT-needed challenges (new wordings since 20bc958: "nothing for IT to
    do", "IT don't need to be involved") and the way-back question 99141be added, on a cattle-breeding co-operative's
    closing phone line, were specific to both labellers; every listed finding was."""
    key = json.loads((ROUNDS / "s62" / "key.json").read_text(encoding="utf-8"))["items"]
    assert sorted(listed("s62", "shipped")) == sorted([*listed("s62", "before"), "timeline.no_way_back"])
    asked = sorted(e["case"] for e in key.values() if e["finding_id"] == "assumption.no_it_needed")
    assert asked == ["retained-samples-label-app-ep", "tower-block-door-entry-fob-changeover-eo"]
    assert [set_rates(ROUNDS / "s62", n, "shipped") for n in (1, 2)] == [(5, 1.0, 0), (5, 1.0, 0)]
    # the engine shipped for s62 read 9 of 12 (the rules alone 6); commitment rules 14, read from s62, read 11 (8)
    assert {row[0]: row for row in STAGE_ROWS}["s62"] == ("s62", 12, 8, 11)
    assert missing(README, ["On s62 (12 more memos on a switch-over moment", "reads 9 of 12 stages (the rules"]) == []
    assert missing(README, ["(s62: 11 of 12, the rules alone 8)"]) == []
    assert (
        missing(
            ROUNDS_README,
            [
                "## s62: targeted, switch-overs and tools picked by the business (99141be)",
                "| shipped | 5 | 100 / 0 / 0 % |",
            ],
        )
        == []
    )
