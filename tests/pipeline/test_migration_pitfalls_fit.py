"""Migration pitfalls that fit the plan they are raised on (third precision round, 29 November).

Blind readers of 44 dated planning memos marked four replacement pitfalls wrong far more often
than right: history questions where the old data stays readable, retyping where the change ends
retyping, double entry where nothing runs twice, and "does the cut-over fall in a peak" on every
dated go-live. Each now needs what it is about to be said, or is answered by what readers took
as the answer; the peak question is asked by the timeline where a date really falls in a close.
"""

from __future__ import annotations

from agents.judge.analysis import analyse_proposal, default_library
from agents.judge.findings import side_findings
from agents.judge.pitfalls import Judgement
from agents.lenses.library import Library
from agents.nodes.read import parse_proposal
from knowledge.embeddings import Embedder

MIGRATION = (
    "# Overstap naar AgendaZorg\n\n"
    "Op maandag 2 november gaan we over van PlanMed naar AgendaZorg voor alle afspraken van de poli.\n\n"
    "De leverancier migreert alle toekomstige afspraken in het weekend ervoor.\n\n"
)


MIGRATION_KIND = next(a for a in default_library().archetypes if a.id == "replacement_migration")
NONE = Library(version=1, archetypes=[])


def _analysis(text: str, e5: Embedder):  # type: ignore[no-untyped-def]
    """The replacement archetype judged as if recognised (recognition is tested elsewhere)."""
    proposal = parse_proposal(text)
    vectors = e5.embed_passages([s.text for s in proposal.sentences])
    return proposal, analyse_proposal(proposal, vectors, e5, NONE, [MIGRATION_KIND])


def judged(text: str, e5: Embedder) -> dict[str, Judgement]:
    _, analysis = _analysis(text, e5)
    return {j.pitfall.id: j for j in analysis.judgements if isinstance(j, Judgement)}


def listed(text: str, e5: Embedder) -> set[str]:
    proposal, analysis = _analysis(text, e5)
    return {
        f.id for side in ("it", "business") for f in side_findings(side, analysis.judgements, proposal, analysis.facts)
    }


def test_history_left_behind_is_answered_when_the_old_system_stays_readable(e5: Embedder) -> None:
    partial = MIGRATION + "Alleen de afspraken van de laatste twee jaar gaan mee; wat ouder is blijft achter.\n"
    history = judged(partial, e5)["replacement_migration.history_cut"]
    assert history.open
    readable = partial + "\nPlanMed blijft tot 31 december raadpleegbaar voor wie iets moet opzoeken.\n"
    assert not judged(readable, e5)["replacement_migration.history_cut"].open


def test_history_is_not_asked_where_the_proposal_says_nothing_stays_behind(e5: Embedder) -> None:
    assert not judged(MIGRATION, e5)["replacement_migration.history_cut"].applies
    outages = (
        MIGRATION + "Onderdelen zijn niet meer leverbaar en in 2025 hadden we vier storingen van het oude systeem.\n"
    )
    assert not judged(outages, e5)["replacement_migration.history_cut"].applies


def test_retyping_that_the_change_ends_or_that_is_todays_way_is_not_a_retyping_risk(e5: Embedder) -> None:
    """s6-s47: the re-entry question was judged wrong on "geen overtypen meer", on reports "we now build by hand" and
    on data "since then copied back and forth by hand"; re-entry the change plans is what it asks about."""
    check = "replacement_migration.planned_reentry_load"
    ends = MIGRATION + "Weegschaal direct gekoppeld aan de kassa (geen overtypen meer).\n"
    assert not judged(ends, e5)[check].applies
    today = MIGRATION + "Since then the appointments have been copied back and forth by hand.\n"
    assert not judged(today, e5)[check].applies
    retyped = MIGRATION + "We re-enter the open appointments by hand in AgendaZorg.\n"
    assert judged(retyped, e5)[check].applies


def test_double_running_must_be_said_and_an_old_system_kept_as_fallback_answers_it(e5: Embedder) -> None:
    assert not judged(MIGRATION, e5)["replacement_migration.double_running"].applies
    parallel = MIGRATION + "Twee weken lang draaien beide systemen naast elkaar en boekt de balie alles dubbel.\n"
    assert judged(parallel, e5)["replacement_migration.double_running"].open
    fallback = parallel + "\nPlanMed blijft tot 16 november actief als terugval.\n"
    assert not judged(fallback, e5)["replacement_migration.double_running"].open


def test_the_peak_question_stays_in_the_coverage_map(e5: Embedder) -> None:
    fixed = MIGRATION + "De livegang op maandag 2 november staat vast; de cut-over is in het weekend ervoor.\n"
    peak = judged(fixed, e5)["replacement_migration.cutover_in_peak"]
    assert peak.open and not peak.pitfall.listed
    assert "replacement_migration.cutover_in_peak" not in listed(fixed, e5)
