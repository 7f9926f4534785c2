"""The registrar's list of strike-off proposals: the hearings that await a decision.

One row per proposal (the teacher's file holds the proposal itself, with the grounds and the
view): which qualification, on which ground, when proposed, until when the teacher may give
their view, whether and when they did, and whether it is still open, decided or withdrawn.
Whether an open proposal may be decided now (the view is in, or the term has passed) depends
on the day, so it is computed when read, as the objections' `overdue` is.

The teacher's name, register number and the qualification's sector and subject are read from
the `staff` read model at query time (joined by id; the API route waits for both models), so
this model keeps only what its three events carry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = (
    "proposal_id",
    "teacher_id",
    "qualification_id",
    "ground",
    "proposed_on",
    "view_due",
    "view_given_on",
    "status",
    "decision_id",
    "position",
)
#: Where a proposal sorts: those that may be decided now, those awaiting the view, closed ones.
RANK_DECIDE_NOW, RANK_AWAITING, RANK_CLOSED = 0, 1, 2


class Proposals(Projection):
    """Strike-off proposals with their hearing term and status."""

    name = "proposals"
    #: 2: a proposal whose strike-off decision is revoked (on objection) is `revoked`.
    version = 2
    pipelined = True
    tables = ("proposal_list",)
    topics = topics_of(
        Teacher.StrikeOffProposed,
        Teacher.ViewGiven,
        Teacher.ProposalClosed,
        Teacher.DecisionRevoked,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("proposal_list")
        db.ddl(
            f"CREATE TABLE {table} (proposal_id IDTEXT PRIMARY KEY, teacher_id IDTEXT NOT NULL, "
            "qualification_id IDTEXT NOT NULL, ground TEXT NOT NULL, proposed_on TEXT NOT NULL, "
            "view_due TEXT NOT NULL, view_given_on TEXT, status TEXT NOT NULL, "
            "decision_id TEXT, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_due ON {table} (status, view_due, proposal_id)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("proposal_list")
        entries = batch.entries()
        rows: dict[str, list[Any]] = {}
        wanted = {
            e.proposal_id
            for _, _, e in entries
            if type(e) in (Teacher.ViewGiven, Teacher.ProposalClosed)
        }
        for stored in db.fetch_in(
            f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE proposal_id IN ({{keys}})",  # noqa: S608
            wanted,
        ):
            rows[stored[0]] = list(stored)
        revoked = {e.decision_id for _, _, e in entries if type(e) is Teacher.DecisionRevoked}
        for stored in db.fetch_in(
            f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE decision_id IN ({{keys}})",  # noqa: S608
            revoked,
        ):
            rows.setdefault(stored[0], list(stored))
        for position, tid, event in entries:
            kind = type(event)
            if kind is Teacher.DecisionRevoked:
                # the strike-off that closed a proposal was revoked: the proposal's outcome is
                # undone (most revoked decisions close no proposal, and change nothing here)
                for closed in rows.values():
                    if closed[8] == event.decision_id:
                        closed[7] = "revoked"
                        closed[9] = position
                continue
            if kind is Teacher.StrikeOffProposed:
                rows[event.proposal_id] = [
                    event.proposal_id,
                    tid,
                    event.qualification_id,
                    event.ground,
                    event.proposed_on.isoformat(),
                    event.view_due.isoformat(),
                    None,
                    "open",
                    None,
                    position,
                ]
                continue
            row = rows.get(event.proposal_id)
            if row is None:
                continue
            if kind is Teacher.ViewGiven:
                row[6] = event.given_on.isoformat()
            else:  # ProposalClosed: decided with a decision, withdrawn without
                row[7] = "decided" if event.decision_id else "withdrawn"
                row[8] = event.decision_id
            row[9] = position
        db.upsert(table, COLUMNS, ("proposal_id",), list(rows.values()))


# -- queries ----------------------------------------------------------------------------------

_RANK = (
    f"CASE WHEN p.status <> 'open' THEN {RANK_CLOSED} "
    f"WHEN p.view_given_on IS NOT NULL OR p.view_due < ? THEN {RANK_DECIDE_NOW} "
    f"ELSE {RANK_AWAITING} END"
)
#: No value goes into the text (the day is a parameter).
_SELECT = (
    "SELECT p.proposal_id, p.teacher_id, p.qualification_id, p.ground, "  # noqa: S608
    "p.proposed_on, p.view_due, p.view_given_on, p.status, p.decision_id, "
    "s.register_number, s.initials, s.prefix, s.family_name, q.sector, q.subject, "
    f"{_RANK} AS rank "
    "FROM proposal_list p "
    "LEFT JOIN staff_person s ON s.teacher_id = p.teacher_id "
    "LEFT JOIN staff_qualification q "
    "ON q.teacher_id = p.teacher_id AND q.qualification_id = p.qualification_id"
)


def listing(
    db: Db,
    *,
    on: date,
    status: str | None = "open",
    after: tuple[int, str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Proposals, those that may be decided on `on` first (the view is in, or its term has
    passed), then those awaiting the view, then (with `status=None`) the closed ones; each
    group by the day the view was due. `after` is the (rank, view_due, proposal_id) of the last
    row of the previous page."""
    day = on.isoformat()
    inner = _SELECT
    params: list[Any] = [day]
    if status is not None:
        inner += " WHERE p.status = ?"
        params.append(status)
    where = ""
    if after is not None:
        where = (
            " WHERE rank > ? OR (rank = ? AND (view_due > ? OR (view_due = ? AND proposal_id > ?)))"
        )
        params += [after[0], after[0], after[1], after[1], after[2]]
    rows = db.fetchall(
        f"SELECT * FROM ({inner}) AS listed{where} "  # noqa: S608
        "ORDER BY rank, view_due, proposal_id LIMIT ?",
        (*params, limit),
    )
    out = []
    for r in rows:
        found = r[9] is not None
        out.append(
            {
                "proposal_id": r[0],
                "teacher_id": r[1],
                "qualification_id": r[2],
                "ground": r[3],
                "proposed_on": r[4],
                "view_due": r[5],
                "view_given_on": r[6],
                "status": r[7],
                "decision_id": r[8],
                "person": {
                    "register_number": r[9],
                    "initials": r[10],
                    "prefix": r[11],
                    "family_name": r[12],
                }
                if found
                else None,
                "sector": r[13],
                "subject": r[14],
                "may_be_decided": int(r[15]) == RANK_DECIDE_NOW,
                "rank": int(r[15]),
            }
        )
    return out
