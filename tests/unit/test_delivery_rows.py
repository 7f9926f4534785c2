"""The rules of a delivered row: every fault named with its field, valid rows parsed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.delivery import masked_bsn
from domain.delivery_rows import DeliveredRow, _elfproef, check_row, check_rows
from domain.values import bsn_is_valid
from tests.procedure_helpers import row

TODAY = date(2026, 11, 28)
BSN = "111222333"


def faults(raw: dict[str, Any]) -> dict[str, str]:
    result = check_row(1, raw, TODAY)
    assert isinstance(result, list), result
    return {e.field: e.message for e in result}


def test_a_valid_row_is_parsed_into_dates_and_decimals() -> None:
    parsed = check_row(1, row(BSN, brin="01ab02", fte="0,75", gender="v"), TODAY)
    assert isinstance(parsed, DeliveredRow)
    assert parsed.brin == "01AB02"
    assert parsed.fte == Decimal("0.75")
    assert parsed.start == date(2024, 8, 1)
    assert parsed.end is None
    assert parsed.gender == "v"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"bsn": "123456789"}, "bsn", id="bsn-fails-elfproef"),
        pytest.param({"bsn": "12345678"}, "bsn", id="bsn-eight-digits"),
        pytest.param({"bsn": None}, "bsn", id="bsn-missing"),
        pytest.param({"gender": "female"}, "gender", id="gender-unknown"),
        pytest.param({"birth_date": "1980/05/01"}, "birth_date", id="birth-date-not-a-date"),
        pytest.param({"birth_date": "31-02-1980"}, "birth_date", id="dutch-date-no-such-day"),
        pytest.param({"end": "2024-08-30"}, "end", id="shorter-than-a-month"),
        pytest.param({"sector": "hbo"}, "sector", id="sector-unknown"),
        pytest.param({"sector": "po", "subjects": "rekenen"}, "subjects", id="po-with-subjects"),
        pytest.param({"subjects": "wiskunde"}, "sector", id="subjects-without-sector"),
        pytest.param({"birth_date": "2027-01-01"}, "birth_date", id="birth-date-in-future"),
        pytest.param({"birth_date": "1900-01-01"}, "birth_date", id="birth-date-too-old"),
        pytest.param({"basis": "qualified"}, "basis", id="basis-unknown"),
        pytest.param({"brin": "1AB"}, "brin", id="brin-too-short"),
        pytest.param({"brin": "AB12"}, "brin", id="brin-letters-first"),
        pytest.param({"brin": "01AB1"}, "brin", id="brin-one-digit-branch"),
        pytest.param({"start": "2024-02-30"}, "start", id="start-no-such-day"),
        pytest.param({"start": "2028-08-01"}, "start", id="start-more-than-a-year-ahead"),
        pytest.param({"start": "1990-08-01"}, "start", id="start-before-age-fifteen"),
        pytest.param({"end": "2024-07-31"}, "end", id="end-before-start"),
        pytest.param({"contract_start": None}, "contract_start", id="contract-start-missing"),
        pytest.param({"contract_end": "2024-01-01"}, "contract_end", id="contract-ends-early"),
        pytest.param({"fte": "0"}, "fte", id="fte-zero"),
        pytest.param({"fte": "1.6"}, "fte", id="fte-above-range"),
        pytest.param({"fte": "-0.5"}, "fte", id="fte-negative"),
        pytest.param({"fte": "veel"}, "fte", id="fte-not-a-number"),
        pytest.param({"fte": "0.123456"}, "fte", id="fte-too-many-decimals"),
        pytest.param({"salary": "3000"}, "salary", id="unknown-column"),
    ],
)
def test_each_broken_rule_is_named_by_its_field(changes: dict[str, Any], field: str) -> None:
    """One fault per broken rule, named by the field it concerns."""
    assert field in faults({**row(BSN), **changes})


def test_every_fault_of_a_row_is_reported_not_only_the_first() -> None:
    found = faults(row("123456789", gender="?", basis="x", brin="x", fte="9", end="2020-01-01"))
    assert set(found) == {"bsn", "gender", "basis", "brin", "fte", "end"}


def test_a_fault_message_never_repeats_the_bsn() -> None:
    assert "123456789" not in faults(row("123456789"))["bsn"]


def test_rows_are_numbered_from_one_and_valid_ones_kept() -> None:
    checked = check_rows([row(BSN), row("1"), row(BSN, brin="02CD"), row(fte="2")], TODAY)
    assert [r.row for r in checked.valid] == [1, 3]
    assert [r["row"] for r in checked.rejected] == [2, 4]


def test_the_same_appointment_twice_in_one_delivery_is_a_fault_of_the_later_row() -> None:
    checked = check_rows([row(BSN), row(BSN, fte="0.5")], TODAY)
    assert [r.row for r in checked.valid] == [1]
    assert checked.rejected == [
        {
            "row": 2,
            "errors": [
                {"field": "start", "message": "the same appointment (bsn, brin, start) is in row 1"}
            ],
        }
    ]


def test_an_employer_list_shows_only_the_last_three_digits_of_a_bsn() -> None:
    assert masked_bsn(BSN) == "******333"


@pytest.mark.parametrize(
    "bsn",
    ["111222333", "123456782", "123456789", "000000000", "12345678", "1234567890", "12345678x"],
)
def test_the_rows_elfproef_agrees_with_the_registers(bsn: str) -> None:
    """The delivery's unrolled check says what `bsn_is_valid` says."""
    assert _elfproef(bsn) == bsn_is_valid(bsn)


