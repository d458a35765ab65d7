"""Two acts a proposal quotes that a reviewer challenges: the old way thrown out with the change, and what
the supplier says repeated as the plan's premise.

The old way thrown out: "bin the old cards", "Ticket printers get taken out the same day
and go back to the supplier", "De oude scoutmappen mogen maandag weg". What the proposal destroys is the
only fallback on the days the new way is least proven, so the sentence is quoted and asked about.

Only the old means of working on paper or a device, named in the same clause, is such an act: money that
comes out of a budget, a lift taken out of service or pads that are *not* thrown away are not. A
fallback said anywhere answers it, except the word "spare" in "the spare paper forms" that were binned.
The supplier's word ("PeakGate says kiosks can run for a short time without internet") is challenged only
where the speaker is a system or vendor the proposal names, not a colleague, and not for a lead time.
The embedder does not matter (no meaning match decides these), so the fast HashEmbedder runs them.
"""

from __future__ import annotations

from fakes import builtin_findings

CHECK = "assumption.old_way_discarded"


def listed(text: str) -> list:
    return [f for f in builtin_findings(text) if f.id == CHECK]


def ids_of(text: str) -> set[str]:
    return {f.id for f in builtin_findings(text)}


def test_throwing_out_the_old_forms_or_devices_is_asked_with_the_quote_in_english_and_dutch() -> None:
    cases = {
        "Please start using the new form now and bin the old cards.": "bin the old cards",
        "Ticket printers get taken out the same day and go back to the supplier.": "Ticket printers get taken out",
        "I've binned the spare paper forms in the office already.": "binned the spare paper forms",
        "De boekjes met papieren bonnen gooi ik na 1 maart weg.": "gooi ik na 1 maart weg",
        "De oude scoutmappen mogen maandag weg.": "De oude scoutmappen mogen maandag weg",
        "De oude scanners worden op 13 november opgehaald door de leasemaatschappij.": "opgehaald",
    }
    for sentence, words in cases.items():
        found = listed(f"# Plan\n\n{sentence}\n")
        assert len(found) == 1 and words in found[0].title and found[0].evidence[0].quote in sentence, sentence


def test_money_a_lift_out_of_service_and_pads_kept_are_no_old_way_thrown_out() -> None:
    for sentence in (
        "Cost has come out of the refurb budget so no impact on site P&Ls this year.",
        "A lift emergency phone that cannot call out means the lift has to be taken out of service.",
        "The carbon-copy pads are not being thrown away.",
        "Paper forms take 12 minutes each, and about 1 in 8 is returned because something is missing.",
        "Zolang je nog geen nieuwe badge hebt, de oude kaarten dus niet weggooien.",
        "De brieven gaan deze week de deur uit.",
        # a bin that holds parts is no act of binning (s41)
        "Each bin has a laminated card in a plastic sleeve.",
        "The two-bin card system: cards dropped in the post boxes, collected by stores twice a shift.",
    ):
        assert not listed(f"# Plan\n\n{sentence}\n"), sentence


def test_a_fallback_said_elsewhere_answers_it_and_a_dated_stop_and_start_ask_it_instead() -> None:
    binned = "Bin the old flock books at the end of March, we won't need them.\n"
    assert listed(f"# Plan\n\n{binned}")
    kept = binned + "\nIf the readers fail, the paper fallback is the printed tag list in the office.\n"
    assert not listed(f"# Plan\n\n{kept}")
    closed = "# Overstap\n\nNavision gaat op vrijdag 3 oktober om 16:00 op slot en de oude ordermappen mogen weg.\n"
    assert listed(closed)
    dated = closed + "\nMaandag 6 oktober werken alle drie de vestigingen in Business Central.\n"
    assert not listed(dated)  # timeline.no_way_back asks the same of the two dates
    assert "timeline.no_way_back" in ids_of(dated)


def test_what_the_supplier_says_is_challenged_only_where_the_speaker_is_a_named_system_or_vendor() -> None:
    def said(text: str) -> list:
        return [f for f in builtin_findings(text) if f.id == "assumption.vendor_says"]

    kiosks = (
        "# Lift passes online only\n\nThe kiosks run PeakGate.\n\n"
        "PeakGate says kiosks can run for a short time without internet.\n"
    )
    (found,) = said(kiosks)
    assert "PeakGate says kiosks can run for a short time without internet" in found.title
    dutch = "# Maaiwerk\n\nWe kiezen AgroTrack.\n\nAgroTrack zegt een koppeling met ArcGIS Online te hebben.\n"
    assert said(dutch)
    # a colleague is no seller; a lead time is information, not a premise; a reference asked answers it
    assert not said("# Plan\n\nWe kiezen AgroTrack.\n\nFiona said the check can be done online.\n")
    lead_time = "NatWest has said host-to-host will take 8–10 weeks to set up."
    assert not said(f"# Plan\n\nWe pay through NatWest.\n\n{lead_time}\n")
    asked = dutch + "\nKevin vraagt een referentie op bij Oostmaas.\n"
    assert not said(asked)
