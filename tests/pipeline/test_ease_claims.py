"""Ease of use praised, and "only"/"just" with a verb: two claims, asked apart.

"It's really intuitive, honestly my 9 year old can do it", "The app is easy to use", "Geen training nodig": the
tool praised as easy (`assumption.intuitive`), asked for whom it is that easy and who helps the others on the day
it starts; blind labellers called 14 or 15 of 19 specific on development memos. "just click accept", "will only
switch on when someone taps a card", "a read-only export" were typed as ease too (`assumption.easy`) and were wrong
to both labellers on 9 of 12 memos: they no longer open the ease-of-use question. Not the memo's own doubt or a tool
found less easy. The embedder does not matter (no meaning match decides these), so the fast HashEmbedder runs them.
"""

from __future__ import annotations

from fakes import builtin_findings

INTUITIVE = "assumption.intuitive"


def listed(text: str, check: str = INTUITIVE) -> list:
    return [f for f in builtin_findings(text) if f.id == check]


def test_a_tool_praised_as_easy_is_asked_for_whom_in_english_and_dutch() -> None:
    for sentence, quoted in {
        "It's really intuitive, honestly my 9 year old can do it.": "It's really intuitive",
        "The app is easy to use, and operators needed less than an hour to learn it.": "The app is easy to use",
        "Very user-friendly mobile app, so people report a fault in seconds.": "Very user-friendly mobile app",
        "Het systeem is gebruiksvriendelijk, dus geen training nodig.": "Het systeem is gebruiksvriendelijk",
        "Xero is very easy to pick up.": "Xero is very easy to pick up",
    }.items():
        found = listed(f"# Plan\n\nWe start with the new app next month.\n\n{sentence}\n")
        assert len(found) == 1 and quoted in found[0].evidence[0].quote, sentence
        assert found[0].title.startswith("“") and ("for whom" in found[0].title or "voor wie" in found[0].title)


def test_only_or_just_with_a_verb_doubt_and_a_tool_found_less_easy_are_not_praise() -> None:
    for sentence in (
        "The 14 machines will only switch on when someone taps a university ID card.",
        "I don't think there's anything to sign, you just click accept.",
        "A read-only export goes to the archive.",
        "I'm not sure the app is intuitive enough for the older volunteers.",
        "Is the portal user-friendly enough for tenants?",
        "Voor cliënten is het portaal minder gebruiksvriendelijk.",
        "The old screens were not very intuitive.",
    ):
        assert not listed(f"# Plan\n\nWe start with the new app next month.\n\n{sentence}\n"), sentence


def test_a_champion_who_helps_answers_the_praise_and_a_championship_does_not() -> None:
    """s60: "the club championship finals weekend" closed a bowls club's "easy to use" (specific to both labellers
    before) because "champion" was an answer cue; the shared first-days cues (`@first_days_help`) name the helper."""
    praise = "# Plan\n\nThe booking app is easy to use, so members book their own rinks from April.\n\n"
    assert listed(praise + "We block the green for the club championship finals weekend.\n")
    assert not listed(praise + "Two digital champions help members book on the first Saturdays.\n")
    assert not listed(praise + "Hypercare: the supplier's consultant is on site for the first week.\n")
