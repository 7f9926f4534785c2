"""The employer's bulk check, shared by its API route and the board's page (one answer).

See docs/access.md, "The employer's bulk check": a wrong date of birth and an unknown number
answer alike, every person found is noted for the access log.
"""

from __future__ import annotations

from api.context import note_file_read, today
from api.delivery_csv import parse_csv
from api.schemas.bulk_check import BulkCheckAnswer, CheckedRow
from api.schemas.deliveries import FieldFault
from api.schemas.public_register import PublicName, PublicQualification
from domain.delivery_rows import SHAPE
from domain.errors import InvalidInputError
from domain.identity_check import COLUMNS, check_key, pair_digest, read_rows
from projections import identity_check
from projections.db import Db


def check_pairs(
    board_number: str, body: bytes, max_rows: int, secret: bytes, db: Db
) -> BulkCheckAnswer:
    """Check a CSV of pairs: parse, check each row, look every right pair up at once, note
    the persons found for the access log, and answer per row."""
    rows, lines = parse_csv(body, COLUMNS, COLUMNS)
    if len(rows) > max_rows:
        raise InvalidInputError.of(
            "(rows)", f"a check has at most {max_rows} rows; this file has {len(rows)}"
        )
    on = today()
    pairs, bad = read_rows(rows, on, SHAPE)
    key = check_key(secret)
    digests = {p.row: pair_digest(key, p.register_number, p.birth_date) for p in pairs}
    found = identity_check.matches(db, list(digests.values()))
    out: dict[int, CheckedRow] = {}
    for p in pairs:
        entry = found.get(digests[p.row])
        line = lines[p.row - 1]
        if entry is None:
            out[p.row] = CheckedRow(
                row=p.row, line=line, register_number=p.register_number, result="not_found"
            )
            continue
        note_file_read(entry["teacher_id"])  # the check confirmed their date of birth
        quals = [PublicQualification(**q) for q in entry["qualifications"]]
        out[p.row] = CheckedRow(
            row=p.row,
            line=line,
            register_number=p.register_number,
            result="found",
            registered=any(q.status == "registered" for q in quals),
            name=PublicName.of(entry["name"]),
            qualifications=quals,
        )
    for b in bad:
        out[b.row] = CheckedRow(
            row=b.row,
            line=lines[b.row - 1],
            register_number=b.register_number,
            result="invalid",
            errors=[FieldFault(field=e.field, message=e.message) for e in b.errors],
        )
    data = [out[i] for i in sorted(out)]
    return BulkCheckAnswer(
        board_number=board_number,
        rows=len(data),
        found=sum(1 for r in data if r.result == "found"),
        not_found=sum(1 for r in data if r.result == "not_found"),
        invalid=len(bad),
        checked_on=on,
        data=data,
    )
