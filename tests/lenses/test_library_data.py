"""The pre-mortem library's data meets the bar the builtin reviewer depends on.

Why these checks: the library is hand-written YAML, and its failure modes are quiet. A missing
archetype means a whole kind of proposal gets only generic findings; an archetype seen from one
side only cannot show a perspective gap; an English-only pitfall reads half-translated in a Dutch
report; and near-identical question wording across pitfalls is exactly the "same template, other
nouns" that made the old checklist useless. A corpus example that points at a missing record, or
that copied the record's text, breaks the rule that findings cite real, unaltered decisions.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from agents.lenses.library import ARCHETYPE_IDS, SLOTS, Archetype, Fact, Library, Pitfall, fill, load_library
from core.data_files import load_yaml

REPO = Path(__file__).resolve().parents[2]
ARCHETYPE_DIR = REPO / "agents" / "lenses" / "archetypes"
TEMPLATE_RATIO = 0.8  # the template-share threshold


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _pitfalls(library: Library) -> list[Pitfall]:
    return [pitfall for archetype in library.archetypes for pitfall in archetype.pitfalls]


def test_library_has_every_required_archetype_and_more(library: Library) -> None:
    ids = [archetype.id for archetype in library.archetypes]
    assert len(ids) == len(set(ids)), "an archetype id appears twice"
    assert set(ARCHETYPE_IDS) <= set(ids), f"missing: {sorted(set(ARCHETYPE_IDS) - set(ids))}"
    assert len(ids) >= 15


def test_each_file_holds_the_archetype_it_is_named_after() -> None:
    for path in sorted(ARCHETYPE_DIR.glob("*.yaml")):
        if path.name == "index.yaml":
            continue
        assert load_yaml(path, Archetype).id == path.stem, path.name


@pytest.mark.parametrize("archetype_id", ARCHETYPE_IDS)
def test_required_archetype_is_seen_from_both_sides(library: Library, archetype_id: str) -> None:
    archetype = next(a for a in library.archetypes if a.id == archetype_id)
    _assert_both_sides(archetype)


def test_every_archetype_is_seen_from_both_sides(library: Library) -> None:
    for archetype in library.archetypes:
        _assert_both_sides(archetype)


def _assert_both_sides(archetype: Archetype) -> None:
    sides = Counter(p.perspective for p in archetype.pitfalls)
    assert len(archetype.pitfalls) >= 8, archetype.id
    assert sides["it"] and sides["business"], f"{archetype.id}: {dict(sides)}"
    assert sides["it"] + sides["both"] >= 3 and sides["business"] + sides["both"] >= 3, archetype.id
    # honest severities: an archetype where everything is high ranks nothing
    assert {p.severity for p in archetype.pitfalls} != {"high"}, archetype.id


def test_archetypes_say_what_each_side_counts_as_done(library: Library) -> None:
    for archetype in library.archetypes:
        assert set(archetype.done) == {"it", "business"}, archetype.id
        for side, statements in archetype.done.items():
            assert len(statements) >= 2, f"{archetype.id}.{side}"
            assert all(s.nl for s in statements), f"{archetype.id}.{side} lacks Dutch"


def test_archetypes_are_recognisable_in_both_languages(library: Library) -> None:
    for archetype in library.archetypes:
        assert archetype.name.nl, archetype.id
        assert 4 <= len(archetype.recognise) <= 8, archetype.id
        assert archetype.cues, archetype.id


def test_every_pitfall_speaks_dutch(library: Library) -> None:
    for pitfall in _pitfalls(library):
        assert pitfall.question.nl and pitfall.why.nl, pitfall.id
        assert pitfall.question.nl != pitfall.question.en, pitfall.id


def test_pitfall_ids_are_unique_and_name_their_archetype(library: Library) -> None:
    ids = Counter(p.id for p in _pitfalls(library))
    assert [pid for pid, n in ids.items() if n > 1] == []
    for archetype in library.archetypes:
        assert all(p.id.split(".")[0] == archetype.id for p in archetype.pitfalls), archetype.id


def test_pitfalls_fire_on_what_a_proposal_states(library: Library) -> None:
    """A pitfall needs a sentence-level trigger; facts alone would fire on every proposal of its kind."""
    for pitfall in _pitfalls(library):
        trigger = pitfall.applies_when
        assert trigger.meaning or trigger.cues, pitfall.id
        assert pitfall.answered_when.cues, f"{pitfall.id}: no literal answer cues"
        too_short = [cue for cue in trigger.cues + pitfall.answered_when.cues if len(cue.strip()) < 3]
        assert too_short == [], f"{pitfall.id}: cues this short match inside unrelated words"
        assert len(pitfall.question.en.split()) <= 30, pitfall.id


SLOT_PATTERN = re.compile(r"\{(" + "|".join(SLOTS) + r")\}")


def _masked(text: str) -> str:
    return SLOT_PATTERN.sub("{}", text.lower())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_two_questions_share_a_template(library: Library, language: str) -> None:
    questions = [(p.id, _masked(p.question.get(language))) for p in _pitfalls(library)]
    similar = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for index, (id_b, b) in enumerate(questions):
        matcher.set_seq2(b)  # indexes b once for every earlier question
        for id_a, a in questions[:index]:
            matcher.set_seq1(a)
            # cheap upper bounds first; ratio() only when they cannot rule the pair out
            bounds = matcher.real_quick_ratio() >= TEMPLATE_RATIO and matcher.quick_ratio() >= TEMPLATE_RATIO
            if bounds and matcher.ratio() >= TEMPLATE_RATIO:
                similar.append((id_a, id_b, round(matcher.ratio(), 2)))
    assert similar == []


def test_template_check_catches_a_template() -> None:
    """The check above must be able to fail: two questions differing only in a slot are one template."""
    a = _masked("Who has assessed the security risk of {new_system} before it goes live?")
    b = _masked("Who has assessed the security risk of {retired_system} before it goes live?")
    assert difflib.SequenceMatcher(None, a, b).ratio() >= TEMPLATE_RATIO


def shared_corpus() -> Path | None:
    """The shared decision-record folder: $GAPREVIEW_SHARED_DIR when set, else ../shared beside the repo
    (as tests/knowledge finds it) or /work/shared (a git worktree sits one level deeper)."""
    explicit = os.environ.get("GAPREVIEW_SHARED_DIR")
    bases = [explicit] if explicit else [str(REPO / ".." / "shared"), "/work/shared"]
    for base in bases:
        folder = Path(base).resolve() / "data" / "decision-records"
        if folder.is_dir():
            return folder
    return None


def test_corpus_examples_point_at_real_records_in_our_own_words(library: Library) -> None:
    folder = shared_corpus()
    if folder is None:
        pytest.skip("shared decision-record corpus not found")
    linked = [p for p in _pitfalls(library) if p.corpus]
    assert len(linked) >= 20
    for pitfall in linked:
        assert pitfall.corpus is not None
        record = folder / pitfall.corpus.path
        assert record.is_file(), f"{pitfall.id}: {pitfall.corpus.path}"
        source = " ".join(record.read_text(encoding="utf-8", errors="replace").lower().split())
        words = pitfall.corpus.note.lower().split()
        copied = [" ".join(words[i : i + 7]) for i in range(len(words) - 6) if " ".join(words[i : i + 7]) in source]
        assert copied == [], f"{pitfall.id}: note copies the record: {copied[:1]}"


def test_quoted_fact_is_one_the_trigger_guarantees_or_expects(library: Library) -> None:
    """The evidence quote must come from a fact the trigger asks for, or the finding quotes nothing."""
    for pitfall in _pitfalls(library):
        trigger = pitfall.applies_when
        expected = set(trigger.facts_all) | set(trigger.facts_any) | ({"action"} if trigger.actions_any else set())
        if pitfall.evidence_fact is not None:
            assert pitfall.evidence_fact in expected, pitfall.id


def test_slotted_questions_render_only_from_their_typed_fact(library: Library) -> None:
    slotted = [p for p in _pitfalls(library) if SLOT_PATTERN.search(p.question.en)]
    assert slotted, "the library uses no typed slot at all"
    for pitfall in slotted:
        needed = {SLOTS[name] for name in SLOT_PATTERN.findall(pitfall.question.en)}
        typed = [Fact(type=fact_type, value="FS01", sentence=0) for fact_type in needed]
        for language in ("en", "nl"):
            rendered = fill(pitfall.question.get(language), typed)
            assert rendered is not None and "{" not in rendered and "FS01" in rendered, pitfall.id
        # a department or person is never a system: without the typed fact there is no question
        if "people" not in needed:
            assert fill(pitfall.question.en, [Fact(type="people", value="Finance", sentence=0)]) is None, pitfall.id


def test_every_pitfall_names_its_situation_by_cue_words(library: Library) -> None:
    """A situation applies only where a sentence names it by a cue word; a pitfall of the library without
    cues would fall back to meaning alone, which blind reviewers judged wrong most of the time."""
    for pitfall in _pitfalls(library):
        if pitfall.applies_when.meaning:
            assert pitfall.applies_when.cues, pitfall.id


def test_a_pitfall_defers_only_to_pitfalls_that_exist(library: Library) -> None:
    """`defers_to` (of a pitfall or a challenge) names the check that asks the same question; a typo would
    silently raise both."""
    from agents.judge.challenges import load_challenges
    from agents.judge.timeline_checks import load_checks

    ids = {p.id for p in _pitfalls(library)} | {f"assumption.{kind}" for kind in load_challenges().challenges}
    ids |= {f"timeline.{name}" for name in load_checks().checks}
    for pitfall in _pitfalls(library):
        for other in pitfall.defers_to:
            assert other in ids and other != pitfall.id, (pitfall.id, other)
    for kind, challenge in load_challenges().challenges.items():
        for other in challenge.defers_to:
            assert other in ids and other != f"assumption.{kind}", (kind, other)


SETTING_WORDS = re.compile(
    r"\b(?:trucks?|pickers?|docks?|pallets?|warehouses?|freight|vrachtwagens?|magazijnen|magazijn|heftrucks?|lading)\b",
    re.IGNORECASE,
)


def test_a_pitfalls_general_reasons_name_no_one_setting(library: Library) -> None:
    """Warehouse trucks and pickers belong in the "For example" sentence, which a finding shows only
    where the proposal names them: in the general reasons they read as another project's template."""
    from agents.judge.findings import EXAMPLE_LEAD

    leaks = [
        (pitfall.id, sentence)
        for archetype in library.archetypes
        for pitfall in archetype.pitfalls
        for text in (pitfall.why.en, pitfall.why.nl or "")
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip())
        if not EXAMPLE_LEAD.match(sentence) and SETTING_WORDS.search(sentence)
    ]
    assert leaks == []


def test_a_broken_denied_by_regex_fails_on_load_with_its_field(library: Library) -> None:
    from pydantic import ValidationError

    data = library.archetypes[0].model_dump()
    data["denied_by"] = ["(unclosed"]
    with pytest.raises(ValidationError, match="denied_by"):
        Archetype.model_validate(data)


def test_a_shared_cue_set_is_expanded_where_named_and_an_unknown_one_fails_with_its_name(library: Library) -> None:
    from pydantic import ValidationError

    from agents.lenses.library import Answer, load_cue_sets

    shared = load_cue_sets().sets["first_days_help"]
    dip = next(p for a in library.archetypes for p in a.pitfalls if p.id == "process_org_change.productivity_dip")
    assert set(shared) <= set(dip.answered_when.cues) and not any(c.startswith("@") for c in dip.answered_when.cues)
    assert Answer(meaning=["x"], cues=["@first_days_help", "buddy"]).cues == [*shared, "buddy"]
    with pytest.raises(ValidationError, match="@first_day_help"):
        Answer(meaning=["x"], cues=["@first_day_help"])
