"""Requests to confirm a peer activity, per colleague: what each teacher's own page lists.

One row per request, written from the colleague's file (``Teacher.PeerRequestReceived``, then
``Teacher.PeerRequestAnswered``). A row holds only what the colleague is shown: the
requester's name and the activity's kind, title and date. Whether an unanswered request has
expired is decided when read, on the register's date (``expires_on`` passes without any
event). When the requester's personal data are erased, their rows go (projections.erasure).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = (
    "request_id",
    "colleague_id",
    "requester_id",
    "requester_name",
    "activity_kind",
    "activity_title",
    "occurred_on",
    "requested_on",
    "expires_on",
    "status",
    "answered_on",
    "position",
)
#: What a reader gets of a row (no ids of the requester's file).
SHOWN = (
    "request_id",
    "requester_name",
    "activity_kind",
    "activity_title",
    "occurred_on",
    "requested_on",
    "expires_on",
    "status",
    "answered_on",
)


class PeerRequests(Projection):
    """Requests to colleagues, by colleague and the day they expire."""

    name = "peer_requests"
    version = 1
    pipelined = True
    tables = ("peer_request",)
    topics = topics_of(Teacher.PeerRequestReceived, Teacher.PeerRequestAnswered)

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("peer_request")
        db.execute(
            f"CREATE TABLE {table} (request_id TEXT PRIMARY KEY, colleague_id TEXT NOT NULL, "
            "requester_id TEXT NOT NULL, requester_name TEXT NOT NULL, activity_kind TEXT NOT "
            "NULL, activity_title TEXT NOT NULL, occurred_on TEXT NOT NULL, requested_on TEXT "
            "NOT NULL, expires_on TEXT NOT NULL, status TEXT NOT NULL, answered_on TEXT, "
            "position BIGINT NOT NULL)"
        )
        db.execute(
            f"CREATE INDEX {table}_open ON {table} (colleague_id, status, expires_on, request_id)"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("peer_request")
        entries = batch.entries()
        rows: dict[str, list[Any]] = {}
        wanted = {e.request_id for _, _, e in entries if type(e) is Teacher.PeerRequestAnswered}
        for stored in db.fetch_in(
            f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE request_id IN ({{keys}})",  # noqa: S608
            wanted,
        ):
            rows[stored[0]] = list(stored)
        for position, colleague_id, event in entries:
            if type(event) is Teacher.PeerRequestReceived:
                rows[event.request_id] = [
                    event.request_id,
                    colleague_id,
                    event.requester_id,
                    event.requester_name,
                    event.activity_kind,
                    event.activity_title,
                    event.occurred_on.isoformat(),
                    event.requested_on.isoformat(),
                    event.expires_on.isoformat(),
                    "open",
                    None,
                    position,
                ]
                continue
            row = rows.get(event.request_id)
            if row is None:
                continue
            row[9], row[10], row[11] = event.answer, event.answered_on.isoformat(), position
        db.upsert(table, COLUMNS, ("request_id",), list(rows.values()))


def open_requests(
    db: Db,
    colleague_id: str,
    *,
    on: date,
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The requests to this colleague still open ``on`` the register's date, the one that
    expires first at the top."""
    where = "colleague_id = ? AND status = 'open' AND expires_on >= ?"
    params: list[Any] = [colleague_id, on.isoformat()]
    if after is not None:
        where += " AND (expires_on > ? OR (expires_on = ? AND request_id > ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        f"SELECT {', '.join(SHOWN)} FROM peer_request WHERE {where} "  # noqa: S608
        "ORDER BY expires_on, request_id LIMIT ?",
        (*params, limit),
    )
    return [dict(zip(SHOWN, r, strict=True)) for r in rows]
