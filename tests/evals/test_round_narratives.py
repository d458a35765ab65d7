"""Each judging round's story as the READMEs tell it (s32 on), held to the stored labels and reports.

What a round measured, which checks opened or were held back, and how many stages the engine reads: every
sentence the READMEs say about a round is checked here against `evals/judgements/`.
"""

from __future__ import annotations

from judged_rounds import README, ROUNDS, ROUNDS_README, STAGE_ROWS, before_and_shipped, listed, missing, pooled


def test_the_rounds_readme_quotes_the_pooled_rates_of_s32_to_s35() -> None:
    rounds = ["s32", "s33", "s34", "s35"]
    assert [pooled(rounds, "shipped", n) for n in (1, 2)] == [(16, 1, 8), (16, 4, 7)]
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    quoted = "listed 16 findings on 96 memos:\nspecific 6 % and 25 % to the two labellers, wrong 50 % and 44 %"
    assert quoted in rounds_readme


def test_the_readmes_quote_the_pooled_rates_of_s36_to_s39_and_the_account_challenge_held_back() -> None:
    """s36-s39 measured the checks on one person (away, leaving, an own account) against the session's start."""
    from agents.lenses.track_record import load_track_record

    rounds = ["s36", "s37", "s38", "s39"]
    assert [pooled(rounds, "shipped", n) for n in (1, 2)] == [(15, 7, 5), (15, 7, 5)]
    assert [pooled(rounds, "before", n) for n in (1, 2)] == [(11, 6, 2), (11, 6, 2)]
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

    assert [pooled(["s40"], s, 1) for s in ("before", "shipped")] == [(5, 0, 3), (5, 0, 3)]
    assert [pooled(["s41"], s, n) for s in ("before", "shipped") for n in (1, 2)] == [(4, 2, 1)] * 2 + [(6, 3, 2)] * 2
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
    assert [pooled(["s42"], s, 1) for s in ("before", "shipped", "unheld")] == [(3, 0, 0), (3, 0, 0), (9, 1, 5)]
    rounds_readme = ROUNDS_README.read_text(encoding="utf-8")
    assert "with an empty record the same engine lists 9: 1 specific and 5 wrong to both labellers" in rounds_readme
    readme = README.read_text(encoding="utf-8")
    assert "lists 3 findings, all generic, and with an empty record it would list 9, 5 of them wrong" in readme
    # s40 reads one more since the "To: All staff" rule (s60's session): see the s60 test
    assert [row for row in STAGE_ROWS if row[0] in ("s40", "s41", "s42")] == [
        ("s40", 24, 21, 23),
        ("s41", 12, 9, 11),
        ("s42", 12, 10, 11),
    ]
    assert "the engine reads 22 of 24, 11 and 11 of 12 (the session's\nstart 21, 11 and 11)" in readme


