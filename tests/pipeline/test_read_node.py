from __future__ import annotations

from agents.nodes.read import detect_language, parse_proposal

PROPOSAL = """# Proposal: Badge login for the scanners

We want every picker to log in with a badge from 1 March
2027. This also covers temps, e.g. agency staff.

- Budget is not approved yet.
- Rollout per site.

| Phase | Site | Date |
|---|---|---|
| 1 | Tilburg | 1 March 2027 |
"""


def test_sentences_are_verbatim_substrings_with_offsets() -> None:
    proposal = parse_proposal(PROPOSAL)
    assert proposal.sentences
    for sentence in proposal.sentences:
        assert PROPOSAL[sentence.start : sentence.end] == sentence.text


def test_title_strips_prefix_and_wrapped_sentence_stays_whole() -> None:
    proposal = parse_proposal(PROPOSAL)
    assert proposal.title == "Badge login for the scanners"
    texts = [s.text for s in proposal.sentences]
    assert "We want every picker to log in with a badge from 1 March\n2027." in texts
    assert "Budget is not approved yet." in texts
    assert "Rollout per site." in texts


def test_table_rows_are_units_and_rules_are_skipped() -> None:
    texts = [s.text for s in parse_proposal(PROPOSAL).sentences]
    assert any("Tilburg" in t and "1 March 2027" in t for t in texts)
    assert not any(set(t) <= set("|-: ") for t in texts)


def test_language_detection_en_nl_and_other() -> None:
    assert detect_language("We propose to replace the order system before the peak season starts.") == "en"
    assert detect_language("Wij stellen voor om het ordersysteem te vervangen voor het piekseizoen.") == "nl"
    assert detect_language("Nous proposons de remplacer le système de commande avant la haute saison.") == "fr"


def test_other_languages_do_not_break_parsing() -> None:
    text = "# Предложение\n\nМы предлагаем заменить систему заказов. Бюджет утверждён."
    proposal = parse_proposal(text)
    assert len(proposal.sentences) == 2
    assert proposal.title == "Предложение"


def test_proposals_split_in_parallel_threads_match_the_sequential_split() -> None:
    """The batch reviews drafts in worker threads and the page serves sessions in threads: a sentence
    splitter shared between them mixed two proposals' sentences (39 of 48 splits differed)."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    cases = Path(__file__).resolve().parents[2] / "evals" / "cases"
    texts = [p.read_text(encoding="utf-8") for p in sorted(cases.glob("*.md"))] * 3
    assert len(texts) >= 12

    def split(text: str) -> list[str]:
        return [s.text for s in parse_proposal(text).sentences]

    sequential = [split(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(split, texts))
    assert parallel == sequential


def test_language_is_detected_right_when_the_first_reviews_run_in_parallel_threads() -> None:
    """langdetect loads its profiles lazily without a lock: when a fresh process's first detections
    ran in two threads at once (`batch -j 2`), 15 of 16 Dutch proposals came out English or Polish
    for the rest of the process. Run cold, in a new interpreter, with the first calls in threads."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = (
        "import glob\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from agents.nodes.read import detect_language\n"
        "paths = sorted(glob.glob('evals/commitment/proposals/dev/*-nl.md'))\n"
        "texts = [open(p, encoding='utf-8').read() for p in paths]\n"
        "with ThreadPoolExecutor(4) as pool:\n"
        "    print(','.join(pool.map(detect_language, texts)))\n"
    )
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
        found = done.stdout.strip().split(",")
        assert len(found) >= 8 and set(found) == {"nl"}, found


MEMO = """**Memo**
Aan: Hanneke Verbeek, manager Finance & Control
Van: Thijs van Leeuwen, controller
Datum: 3 februari
Betreft: Automatiseren declaratieproces met Power Automate

Hanneke, zoals afgesproken werk ik mijn idee uit.

**Voorstel**
Ik heb een werkende proef gebouwd.
**We beslissen vóór vrijdag.**
"""


def test_a_memo_header_is_read_line_by_line_and_its_subject_is_the_title() -> None:
    """Judges kept finding quotes that were a whole memo header ("**Memo** Aan: ... Betreft: ...")
    read as one sentence: header lines are units of their own, a bold line alone is a heading."""
    proposal = parse_proposal(MEMO)
    texts = [s.text for s in proposal.sentences]
    assert texts[:4] == [
        "Aan: Hanneke Verbeek, manager Finance & Control",
        "Van: Thijs van Leeuwen, controller",
        "Datum: 3 februari",
        "Betreft: Automatiseren declaratieproces met Power Automate",
    ]
    assert proposal.title == "Automatiseren declaratieproces met Power Automate"
    assert proposal.sections == ["Memo", "Voorstel"]
    assert "Ik heb een werkende proef gebouwd." in texts
    assert any("We beslissen vóór vrijdag." in t for t in texts)  # a bold sentence stays a sentence
    assert all(MEMO[s.start : s.end] == s.text for s in proposal.sentences)


def test_a_thematic_break_separates_but_is_never_a_sentence() -> None:
    text = "**To:** Sander\n**Date:** 1 December 2026\n\n---\n\nSander, Linda,\n\nWe add pay later.\n* * *\nThanks.\n"
    units = [s.text for s in parse_proposal(text).sentences]
    assert "---" not in units and "* * *" not in units
    assert "We add pay later." in units and "Thanks." in units


def test_a_chat_message_stamp_separates_messages_and_is_never_quoted() -> None:
    """s25: "**Maya Lindqvist** 14:02" ran into the message under it and was quoted as evidence."""
    text = (
        "**Microsoft Teams – channel Studio**\n\n"
        "**Maya Lindqvist** 14:02\nHi all, here's the write-up on the AI visuals!\n\n"
        "**Raj Mistry** (Finance Manager) · 09:31\nWho pays for the seats?\n"
        "**Anouk Verhoef** (teamleider) – ma 3 maart 16:42\nWe beginnen maandag.\n"
        "**Date:** 22 January 2026, 16:41\n"
    )
    proposal = parse_proposal(text)
    units = [s.text for s in proposal.sentences]
    assert "Hi all, here's the write-up on the AI visuals!" in units
    assert "Who pays for the seats?" in units and "We beginnen maandag." in units
    assert not any("14:02" in u or "09:31" in u or "16:42" in u for u in units)
    assert "**Date:** 22 January 2026, 16:41" in units  # a field line with a time is still a field
    assert all(text[s.start : s.end] == s.text for s in proposal.sentences)
