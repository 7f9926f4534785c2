"""Open data: aggregated statistics of the register, free for anyone to reuse (CC0 1.0).

The projection keeps one row per qualification: its sector, subject, status as it now stands,
and the year it was admitted to the register (or pre-register). No name, register number or
date beyond the year is kept, and the person's id only so that an erasure can drop the rows.
The published table counts qualifications per sector, subject, status and year of admission;
a cell of fewer than ten (:mod:`policies.disclosure`) is suppressed and says so.

The files are regenerated from these rows on every request (a GROUP BY over one row per
qualification), so they are always as current as the projection's position, which they carry.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any, Final

from domain.teacher import Teacher
from policies import disclosure
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = ("teacher_id", "qualification_id", "sector", "subject", "status", "year")
#: The licence every open-data file carries.
LICENSE: Final = {
    "id": "CC0-1.0",
    "name": "Creative Commons Zero v1.0 Universal (public domain dedication)",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
#: The stable public addresses of the files.
CSV_PATH: Final = "/api/public/open-data/register-statistics.csv"
JSON_PATH: Final = "/api/public/open-data/register-statistics.json"
CSVW_PATH: Final = "/api/public/open-data/register-statistics.csv-metadata.json"
TITLE: Final = "Lerarenregister: registered qualifications per sector, subject, status and year"
CSV_HEADER: Final = ("sector", "subject", "status", "year", "count", "suppressed")


def _year(value: Any) -> int:
    return value.year if isinstance(value, date) else int(str(value)[:4])


class OpenData(Projection):
    """One row per qualification: sector, subject, current status, year of admission."""

    name = "open_data"
    pipelined = True
    tables = ("open_data_qualification",)
    topics = topics_of(
        Teacher.Admitted,
        Teacher.QualificationAdded,
        Teacher.PreregisterExpired,
        Teacher.StruckOff,
        Teacher.Reinstated,
        Teacher.MovedToRegister,
        Teacher.DecisionRevoked,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("open_data_qualification")
        db.ddl(
            f"CREATE TABLE {table} (teacher_id IDTEXT NOT NULL, qualification_id IDTEXT NOT NULL, "
            "sector TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, "
            "year INTEGER NOT NULL, PRIMARY KEY (teacher_id, qualification_id))"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("open_data_qualification")
        new: dict[tuple[str, str], list[Any]] = {}
        changed: dict[tuple[str, str], str] = {}
        for _, tid, event in batch.entries():
            kind = type(event)
            if kind is Teacher.Admitted or kind is Teacher.QualificationAdded:
                listed = event.qualifications if kind is Teacher.Admitted else [event.qualification]
                year = _year(event.registered_on)
                for q in listed:
                    qid = q["qualification_id"]
                    new[(tid, qid)] = [
                        tid,
                        qid,
                        q["sector"],
                        q.get("subject") or "",
                        str(q["status"]),
                        year,
                    ]
                continue
            status = _status_after(event)
            key = (tid, event.qualification_id)
            if key in new:
                new[key][4] = status
            else:
                changed[key] = status
        db.copy_rows(table, COLUMNS, list(new.values()))
        db.executemany(
            f"UPDATE {table} SET status = ? WHERE teacher_id = ? AND qualification_id = ?",  # noqa: S608
            [(status, tid, qid) for (tid, qid), status in changed.items()],
        )


def _status_after(event: Any) -> str:
    """The status a qualification has after a decision or expiry event."""
    kind = type(event)
    if kind is Teacher.PreregisterExpired:
        return "preregister_expired"
    if kind is Teacher.StruckOff:
        return "struck_off"
    if kind is Teacher.DecisionRevoked:
        return str(event.restored["status"])
    return "registered"  # reinstated, moved to the register


# -- queries ----------------------------------------------------------------------------------


def cells(db: Db) -> list[dict[str, Any]]:
    """Every non-empty cell (sector, subject, status, year), small ones suppressed."""
    rows = db.fetchall(
        "SELECT sector, subject, status, year, COUNT(*) FROM open_data_qualification "
        "GROUP BY sector, subject, status, year ORDER BY sector, subject, status, year"
    )
    out = []
    for sector, subject, status, year, count in rows:
        shown = disclosure.shown(int(count))
        out.append(
            {
                "sector": sector,
                "subject": subject or None,
                "status": status,
                "year": int(year),
                "count": shown,
                "suppressed": shown is None,
            }
        )
    return out


def document(db: Db, position: int, generated_on: date) -> dict[str, Any]:
    """The JSON file: metadata (licence, source, suppression rule) and the cells."""
    return {
        "title": TITLE,
        "license": LICENSE,
        "publisher": "Lerarenregister",
        "generated_on": generated_on.isoformat(),
        "position": position,
        "unit": "qualifications (a teacher with two qualifications counts in two cells)",
        "year": "the year the qualification was admitted to the register or pre-register",
        "suppression": {
            "min_cell": disclosure.MIN_CELL,
            "rule": f"a cell counting fewer than {disclosure.MIN_CELL} qualifications is "
            "published with count null and suppressed true",
            "source": disclosure.SOURCE,
        },
        "distributions": {"csv": CSV_PATH, "json": JSON_PATH, "csv_metadata": CSVW_PATH},
        "cells": cells(db),
    }


def as_csv(found: list[dict[str, Any]]) -> str:
    """The cells as CSV (RFC 4180, header row); a suppressed count is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for c in found:
        writer.writerow(
            (
                c["sector"],
                c["subject"] or "",
                c["status"],
                c["year"],
                "" if c["count"] is None else c["count"],
                "true" if c["suppressed"] else "false",
            )
        )
    return out.getvalue()


def csv_metadata(base_url: str, generated_on: date) -> dict[str, Any]:
    """The CSV's metadata as W3C CSV on the Web (CSVW) describes it: licence and columns."""
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": base_url.rstrip("/") + CSV_PATH,
        "dc:title": TITLE,
        "dc:license": {"@id": LICENSE["url"]},
        "dc:publisher": "Lerarenregister",
        "dc:modified": generated_on.isoformat(),
        "dc:description": (
            f"Counts of qualifications; cells under {disclosure.MIN_CELL} are suppressed "
            f"(empty count, suppressed=true). {disclosure.SOURCE}"
        ),
        "tableSchema": {
            "columns": [
                {"name": "sector", "datatype": "string"},
                {"name": "subject", "datatype": "string", "null": ""},
                {"name": "status", "datatype": "string"},
                {"name": "year", "datatype": "integer"},
                {"name": "count", "datatype": "integer", "null": ""},
                {"name": "suppressed", "datatype": "boolean"},
            ]
        },
    }


def position(db: Db) -> int:
    """The log position the live open-data model has folded up to."""
    row = db.fetchone(
        "SELECT position FROM lr_projection_tracking WHERE projection = ? AND live = 1",
        (OpenData.name,),
    )
    return int(row[0]) if row else 0