def test_the_readmes_quote_s43_and_s44_and_the_margin_rule_of_the_record() -> None:
    """s43 (fresh) and s44 (targeted: a dated switch) measured the record's margin rule against c27eab3; the
    rule only holds checks back, so what it dropped is what the session's start listed and it did not."""
    from agents.lenses.track_record import load_track_record

    assert before_and_shipped(["s43", "s44"]) == [
        (19, 9, 5), (19, 7, 7), (13, 6, 2), (13, 5, 4),
    ]  # fmt: skip
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "it listed 13 findings against 19: specific 46 % and 38 % to the two labellers (47 % and 37 %)," in readme
    assert "wrong 15 % and 31 % (26 % and 37 %). The six it dropped, all on s43, were 2.5 specific, 0.5" in readme
    assert "On s43 and s44 it reads 19 of 24 and 12 of 12 (the rules alone 18 and 10)." in readme
    assert "s43 then reads 24 of 24 (the rules alone 22); s19 reads one memo fewer with the model" in readme
    assert [pooled(["s44"], s, 1) for s in ("before", "shipped")] == [(5, 2, 1)] * 2
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
    assert before_and_shipped(["s45"]) == [
        (8, 1, 4), (8, 2, 4), (4, 1, 2), (4, 1, 2),
    ]  # fmt: skip
    assert before_and_shipped(["s43", "s44", "s45"]) == [
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
    assert before_and_shipped(["s46"]) == [
        (4, 1, 2), (4, 1, 1), (2, 1, 0), (2, 1, 0),
    ]  # fmt: skip
    assert before_and_shipped(["s43", "s44", "s45", "s46"]) == [
        (31, 11, 11), (31, 10, 12), (19, 8, 4), (19, 7, 6),
    ]  # fmt: skip
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "Over s43-s46, 84 fresh memos: 19 findings against 31, specific 42 % and 37 % (35 % and 32 %)" in readme
    assert "wrong 21 % and 32 % (35 % and 39 %)" in readme
    assert "on s46 the engine reads 18 of 24 as the session's start did (the rules alone 16)" in readme


def test_s47s_and_s48s_fresh_memos_got_no_listed_finding_from_either_engine_and_the_readmes_say_so() -> None:
    """s47: the session's start (0d54d7f) and 0e4d0d2 list nothing on 24 fresh memos; the record holds back all 16
    findings the checks opened, and one of them (the card question on Starlink) is no held-out result."""
    assert len(sorted((ROUNDS / "s47" / "reports" / "shipped").glob("*.json"))) == 24
    assert listed("s47", "before") == [] and listed("s47", "shipped") == [] and len(listed("s47", "unheld")) == 16
    # s48, twelve memos on pilots and trials: nothing listed either, and no pilot question among what the checks opened
    assert len(sorted((ROUNDS / "s48" / "reports" / "shipped").glob("*.json"))) == 12
    assert listed("s48", "before") == [] and listed("s48", "shipped") == [] and len(listed("s48", "unheld")) == 5
    assert "tool_adoption.pilot_group_bias" not in listed("s48", "unheld")
    assert "On s48 (12 memos written around pilots and trials) neither engine lists a finding either" in " ".join(
        README.read_text(encoding="utf-8").split()
    )
    assert missing(README, [
        "On s47 (24 fresh memos) neither the session's start nor this engine lists a finding",
        "the record holds back all 16 that its checks opened (specific 25 %, wrong 44 % to both labellers)",
        "the engine reads 21 of 24 stages (the rules alone 20)",
    ]) == []  # fmt: skip
    assert missing(ROUNDS_README, [
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
        old in listed("s49", "unheld-before")
        and old not in listed("s49", "unheld")
        and new not in listed("s49", "unheld")
    )
    assert sorted(listed("s49", "before")) == sorted(listed("s49", "shipped")) and len(listed("s49", "shipped")) == 6
    assert len(sorted((ROUNDS / "s50" / "reports" / "before").glob("*.json"))) == 12 and listed("s50", "before") == []
    assert listed("s50", "shipped") == [new]
    record = load_track_record()
    assert record.held_back(old) == "track_record" and record.checks[new].generic == 1 and record.held_back(new) is None
    assert record.held_back("customer_channel.calls_do_not_drop") == "track_record"
    assert missing(README, [
        "with that question list the same 6 findings (specific 33 % and 17 %, wrong 33 % to both labellers)",
        "the old question's one finding there, on SMS passcodes, was wrong to both",
        "The engine reads 20 of 24 stages (the rules alone 18).",
        "On s50 (12 memos, each switching something off) the session's start lists nothing",
        "On s51 (24 fresh memos, written after every change of this session) both list the same 2 findings",
    ]) == []  # fmt: skip
    assert listed("s51", "before") == listed("s51", "shipped") and len(listed("s51", "shipped")) == 2
    assert missing(ROUNDS_README, [
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
        assert not narrowed & set(listed(name, "unheld")) and listed(name, "before") == listed(name, "shipped")
    assert len(sorted((ROUNDS / "s52" / "reports" / "before").glob("*.json"))) == 12 and listed("s52", "shipped") == []
    record = load_track_record()
    assert not narrowed & set(record.checks)
    assert record.held_back("reporting_data.realtime_load") == "track_record"
    assert missing(README, [
        "On s52 (12 memos, each moving data to a new system or exchanging it with another organisation)",
        "the three narrowed checks opened on none of them",
        "On s53 (12 fresh memos) both list the same 2 findings",
    ]) == []  # fmt: skip
    assert missing(ROUNDS_README, [
        "| unheld | 10 | 10 / 10 / 80 % | 20 / 10 / 70 % |", "| unheld | 10 | 20 / 40 / 40 % | 20 / 40 / 40 % |",
    ]) == []  # fmt: skip


def test_s54_fresh_memos_after_every_change_list_what_the_sessions_start_lists_and_the_readmes_say_so() -> None:
    """s54 (18 fresh memos, written after 3b74a67): the session's start and its end list the same 3 findings, and
    with an empty record both open the same 15; the one wrong listed finding's check is now held back."""
    from agents.lenses.track_record import load_track_record

    assert listed("s54", "before") == listed("s54", "shipped") and len(listed("s54", "shipped")) == 3
    narrowed = {"moved_share_links", "rejected_document_messages", "exchanged_code_upkeep", "planned_reentry_load"}
    assert [i for i in listed("s54", "unheld") if i.split(".")[1] in narrowed | {"claimed_unused"}] == []
    assert load_track_record().held_back("identity_security.leavers_and_temps") == "track_record"
    assert missing(README, [
        "On s54 (18 fresh memos, written after every change of the previous session) both list the same 3 findings",
    ]) == []  # fmt: skip
    assert missing(ROUNDS_README, ["| unheld | 15 | 27 / 20 / 53 % | 27 / 33 / 40 % |"]) == []


def test_s55_and_s56_the_premise_challenge_opens_once_specific_to_both_and_the_readmes_say_so() -> None:
    """s55 (fresh) and s56 (targeted: what people are taken to have), written before 808fb22: the premise challenge is
    a new id listed without a record. It opened once in 30 memos, on the football club's thread, and both labellers
    called it specific; the engines otherwise list the same findings."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.everyone_has"
    assert listed("s55", "before") == listed("s55", "shipped") and check not in listed("s55", "unheld")
    assert sorted(listed("s56", "shipped")) == sorted([*listed("s56", "before"), check])
    verdicts = load_track_record().checks[check]
    assert (verdicts.specific, verdicts.generic, verdicts.wrong) == (2.0, 0.0, 0.0)  # s56, then the bowls club on s60
    assert missing(README, [
        "On s55 (18 fresh memos, 12 of them on changes people take part in themselves)",
        "On s56 (12 memos on such changes, some taking for",
        "it opened once, specific to both",
    ]) == []  # fmt: skip
    assert missing(ROUNDS_README, [
        "| unheld | 12 | 33 / 25 / 42 % | 33 / 42 / 25 % |", "| shipped | 3 | 33 / 0 / 67 % | 33 / 0 / 67 % |",
    ]) == []  # fmt: skip


def test_s57_the_connection_premise_opens_on_none_and_the_wrong_listed_check_is_held_back() -> None:
    """s57 (targeted: devices where the work is done), written before c9e391e: the connection premise is a new id
    listed without a record; it opened on none of the 12 memos (a rep "said the 4G coverage was fine" is past tense,
    typed only since). The one listed finding, wrong to both labellers, is now held back by its record."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.connection_fine"
    assert listed("s57", "before") == listed("s57", "shipped") and check not in listed("s57", "unheld")
    record = load_track_record()
    # its first verdict came on s59 ("4G is fine in most places", specific to both)
    assert record.held_back(check) is None and record.held_back("network_access.site_devices") == "track_record"
    assert missing(README, [
        "On s57 (12 memos on devices used where the work is done, some taking the connection for granted)",
    ]) == []  # fmt: skip
    assert missing(ROUNDS_README, ["| unheld | 6 | 0 / 33 / 67 % | 0 / 33 / 67 % |"]) == []


def test_s58_the_listed_findings_were_precedents_tied_by_shared_umbrella_names_and_the_record_skips_them() -> None:
    """s58 (fresh, reviewed with the sample knowledge base), written before 534eb2c: the only listed findings were
    "Builds on" precedents, all wrong to both labellers, tied by "Microsoft", "ID" or "IT"; such names tie nothing
    since, and a precedent finding, which names a knowledge-base record rather than a check, has no record."""
    from agents.lenses.track_record import load_track_record
    from agents.nodes.precedent_relations import names

    shipped = listed("s58", "shipped")
    assert shipped == listed("s58", "before") and len(shipped) == 3
    assert all(finding.startswith("precedent-") for finding in shipped)
    assert not [c for c in load_track_record().checks if c.startswith("precedent-")]
    assert (
        names("Use Microsoft Entra ID (then Azure AD) as the single identity provider for SSO")
        & names(
            "Users without a university ID card get a Hub card; IT Information Security and Microsoft 365 E3 licences."
        )
        == set()
    )
    assert missing(README, ["On s58 (12 fresh memos, reviewed with the sample knowledge base loaded"]) == []
    assert missing(ROUNDS_README, ["| unheld | 16 | 12 / 12 / 75 % | 12 / 12 / 75 % |"]) == []


def test_s59_the_ease_of_use_challenge_opens_twice_specific_to_both_and_the_readmes_say_so() -> None:
    """s59 (targeted: new tools people must pick up), written before ad55d8e: the ease-of-use challenge is a new id
    listed without a record. It opened on the two memos that praise the tool ("It's really intuitive", "no training
    needed"), both specific to both labellers; the engines otherwise list the same findings."""
    from agents.lenses.track_record import load_track_record

    check = "assumption.intuitive"
    assert sorted(listed("s59", "shipped")) == sorted([*listed("s59", "before"), check, check])
    verdicts = load_track_record().checks[check]
    # s59 twice, then the bowls club on s60 and a QA team's "It's really intuitive, honestly 5 mins" on s62
    assert (verdicts.specific, verdicts.generic, verdicts.wrong) == (4.0, 0.0, 0.0)
    assert missing(README, ["On s59 (12 memos on new tools people must pick up"]) == []
    assert missing(ROUNDS_README, ["| shipped | 6 | 67 / 17 / 17 % | 67 / 17 / 17 % |"]) == []
