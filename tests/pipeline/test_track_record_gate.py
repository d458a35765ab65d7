"""A check blind reviewers rejected more often than not is not listed; it stays an open concern.

The record's arithmetic on its own; the gate on a real proposal judged with the real library and
embedder, once at the level of one side's findings and once through the whole graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import agents.lenses.track_record as track_record_module
from agents.judge.analysis import analyse_proposal, default_library
from agents.judge.findings import side_findings
from agents.lenses.track_record import PRIOR_WEIGHT, TrackRecord, Verdicts, load_track_record
from agents.nodes.read import parse_proposal
from agents.review import build_context, run_review
from core.settings import Settings
from knowledge.embeddings import Embedder

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "proposals" / "erp-decommission-nl.md"


def record(**checks: tuple[float, float, float]) -> TrackRecord:
    verdicts = {k.replace("__", "."): Verdicts(specific=s, generic=g, wrong=w) for k, (s, g, w) in checks.items()}
    return TrackRecord(judged_in=["test"], checks=verdicts)


def test_a_check_is_rejected_by_its_share_of_wrong_verdicts_shrunk_towards_the_average() -> None:
    r = record(a__mostly_wrong=(0, 1, 4), a__mostly_right=(4, 1, 0), a__once_wrong=(0, 0, 1), a__even=(1, 0, 1))
    prior = r.prior("wrong")
    assert prior == pytest.approx(6 / 13)
    assert r.expected("a.mostly_wrong", "wrong") == pytest.approx((4 + PRIOR_WEIGHT * prior) / (5 + PRIOR_WEIGHT))
    assert r.rejected("a.mostly_wrong") and not r.rejected("a.mostly_right")
    # one wrong verdict weighs against the average; so does an even record, where the average leans wrong
    assert r.rejected("a.once_wrong") and r.rejected("a.even")
    assert r.expected("a.never_judged", "wrong") is None and not r.rejected("a.never_judged")


def test_a_check_often_wrong_but_more_often_specific_stays_listed() -> None:
    """Three specific verdicts and two wrong ones: a check that fits some proposals, not a misfit."""
    r = record(a__fits_some=(3, 0, 2), a__misfit=(1, 1, 3), a__rest=(2, 6, 4))
    assert r.expected("a.fits_some", "wrong") >= track_record_module.REJECTED
    assert not r.rejected("a.fits_some") and r.held_back("a.fits_some") is None
    assert r.rejected("a.misfit")


def test_a_check_judged_often_is_listed_only_when_clearly_more_often_specific_than_wrong() -> None:
    """Specific as often as wrong over six verdicts is held back, though seldom wrong enough to be rejected
    for it; the same over three verdicts is too little evidence, and a clear lead of specific keeps a check."""
    r = record(a__even=(2, 2, 2), a__even_few=(1, 1, 1), a__ahead=(5, 1, 1), a__rest=(3, 12, 2))
    assert r.expected("a.even", "wrong") < track_record_module.REJECTED
    assert r.expected("a.even", "specific") < r.expected("a.even", "wrong") + track_record_module.KEPT_MARGIN
    assert r.held_back("a.even") == "track_record"
    assert r.held_back("a.even_few") is None and r.held_back("a.ahead") is None
    alone = track_record_module.Bars(kept_margin=None)  # the wrong-dominant rule alone lists the even check
    assert r.held_back("a.even", alone) is None


def test_a_check_reviewers_almost_never_found_specific_is_held_back_once_judged_often_enough() -> None:
    r = record(a__skimmed=(0, 9, 1), a__skimmed_once=(0, 1, 0), a__kept=(5, 4, 1), a__wrong=(0, 2, 8))
    prior = 5 / 31
    assert r.expected("a.skimmed", "specific") == pytest.approx((0 + PRIOR_WEIGHT * prior) / (10 + PRIOR_WEIGHT))
    assert r.skimmed("a.skimmed") and not r.mostly_wrong("a.skimmed")
    assert r.held_back("a.skimmed") == "track_record_generic"
    assert not r.skimmed("a.skimmed_once")  # one generic verdict is not enough evidence
    assert r.held_back("a.kept") is None and r.held_back("a.never_judged") is None
    assert r.held_back("a.wrong") == "track_record"  # mostly wrong says more than rarely specific


def test_the_shipped_record_loads_and_rejects_some_checks_not_all() -> None:
    shipped = load_track_record()
    rejected = [c for c in shipped.checks if shipped.rejected(c)]
    assert shipped.judged_in and 0 < len(rejected) < len(shipped.checks)
    assert all(c.count(".") == 1 for c in shipped.checks)  # archetype.pitfall, assumption.role, timeline.check


def _side_findings(e5: Embedder, chosen: TrackRecord | None) -> list[str]:
    proposal = parse_proposal(SAMPLE.read_text(encoding="utf-8"))
    vectors = e5.embed_passages([s.text for s in proposal.sentences])
    analysis = analyse_proposal(proposal, vectors, e5, default_library())
    return [
        f.id
        for side in ("it", "business")
        for f in side_findings(side, analysis.judgements, proposal, analysis.facts, record=chosen)
    ]


@pytest.mark.slow
def test_side_findings_leave_out_exactly_the_rejected_checks(e5: Embedder) -> None:
    listed = _side_findings(e5, None)
    assert len(listed) >= 2
    rejected = listed[0]
    kept = _side_findings(e5, record(**{rejected.replace(".", "__"): (0.0, 0.0, 5.0)}))
    assert rejected not in kept
    assert set(kept) <= set(listed)
    assert set(listed) - set(kept) == {rejected}


@pytest.mark.slow
def test_a_rejected_check_stays_an_open_concern_in_the_coverage_map(
    e5: Embedder, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    monkeypatch.setattr(track_record_module, "load_track_record", lambda *_: record())
    before = run_review(text, settings, context=build_context(settings, embedder=e5))
    lens = [f.id for f in before.findings + before.appendix if f.origin == "lens"]
    assert lens
    monkeypatch.setattr(
        track_record_module, "load_track_record", lambda *_: record(**{lens[0].replace(".", "__"): (0, 0, 5)})
    )
    after = run_review(text, settings, context=build_context(settings, embedder=e5))
    assert lens[0] not in {f.id for f in after.findings + after.appendix}
    held = {c.concern: (c.status, c.held_back) for c in after.coverage}
    assert held[lens[0]] == ("open", "track_record")
    assert all(c.held_back is None for c in before.coverage if c.concern == lens[0])


@pytest.mark.slow
def test_with_a_model_a_rejected_check_is_still_a_candidate_and_listed_again_when_the_model_fails(
    e5: Embedder, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakes import ScriptedModel

    from core.errors import ModelError

    text = SAMPLE.read_text(encoding="utf-8")
    monkeypatch.setattr(track_record_module, "load_track_record", lambda *_: record())  # nothing rejected yet
    builtin = run_review(text, settings, context=build_context(settings, embedder=e5))
    rejected = next(f for f in builtin.findings if f.origin == "lens")
    monkeypatch.setattr(
        track_record_module, "load_track_record", lambda *_: record(**{rejected.id.replace(".", "__"): (0, 0, 5)})
    )
    llm_settings = settings.model_copy(update={"model": "openai/test"})

    def nothing_new(messages, schema):  # type: ignore[no-untyped-def]
        return schema.model_validate({"findings": []})

    down = ModelError("model unreachable")
    shown = ScriptedModel.scripted(it=[nothing_new], business=[nothing_new], synthesis=[down] * 3)
    run_review(text, llm_settings, context=build_context(llm_settings, embedder=e5, llm=shown))
    prompts = "\n".join(str(m["content"]) for role, messages, _ in shown.history[:2] for m in messages)
    assert rejected.title in prompts  # the model is shown the check to weigh it

    failing = ScriptedModel.scripted(it=[down], business=[down], synthesis=[down] * 3)
    report = run_review(text, llm_settings, context=build_context(llm_settings, embedder=e5, llm=failing))
    assert rejected.id not in {f.id for f in report.findings + report.appendix}


@pytest.mark.slow
def test_an_organisations_own_record_is_used_when_the_settings_name_it(
    e5: Embedder, settings: Settings, tmp_path: Path
) -> None:
    from core.errors import ConfigError
    from evals.track_record import dump

    text = SAMPLE.read_text(encoding="utf-8")
    empty = tmp_path / "empty-record.yaml"  # an organisation that has judged nothing yet: every check listed
    empty.write_text(dump(record()), encoding="utf-8")
    fresh = settings.model_copy(update={"track_record": empty})
    listed = [f.id for f in run_review(text, fresh, context=build_context(fresh, embedder=e5)).findings]
    lens = next(i for i in listed if not i.startswith(("precedent", "done")))
    ours = tmp_path / "our-record.yaml"
    ours.write_text(dump(record(**{lens.replace(".", "__"): (0, 0, 5)})), encoding="utf-8")
    own = settings.model_copy(update={"track_record": ours})
    report = run_review(text, own, context=build_context(own, embedder=e5))
    assert lens not in {f.id for f in report.findings + report.appendix}
    assert {c.concern: c.held_back for c in report.coverage}[lens] == "track_record"
    assert report.meta.settings_used["track_record"] == str(ours)
    missing = settings.model_copy(update={"track_record": tmp_path / "nope.yaml"})
    with pytest.raises(ConfigError, match="nope.yaml: no such file"):
        run_review(text, missing, context=build_context(missing, embedder=e5))
