"""Employer data delivery (gegevenslevering): the rows and their rules.

A school board delivers appointment data in batches (docs/domain.md, "Data that employers deliver").
Every row is checked on its own and every fault is named with its row number and field, so a board
fixes a delivery in one pass; valid rows are accepted even when others are not. The rules live here,
as pure functions over plain strings, so that a CSV upload and a JSON body are judged alike. The
aggregates that keep what the rows leave behind are in :mod:`domain.delivery`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from domain.errors import FieldError
from domain.teacher import subject_errors
from domain.values import Basis
from policies.messages import M

#: Columns of a delivery, in the order of docs/domain.md, "Data that employers deliver"; a CSV
#: header names them in any order.
COLUMNS: Final = (
    "bsn",
    "gender",
    "birth_date",
    "basis",
    "brin",
    "start",
    "end",
    "contract_start",
    "contract_end",
    "fte",
    "sector",
    "subjects",
)
OPTIONAL: Final = frozenset({"end", "contract_end", "sector", "subjects"})
#: A key the CSV reader sets on a row whose number of fields differs from the header's.
SHAPE: Final = "(row)"
REQUIRED: Final = tuple(c for c in COLUMNS if c not in OPTIONAL)
#: Gender as the BRP records it: man, vrouw, onbekend; and X (neither, as in a passport).
GENDERS: Final = frozenset({"m", "v", "o", "x"})
#: A school number: two digits and two letters, optionally a two-digit branch number.
BRIN_PATTERN: Final = re.compile(r"[0-9]{2}[A-Z]{2}(?:[0-9]{2})?")
MAX_FTE: Final = Decimal("1.5")
#: How far ahead an appointment may start (boards deliver changes within a month).
MAX_DAYS_AHEAD: Final = 366
MIN_AGE: Final = 15
MAX_AGE: Final = 100
MAX_ROWS: Final = 50_000
MAX_DELIVERY_ID: Final = 100
#: Subjects of one appointment in a CSV cell are separated by this character (a comma or a
#: semicolon would be the file's own separator).
SUBJECT_SEPARATOR: Final = "|"
#: A date as a Dutch spreadsheet writes it: dd-mm-jjjj.
DUTCH_DATE: Final = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")
BOARD_NUMBER: Final = re.compile(r"[0-9]{5}")


@dataclass(frozen=True, slots=True)
class DeliveredRow:
    """One valid row, parsed."""

    row: int
    bsn: str
    gender: str
    birth_date: date
    basis: str
    brin: str
    start: date
    end: date | None
    contract_start: date
    contract_end: date | None
    fte: Decimal
    #: The sector taught in (po, vo, mbo) and, in vo and mbo, the subjects; None when the
    #: board did not state them (the file then flags the appointment "not stated").
    sector: str | None = None
    subjects: tuple[str, ...] | None = None

    def appointment(self) -> dict[str, Any]:
        """The appointment fields as the teacher file records them."""
        return {
            "brin": self.brin,
            "start": self.start,
            "end": self.end,
            "fte": self.fte,
            "basis": self.basis,
            "contract_start": self.contract_start,
            "contract_end": self.contract_end,
            "sector": self.sector,
            "subjects": list(self.subjects) if self.subjects is not None else None,
        }


@dataclass
class CheckedRows:
    """Rows split into the valid ones and the faults of the others, by row number."""

    valid: list[DeliveredRow] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    #: What was read other than as written (a BSN's restored leading zero), by row.
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, row: int, errors: list[FieldError]) -> None:
        self.rejected.append({"row": row, "errors": [e.to_dict() for e in errors]})


_BASES: Final = frozenset(b.value for b in Basis)


_KNOWN: Final = frozenset((*COLUMNS, SHAPE))
_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2)


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value).strip()


def _elfproef(bsn: str) -> bool:
    """:func:`domain.values.bsn_is_valid`, unrolled: it runs once per delivered row."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit() or bsn == "000000000":
        return False
    return (sum(map(int.__mul__, _WEIGHTS, map(int, bsn[:8]))) - int(bsn[8])) % 11 == 0


