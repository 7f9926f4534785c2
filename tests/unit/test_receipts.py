"""Receipts read as a specification: legal basis, reasons in two languages, trace comparison."""

from __future__ import annotations

from datetime import date

from domain.criteria_book import DEFAULT_EFFECTIVE_FROM, default_book
from domain.receipts import legal_basis, reasons, trace_differences

TRACE = [
    {
        "criterion": "period",
        "required": "-",
        "actual": "2022-09-01/2026-08-31",
        "passed": True,
        "evidence": [],
    },
    {
        "criterion": "total_hours",
        "required": "160.0",
        "actual": "120.5",
        "passed": False,
        "evidence": ["t/3"],
    },
    {
        "criterion": "sector:vo:subject_matter",
        "required": "40.0",
        "actual": "10.0",
        "passed": False,
        "evidence": ["t/3"],
    },
]


def test_legal_basis_cites_the_sector_law_and_the_awb_with_juriconnect_links() -> None:
    refs = legal_basis("re_registration", "po", hearing=False)
    assert refs[0]["bwb_id"] == "BWBR0003420"
    assert {r["article"] for r in refs[1:]} == {"3:46", "3:45", "6:7", "6:8"}
    assert all(r["url"] == "https://wetten.overheid.nl/" + r["juriconnect"] for r in refs)


def test_a_hearing_adds_awb_4_8() -> None:
    refs = legal_basis("strike_off", "mbo", hearing=True)
    assert refs[0]["bwb_id"] == "BWBR0007625"
    assert "4:8" in {r["article"] for r in refs}


def test_reasons_name_every_shortfall_in_hours_in_dutch_and_english() -> None:
    said = reasons(
        "re_registration",
        "annotated",
        TRACE,
        period=("2022-09-01", "2026-08-31"),
        objection_deadline="2027-01-09",
    )
    assert "er ontbreken 39,5 uur" in said["nl"][1]
    assert "39.5 hours are missing" in said["en"][1]
    assert "subject matter (vo requirement)" in said["en"][2]
    assert said["en"][-1].endswith("until 2027-01-09 inclusive (Awb 6:7).")
    assert len(said["nl"]) == len(said["en"])


def test_equal_traces_have_no_differences_and_changed_ones_are_named() -> None:
    assert trace_differences(TRACE, [dict(e) for e in TRACE]) == []
    changed = [dict(e) for e in TRACE]
    changed[1] = {**changed[1], "actual": "160.0", "passed": True}
    found = trace_differences(TRACE, [*changed[:2], {**TRACE[0], "criterion": "new"}])
    assert {(d["criterion"], d["field"]) for d in found} == {
        ("total_hours", "actual"),
        ("total_hours", "passed"),
        ("sector:vo:subject_matter", "(entry)"),
        ("new", "(entry)"),
    }


def test_the_default_book_holds_the_shipped_document_in_force_from_2017() -> None:
    book = default_book("reregistration")
    assert book.in_force(date(2017, 7, 31)) is None
    version = book.in_force(DEFAULT_EFFECTIVE_FROM)
    assert version is not None
    assert (version.version, version.adopted_on) == (1, DEFAULT_EFFECTIVE_FROM)
    assert len(book.pending_events) == 3
