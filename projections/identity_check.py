"""The keyed hashes an employer's bulk check compares against (domain/identity_check.py).

One row per person: the teacher id, the register number and the keyed hash of (register
number, date of birth), folded from the admission and from corrections of the date of birth.
No date of birth is stored, in plain form or otherwise reversible without the register's
secret. An erasure drops the row (`projections/erasure.py`), so an erased person is "not
found" like anyone unknown.

The projection needs the register's secret: the composition root hands it over
(`configure`), and folding without it fails loudly rather than write hashes no check finds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from domain.identity_check import check_key, pair_digest
from domain.teacher import Teacher
from projections.db import Db
from projections.projection import Batch, Projection, topics_of
from projections.public_register_document import public_history

COLUMNS = ("teacher_id", "register_number", "digest", "position")


class IdentityCheck(Projection):
    """Per person the keyed hash of (register number, date of birth)."""

    name = "identity_check"
    version = 1
    pipelined = True
    tables = ("identity_check",)
    topics = topics_of(Teacher.Admitted, Teacher.PersonalDataCorrected)

    def __init__(self) -> None:
        self._key: bytes | None = None

    def configure(self, secret: bytes) -> None:
        """Give the projection the register's secret (the composition root does)."""
        self._key = check_key(secret)

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("identity_check")
        db.ddl(
            f"CREATE TABLE {table} (teacher_id IDTEXT PRIMARY KEY, "
            "register_number IDTEXT NOT NULL, digest IDTEXT NOT NULL, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_digest ON {table} (digest)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        if self._key is None:
            raise RuntimeError("the identity check projection has no secret (configure it)")
        key = self._key
        table = t("identity_check")
        numbers: dict[str, str] = {}
        rows: dict[str, tuple[Any, ...]] = {}
        corrected = [
            tid for _, tid, e in batch.entries() if type(e) is Teacher.PersonalDataCorrected
        ]
        if corrected:
            for tid, number in db.fetch_in(
                f"SELECT teacher_id, register_number FROM {table} "  # noqa: S608
                "WHERE teacher_id IN ({keys})",
                corrected,
            ):
                numbers[tid] = number
        for position, tid, event in batch.entries():
            if type(event) is Teacher.Admitted:
                numbers[tid] = event.register_number
                digest = pair_digest(key, event.register_number, event.birth_date)
                rows[tid] = (tid, event.register_number, digest, position)
            elif event.birth_date is not None and tid in numbers:
                digest = pair_digest(key, numbers[tid], event.birth_date)
                rows[tid] = (tid, numbers[tid], digest, position)
        db.upsert(table, COLUMNS, ("teacher_id",), list(rows.values()))


# -- queries (the API reads only these) -------------------------------------------------------


def matches(db: Db, digests: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The public entries of the persons whose pair digest is among `digests`, by digest.

    One query for the whole check (the pairs' digests joined to the public register and its
    qualifications), whatever the number of pairs; a digest that matches no one is absent.
    """
    found: dict[str, dict[str, Any]] = {}
    for row in db.fetch_in(
        "SELECT c.digest, p.register_number, p.initials, p.prefix, p.family_name, "
        "q.sector, q.subject, q.status, q.admitted_on, q.history, p.teacher_id "
        "FROM identity_check c JOIN public_register p ON p.teacher_id = c.teacher_id "
        "LEFT JOIN public_register_qualification q ON q.teacher_id = c.teacher_id "
        "WHERE c.digest IN ({keys}) ORDER BY c.digest, q.seq",
        digests,
    ):
        entry = found.get(row[0])
        if entry is None:
            entry = found[row[0]] = {
                "teacher_id": row[10],
                "register_number": row[1],
                "name": {"initials": row[2], "prefix": row[3], "family_name": row[4]},
                "qualifications": [],
            }
        if row[5] is not None:
            history = public_history(json.loads(row[9]))
            entry["qualifications"].append(
                {
                    "sector": row[5],
                    "subject": row[6],
                    "status": row[7],
                    "since": history[-1]["from"] if history else row[8],
                }
            )
    return found