def check_date(
    raw: Mapping[str, Any], name: str, errors: list[FieldError], *, required: bool
) -> date | None:
    text = _text(raw, name)
    if not text:
        if required:
            errors.append(FieldError(name, M.FIELD_REQUIRED(name=name)))
        return None
    if len(text) != 10:
        errors.append(FieldError(name, M.DATE_FORMAT_INVALID(name=name)))
        return None
    try:
        if text[2] == "-":  # the Dutch form; the ISO one is the common case and checked first
            dutch = DUTCH_DATE.fullmatch(text)
            if dutch is None:
                raise ValueError(text)
            day, month, year = dutch.groups()
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(name, M.DATE_FORMAT_INVALID(name=name)))
        return None


def one_month_after(start: date) -> date:
    """The same day a month later (the last day of that month when it has no such day)."""
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")  # pragma: no cover


def shorter_than_a_month(start: date, end: date | None) -> bool:
    """Whether an appointment from ``start`` to ``end`` (both inclusive) lasts less than a
    month: appointments shorter than one month are out of the register's scope (docs/domain.md,
    "Data that employers deliver")."""
    return end is not None and end < one_month_after(start) - timedelta(days=1)


def restored_bsn(text: str) -> str | None:
    """An 8-digit BSN with the leading zero a spreadsheet dropped put back, or None when the
    text is not 8 digits."""
    if len(text) == 8 and text.isascii() and text.isdigit():
        return "0" + text
    return None


def _sector_and_subjects(
    raw: Mapping[str, Any], errors: list[FieldError]
) -> tuple[str | None, tuple[str, ...] | None]:
    """The sector taught in and, in vo and mbo, the subjects (a list in JSON; in CSV one cell
    with the subjects separated by ``|``). Both are optional: unstated is flagged, not refused."""
    if raw.get("sector") is None and raw.get("subjects") is None:
        return None, None  # the common case of a delivery from before the columns existed
    sector = _text(raw, "sector").lower() or None
    value = raw.get("subjects")
    if isinstance(value, list):
        names = [str(v).strip() for v in value]
    else:
        names = [part.strip() for part in _text(raw, "subjects").split(SUBJECT_SEPARATOR)]
    subjects = [n for n in names if n]
    errors += subject_errors(sector, subjects)
    return sector, (tuple(subjects) if subjects else None)


def _fte(raw: Mapping[str, Any], errors: list[FieldError]) -> Decimal | None:
    text = _text(raw, "fte").replace(",", ".")
    if not text:
        errors.append(FieldError("fte", M.FTE_REQUIRED()))
        return None
    try:
        fte = Decimal(text)
    except InvalidOperation:
        errors.append(FieldError("fte", M.FTE_NOT_NUMERIC()))
        return None
    if not fte.is_finite() or not (Decimal(0) < fte <= MAX_FTE):
        errors.append(FieldError("fte", M.DELIVERY_FTE_OUT_OF_RANGE(max_fte=MAX_FTE)))
        return None
    exponent = fte.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        errors.append(FieldError("fte", M.FTE_TOO_PRECISE()))
        return None
    return fte


