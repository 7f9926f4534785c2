"""Reading a delivery sent as CSV: the header names the columns, each line is one row.

The header is checked once (a missing or unknown column is a fault of the file, not of every
row); a line with more or fewer fields than the header is reported as a fault of that row.
UTF-8 (a byte-order mark is allowed); comma or semicolon separated, told apart by the header.
Blank lines are skipped. Rows are numbered from 1 for the first data line; the physical line
of each row is kept so answers can name both.
"""

from __future__ import annotations

import csv
import io

from api.problems import ApiProblem
from domain.delivery_rows import COLUMNS, REQUIRED, SHAPE
from domain.errors import FieldError, InvalidInputError
from policies.messages import M


def parse_csv(
    body: bytes,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED,
) -> tuple[list[dict[str, str | None]], list[int]]:
    """Rows as dicts of column to text (None when empty), and the line of each row; the
    columns are the employers' delivery's unless others are given (providers' participation)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiProblem(400, "Malformed request", "a CSV delivery is UTF-8 text") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise InvalidInputError.of("(header)", "the CSV file has no header line")
        names = [h.strip().lower() for h in header]
        errors = [
            FieldError(c, f"the header lacks the column {c!r}") for c in required if c not in names
        ]
        errors += [
            FieldError(n or "(header)", M.COLUMN_UNKNOWN(column=repr(n)))
            for n in names
            if n not in columns
        ]
        errors += [
            FieldError(n, f"the column {n!r} appears more than once")
            for n in sorted({n for n in names if names.count(n) > 1})
        ]
        if errors:
            raise InvalidInputError("the CSV header is not the delivery's", errors)
        rows: list[dict[str, str | None]] = []
        lines: list[int] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            row: dict[str, str | None] = {
                name: (record[i].strip() or None) if i < len(record) else None
                for i, name in enumerate(names)
            }
            if len(record) != len(names):
                row[SHAPE] = M.LINE_FIELD_COUNT_MISMATCH(fields=len(record), header=len(names))
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise ApiProblem(
            400, "Malformed request", f"not a readable CSV file (line {reader.line_num}): {exc}"
        ) from None
    return rows, lines