def test_dutch_dates_are_read_beside_iso_dates() -> None:
    """`dd-mm-jjjj`, as a Dutch spreadsheet writes a date, means the same day as ISO."""
    parsed = check_row(1, row(BSN, start="01-08-2024", contract_start="2024-08-01"), TODAY)
    assert isinstance(parsed, DeliveredRow)
    assert parsed.start == date(2024, 8, 1)
    assert parsed.contract_start == date(2024, 8, 1)


@pytest.mark.parametrize(
    ("start", "end", "short"),
    [
        pytest.param("2024-08-01", "2024-08-30", True, id="thirty-days-of-august"),
        pytest.param("2024-08-01", "2024-08-31", False, id="all-of-august"),
        pytest.param("2024-01-31", "2024-02-27", True, id="end-of-january-to-27-feb"),
        pytest.param("2024-01-31", "2024-02-28", False, id="end-of-january-to-end-of-february"),
        pytest.param("2024-12-15", "2025-01-14", False, id="over-new-year"),
    ],
)
def test_an_appointment_shorter_than_a_month_is_refused(start: str, end: str, short: bool) -> None:
    """Appointments shorter than one month are out of the register's scope (docs/domain.md, "Data that employers deliver")."""
    result = check_row(1, row(BSN, start=start, end=end, contract_start=start), TODAY)
    if short:
        assert isinstance(result, list)
        assert any(e.field == "end" and "one month" in e.message for e in result)
    else:
        assert isinstance(result, DeliveredRow)


def test_an_eight_digit_bsn_gets_its_zero_back_only_from_a_spreadsheet() -> None:
    """A CSV's 8-digit BSN is read with the leading zero restored and a warning; JSON is exact."""
    bsn = "012345672"
    assert bsn_is_valid(bsn)
    warnings: list[dict[str, Any]] = []
    parsed = check_row(1, row(bsn[1:]), TODAY, spreadsheet=True, warnings=warnings)
    assert isinstance(parsed, DeliveredRow)
    assert parsed.bsn == bsn
    assert warnings == [{"row": 1, "field": "bsn", "message": warnings[0]["message"]}]
    assert "leading zero" in warnings[0]["message"]
    assert isinstance(check_row(1, row(bsn[1:]), TODAY), list)


def test_sector_and_subjects_are_read_from_a_list_or_a_cell() -> None:
    """JSON sends a list of subjects; a CSV cell separates them with `|`."""
    from_csv = check_row(1, row(BSN, sector="VO", subjects="wiskunde| natuurkunde"), TODAY)
    from_json = check_row(1, row(BSN, sector="vo", subjects=["wiskunde", "natuurkunde"]), TODAY)
    assert isinstance(from_csv, DeliveredRow)
    assert from_csv.sector == "vo"
    assert from_csv.subjects == ("wiskunde", "natuurkunde")
    assert from_json == from_csv
