"""An employer's check of a person: does this register number go with this date of birth?

The public register answers anyone by register number, but a number alone does not tell an
employer that the person in front of them is the person on the register. The employer's bulk
check asks for the pair (register number, date of birth) and answers the public entry only
when the pair is right; a wrong date and an unknown number answer alike, "not found", so the
check never tells whether a number exists nor hints at a date (docs/access.md, "The employer's
bulk check").

The register never compares a date in plain form: a projection keeps, per person, a keyed
hash of the pair (:func:`pair_digest`), and a check looks the hashes of the asked pairs up in
one query. Without the register's secret a digest cannot be tested against guessed dates.

Legal basis: data minimisation and purpose limitation, AVG (Regulation (EU) 2016/679, CELEX
32016R0679) art. 5(1)(b) and (c): the employer learns only what the public register shows,
and only for a person whose date of birth it already holds; art. 25(1), protection by design:
an answer that differed between a wrong date and an unknown number would confirm the number.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain.errors import FieldError
from domain.values import register_number_is_valid
from policies.messages import M

#: The columns of a check file, in this order in examples (any order is read).
COLUMNS: Final = ("register_number", "birth_date")
#: Rows of a check file at most (the setting `LR_BULK_CHECK_MAX_ROWS` may lower or raise it).
MAX_ROWS: Final = 10_000
#: Oldest date of birth a check accepts: older dates are typing errors, not teachers.
EARLIEST_BIRTH_DATE: Final = date(1900, 1, 2)
_CONTEXT: Final = b"lerarenregister:identity-check:v1"


def check_key(secret: bytes) -> bytes:
    """The key of the pair digests, derived from the register's secret (never the BSN key
    itself, so a digest of one kind can never be taken for the other)."""
    return hmac.new(secret, _CONTEXT, hashlib.sha256).digest()


def pair_digest(key: bytes, register_number: str, birth_date: date) -> str:
    """The keyed hash of one (register number, date of birth) pair, as hex."""
    message = f"{register_number}|{birth_date.isoformat()}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Pair:
    """One valid row of a check: its number in the file and the pair asked about."""

    row: int
    register_number: str
    birth_date: date


@dataclass(frozen=True)
class BadRow:
    """One row that cannot be checked, with every fault."""

    row: int
    register_number: str | None
    errors: tuple[FieldError, ...]


def read_rows(
    rows: Sequence[Mapping[str, str | None]], today: date, shape_key: str = ""
) -> tuple[list[Pair], list[BadRow]]:
    """The valid pairs and the faulty rows of a check, rows numbered from 1.

    A register number asked twice in one file is a fault of the later rows: one file may not
    try several dates for one number.
    """
    pairs: list[Pair] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(rows, start=1):
        errors: list[FieldError] = []
        if shape_key and raw.get(shape_key):
            errors.append(FieldError("(row)", raw[shape_key] or ""))
        number = (raw.get("register_number") or "").strip()
        if not number:
            errors.append(FieldError("register_number", M.REGISTER_NUMBER_REQUIRED()))
        elif not register_number_is_valid(number):
            errors.append(FieldError("register_number", M.REGISTER_NUMBER_INVALID()))
        elif number in seen:
            again = M.REGISTER_NUMBER_DUPLICATE_ROW(row=seen[number])
            errors.append(FieldError("register_number", again))
        born = _birth_date(raw.get("birth_date"), today, errors)
        if errors or born is None:
            bad.append(BadRow(i, number or None, tuple(errors)))
            continue
        seen[number] = i
        pairs.append(Pair(i, number, born))
    return pairs, bad


def _birth_date(text: str | None, today: date, errors: list[FieldError]) -> date | None:
    if not text or not text.strip():
        errors.append(FieldError("birth_date", M.BIRTH_DATE_REQUIRED()))
        return None
    try:
        born = date.fromisoformat(text.strip())
    except ValueError:
        errors.append(FieldError("birth_date", M.BIRTH_DATE_FORMAT_INVALID()))
        return None
    if len(text.strip()) != len("YYYY-MM-DD"):
        errors.append(FieldError("birth_date", M.BIRTH_DATE_FORMAT_INVALID()))
        return None
    if born > today or born < EARLIEST_BIRTH_DATE:
        errors.append(FieldError("birth_date", M.BIRTH_DATE_OUT_OF_RANGE()))
        return None
    return born