def check_row(
    number: int,
    raw: Mapping[str, Any],
    today: date,
    latest_start: date | None = None,
    *,
    spreadsheet: bool = False,
    warnings: list[dict[str, Any]] | None = None,
) -> DeliveredRow | list[FieldError]:
    """One row parsed, or every fault in it (never just the first).

    ``spreadsheet`` (a CSV delivery): an 8-digit BSN gets the leading zero back that a
    spreadsheet drops from a number, said so in ``warnings``.
    """
    errors: list[FieldError] = []
    if SHAPE in raw:
        errors.append(
            FieldError(SHAPE, raw[SHAPE] if isinstance(raw[SHAPE], str) else str(raw[SHAPE]))
        )
    if not _KNOWN.issuperset(raw):
        unknown = sorted(k for k in raw if k not in _KNOWN)
        errors += [FieldError(k, M.COLUMN_UNKNOWN(column=repr(k))) for k in unknown]
    bsn = _text(raw, "bsn")
    restored = restored_bsn(bsn) if spreadsheet else None
    if restored is not None and _elfproef(restored):
        bsn = restored
        if warnings is not None:
            warnings.append(
                {
                    "row": number,
                    "field": "bsn",
                    "message": M.LEADING_ZERO_RESTORED(),
                }
            )
    if not bsn:
        errors.append(FieldError("bsn", M.BSN_REQUIRED()))
    elif not _elfproef(bsn):
        errors.append(FieldError("bsn", M.BSN_INVALID()))
    gender = _text(raw, "gender").lower()
    if gender not in GENDERS:
        errors.append(FieldError("gender", M.GENDER_UNKNOWN()))
    birth_date = check_date(raw, "birth_date", errors, required=True)
    if birth_date is not None:
        if birth_date > today:
            errors.append(FieldError("birth_date", M.BIRTH_DATE_IN_FUTURE()))
        elif birth_date.year < today.year - MAX_AGE:
            errors.append(FieldError("birth_date", M.BIRTH_DATE_BEYOND_MAX_AGE(max_age=MAX_AGE)))
    basis = _text(raw, "basis")
    if basis not in _BASES:
        errors.append(FieldError("basis", M.BASIS_UNKNOWN(bases=", ".join(sorted(_BASES)))))
    brin = _text(raw, "brin").upper()
    if not BRIN_PATTERN.fullmatch(brin):
        errors.append(FieldError("brin", M.SCHOOL_NUMBER_INVALID()))
    start = check_date(raw, "start", errors, required=True)
    end = check_date(raw, "end", errors, required=False)
    contract_start = check_date(raw, "contract_start", errors, required=True)
    contract_end = check_date(raw, "contract_end", errors, required=False)
    if start is not None:
        if start > (latest_start or today + timedelta(days=MAX_DAYS_AHEAD)):
            errors.append(FieldError("start", M.APPOINTMENT_TOO_FAR_AHEAD()))
        if birth_date is not None and start.year - birth_date.year < MIN_AGE:
            errors.append(FieldError("start", M.APPOINTMENT_BEFORE_MIN_AGE(min_age=MIN_AGE)))
        if end is not None and end < start:
            errors.append(FieldError("end", M.APPOINTMENT_ENDS_BEFORE_STARTS()))
        elif shorter_than_a_month(start, end):
            errors.append(
                FieldError(
                    "end",
                    M.APPOINTMENT_TOO_SHORT(),
                )
            )
    if contract_start is not None and contract_end is not None and contract_end < contract_start:
        errors.append(FieldError("contract_end", M.CONTRACT_ENDS_BEFORE_STARTS()))
    fte = _fte(raw, errors)
    sector, subjects = _sector_and_subjects(raw, errors)
    if errors:
        return errors
    assert birth_date is not None
    assert start is not None
    assert contract_start is not None
    assert fte is not None
    return DeliveredRow(
        row=number,
        bsn=bsn,
        gender=gender,
        birth_date=birth_date,
        basis=basis,
        brin=brin,
        start=start,
        end=end,
        contract_start=contract_start,
        contract_end=contract_end,
        fte=fte,
        sector=sector,
        subjects=subjects,
    )


def check_rows(
    rows: Sequence[Mapping[str, Any]], today: date, *, spreadsheet: bool = False
) -> CheckedRows:
    """Every row checked, numbered from 1; the same appointment twice is a fault of the later
    row (the earlier one stands). ``spreadsheet``: the rows came from a CSV file."""
    checked = CheckedRows()
    seen: dict[tuple[str, str, date], int] = {}
    latest_start = today + timedelta(days=MAX_DAYS_AHEAD)
    for number, raw in enumerate(rows, start=1):
        row_warnings: list[dict[str, Any]] = []
        result = check_row(
            number, raw, today, latest_start, spreadsheet=spreadsheet, warnings=row_warnings
        )
        if isinstance(result, list):
            checked.reject(number, result)
            continue
        key = (result.bsn, result.brin, result.start)
        first = seen.get(key)
        if first is not None:
            message = M.APPOINTMENT_DUPLICATE_ROW(row=first)
            checked.reject(number, [FieldError("start", message)])
            continue
        seen[key] = number
        checked.valid.append(result)
        checked.warnings += row_warnings
    return checked
