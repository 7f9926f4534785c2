"""The outbox: messages to send, written atomically with the position of the events that cause
them, and the queue operations the sender uses (claim, mark, retry).

Why a follower of the log and not rows written by the recorder: the register's events are
written by many commands through one recorder, and what a message needs (the address, the
choice of reminders, the name) is the state of another aggregate than the event that causes
it. A projection has that state at hand in its own table and folds the log in order, so a
decision that follows an address change is sent to the new address. Its rows and its tracking
position commit in one transaction (projections/runner.py), which gives the guarantee a
transactional outbox is for: every event that causes a message yields its row exactly once,
also after a crash, and no row exists without its event. The delay is that of the projections
(milliseconds in-process; a worker on PostgreSQL).

Two tables:

- ``outbox_contact`` (a read model like any other, rebuilt side by side): per teacher the
  address, the name messages greet, and whether reminders are wanted;
- ``lr_outbox`` (one table, never rebuilt): a row per message, its id derived from the event
  that caused it, inserted with ``ON CONFLICT DO NOTHING``: a rebuild of this projection folds
  the whole log again and finds every message already there, so nothing is sent twice.

A row's life (``status``): ``pending`` -> ``sending`` (claimed, the attempt recorded before a
byte goes out) -> ``sent``; on a passing fault back to ``pending`` with a later
``next_attempt_at``; ``failed`` after a refusal or too many attempts; ``in_doubt`` when the
sender died after handing over the end of the message and before it could mark the row (see
docs/operations.md: never resent by itself); ``dropped`` when the person's data were erased
before it went. Undelivered rows are those without ``sent_at`` in ``pending``, ``sending``,
``failed`` or ``in_doubt``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final
from uuid import NAMESPACE_URL, uuid5

from domain.correspondence import Correspondence
from domain.teacher import Teacher
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

OUTBOX: Final = "lr_outbox"
CONTACT: Final = "outbox_contact"

PENDING, SENDING, SENT, FAILED, IN_DOUBT, DROPPED = (
    "pending",
    "sending",
    "sent",
    "failed",
    "in_doubt",
    "dropped",
)
UNDELIVERED: Final = (PENDING, SENDING, FAILED, IN_DOUBT)
#: A claim's stage: before the end of the message was handed over, and after.
CLAIMED, COMMITTING = "claimed", "committing"

#: The kinds of message, by what causes them.
REMINDER, DECISION, HEARING = "reminder", "decision", "hearing"
DECISION_EVENTS: Final = (
    Teacher.ReRegistered,
    Teacher.Annotated,
    Teacher.StruckOff,
    Teacher.Reinstated,
    Teacher.MovedToRegister,
    Teacher.DecisionReplaced,
    Teacher.PreregisterExpired,
)

OUTBOX_DDL: Final = (
    f"CREATE TABLE IF NOT EXISTS {OUTBOX} ("
    "outbox_id IDTEXT PRIMARY KEY, "
    "position BIGINT NOT NULL, "
    "teacher_id IDTEXT NOT NULL, "
    "kind TEXT NOT NULL, "
    "detail TEXT NOT NULL, "
    "recipient TEXT NOT NULL, "
    "name TEXT NOT NULL, "
    "created_at DOUBLE PRECISION NOT NULL, "
    "status TEXT NOT NULL, "
    "stage TEXT, "
    "attempts INTEGER NOT NULL DEFAULT 0, "
    "next_attempt_at DOUBLE PRECISION NOT NULL, "
    "claimed_by TEXT, "
    "claimed_until DOUBLE PRECISION, "
    "message_id TEXT, "
    "last_error TEXT, "
    "sent_at DOUBLE PRECISION)"
)
OUTBOX_INDEX: Final = (
    f"CREATE INDEX IF NOT EXISTS {OUTBOX}_due ON {OUTBOX} (status, next_attempt_at, position)"
)
OUTBOX_TEACHER_INDEX: Final = (
    f"CREATE INDEX IF NOT EXISTS {OUTBOX}_teacher ON {OUTBOX} (teacher_id)"
)
ROW_COLUMNS: Final = (
    "outbox_id",
    "position",
    "teacher_id",
    "kind",
    "detail",
    "recipient",
    "name",
    "created_at",
    "status",
    "attempts",
    "next_attempt_at",
)


def outbox_id_for(originator_id: str, version: int, kind: str) -> str:
    """A message's id: derived from the event that causes it, so folding it again finds it."""
    return str(uuid5(NAMESPACE_URL, f"lerarenregister:outbox:{originator_id}:{version}:{kind}"))


def _sendable(address: str | None) -> bool:
    """An address after an erasure reads as a placeholder: never a recipient."""
    return bool(address) and "@" in str(address)


def create_outbox(db: Db) -> None:
    """The outbox table (one, never rebuilt) and its indexes."""
    db.ddl(OUTBOX_DDL)
    db.execute(OUTBOX_INDEX)
    db.execute(OUTBOX_TEACHER_INDEX)


class Outbox(Projection):
    """Turns correspondence, decision and hearing events into messages to send."""

    name = "outbox"
    version = 1
    tables = (CONTACT,)
    topics = topics_of(
        Correspondence.AddressSet,
        Correspondence.AddressRemoved,
        Correspondence.RemindersDeclined,
        Correspondence.RemindersAccepted,
        Correspondence.PeriodEndReminderIssued,
        Teacher.PersonalDataCorrected,
        Teacher.StrikeOffProposed,
        Teacher.PersonalDataErased,
        *DECISION_EVENTS,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        db.ddl(
            f"CREATE TABLE {t(CONTACT)} (teacher_id IDTEXT PRIMARY KEY, address TEXT, "
            "name TEXT NOT NULL, reminders INTEGER NOT NULL)"
        )
        create_outbox(db)

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t(CONTACT)
        entries = batch.entries()
        teacher_ids = {
            str(e.teacher_id) if isinstance(e, Correspondence.Event) else tid
            for _, tid, e in entries
        }
        contacts: dict[str, list[Any]] = {
            str(r[0]): list(r)
            for r in db.fetch_in(
                f"SELECT teacher_id, address, name, reminders FROM {table} "  # noqa: S608
                "WHERE teacher_id IN ({keys})",
                teacher_ids,
            )
        }
        changed: set[str] = set()
        erased: list[str] = []
        messages: list[tuple[Any, ...]] = []
        now = time.time()
        for position, originator, event in entries:
            kind = type(event)
            tid = str(event.teacher_id) if isinstance(event, Correspondence.Event) else originator
            contact = contacts.get(tid)
            if kind is Correspondence.AddressSet:
                address = event.address if _sendable(event.address) else None
                reminders = contact[3] if contact else 1
                contacts[tid] = [tid, address, event.name.display(), reminders]
                changed.add(tid)
            elif kind is Teacher.PersonalDataErased:
                contacts.pop(tid, None)
                changed.discard(tid)
                erased.append(tid)
                messages = [m for m in messages if m[2] != tid]
            elif contact is None:
                continue  # no address was ever set: nothing to send, nothing to keep
            elif kind is Correspondence.AddressRemoved:
                contact[1] = None
                changed.add(tid)
            elif kind in (Correspondence.RemindersDeclined, Correspondence.RemindersAccepted):
                contact[3] = 1 if kind is Correspondence.RemindersAccepted else 0
                changed.add(tid)
            elif kind is Teacher.PersonalDataCorrected:
                if event.name is not None:
                    contact[2] = event.name.display()
                    changed.add(tid)
            elif _sendable(contact[1]):
                message = self._message(event, position, tid, contact, now)
                if message is not None:
                    messages.append(message)
        upserts = [contacts[tid] for tid in changed]
        db.upsert(table, ("teacher_id", "address", "name", "reminders"), ("teacher_id",), upserts)
        db.executemany(
            f"INSERT INTO {OUTBOX} ({', '.join(ROW_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in ROW_COLUMNS)}) ON CONFLICT (outbox_id) DO NOTHING",
            messages,
        )
        if erased:
            ids = [(tid,) for tid in erased]
            db.executemany(f"DELETE FROM {table} WHERE teacher_id = ?", ids)  # noqa: S608
            forget_messages(db, erased)

    @staticmethod
    def _message(
        event: Any, position: int, tid: str, contact: list[Any], now: float
    ) -> tuple[Any, ...] | None:
        """The outbox row an event causes, or None (a reminder the teacher declined)."""
        kind = type(event)
        detail: dict[str, Any]
        if kind is Correspondence.PeriodEndReminderIssued:
            if not contact[3]:
                return None
            message_kind = REMINDER
            detail = {"months_before": event.months_before}
        elif kind is Teacher.StrikeOffProposed:
            message_kind = HEARING
            detail = {"proposal_id": event.proposal_id}
        elif kind in DECISION_EVENTS:
            message_kind = DECISION
            decision = getattr(event, "decision", None) or {}
            detail = {"decision_id": decision.get("decision_id"), "event": kind.__name__}
        else:
            return None
        outbox_id = outbox_id_for(str(event.originator_id), event.originator_version, message_kind)
        return (
            outbox_id,
            position,
            tid,
            message_kind,
            json.dumps(detail, sort_keys=True),
            contact[1],
            contact[2],
            now,
            PENDING,
            0,
            now,
        )


def forget_messages(db: Db, teacher_ids: list[str]) -> None:
    """After an erasure: no address or name stays in the outbox, and what was not sent goes
    nowhere (the rows stay, blank, so that a rebuild does not queue them again)."""
    db.executemany(
        f"UPDATE {OUTBOX} SET recipient = '', name = '', "  # noqa: S608
        f"status = CASE WHEN status = '{SENT}' THEN status ELSE '{DROPPED}' END "
        "WHERE teacher_id = ?",
        [(tid,) for tid in teacher_ids],
    )


# -- the queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """A message claimed for one attempt."""

    outbox_id: str
    kind: str
    detail: dict[str, Any]
    recipient: str
    name: str
    created_at: float
    message_id: str
    attempts: int


CLAIM_COLUMNS: Final = "outbox_id, kind, detail, recipient, name, created_at, message_id, attempts"


#: Due to be claimed: pending and past the next attempt, or claimed by a sender whose lease
#: ran out before it handed over the end of the message (two parameters: now, now).
DUE: Final = (
    f"((status = '{PENDING}' AND next_attempt_at <= ?) OR "
    f"(status = '{SENDING}' AND stage = '{CLAIMED}' AND claimed_until < ?))"
)


def claim(
    db: Db, worker: str, *, now: float, lease: float, limit: int, domain: str
) -> list[Claimed]:
    """Claim up to `limit` due messages for `worker`, recording the attempt (committed before
    anything is sent).

    Due: pending and past their next attempt, or claimed by a sender that died before it
    handed over the end of the message (its lease ran out). First, claims that died after the
    hand-over are set aside as ``in_doubt``. On PostgreSQL several senders claim side by side
    (``FOR UPDATE SKIP LOCKED``); on SQLite the write lock serialises them.
    """
    with db.transaction():
        db.execute(
            f"UPDATE {OUTBOX} SET status = '{IN_DOUBT}' "  # noqa: S608
            f"WHERE status = '{SENDING}' AND stage = '{COMMITTING}' AND claimed_until < ?",
            (now,),
        )
        lock = " FOR UPDATE SKIP LOCKED" if db.dialect == "postgres" else ""
        rows = db.fetchall(
            f"UPDATE {OUTBOX} SET status = '{SENDING}', stage = '{CLAIMED}', claimed_by = ?, "  # noqa: S608
            "claimed_until = ?, attempts = attempts + 1, "
            "message_id = COALESCE(message_id, '<' || outbox_id || '@' || CAST(? AS TEXT) || '>') "
            f"WHERE outbox_id IN (SELECT outbox_id FROM {OUTBOX} WHERE {DUE} "
            f"ORDER BY position LIMIT ?{lock}) "
            f"RETURNING {CLAIM_COLUMNS}",
            (worker, now + lease, domain, now, now, limit),
        )
    claimed = [
        Claimed(
            outbox_id=str(r[0]),
            kind=str(r[1]),
            detail=json.loads(r[2]),
            recipient=str(r[3]),
            name=str(r[4]),
            created_at=float(r[5]),
            message_id=str(r[6]),
            attempts=int(r[7]),
        )
        for r in rows
    ]
    return sorted(claimed, key=lambda c: c.created_at)


def hand_over(db: Db, outbox_id: str, worker: str, *, now: float, lease: float) -> bool:
    """Record, before the end of the message is sent, that from here a crash leaves it in
    doubt; False when the claim is no longer this worker's (then nothing may be sent)."""
    cur = db.execute(
        f"UPDATE {OUTBOX} SET stage = '{COMMITTING}', claimed_until = ? "  # noqa: S608
        f"WHERE outbox_id = ? AND claimed_by = ? AND status = '{SENDING}' "
        f"AND stage = '{CLAIMED}' AND claimed_until >= ?",
        (now + lease, outbox_id, worker, now),
    )
    return bool(cur.rowcount == 1)


def mark_sent(db: Db, outbox_id: str, *, now: float) -> None:
    """The server accepted the message."""
    db.execute(
        f"UPDATE {OUTBOX} SET status = '{SENT}', stage = NULL, sent_at = ?, "  # noqa: S608
        f"last_error = NULL WHERE outbox_id = ? AND status IN ('{SENDING}', '{IN_DOUBT}')",
        (now, outbox_id),
    )


def mark_retry(
    db: Db, outbox_id: str, worker: str, error: str, *, next_at: float, give_up: bool
) -> None:
    """A passing fault before the server accepted: try again later, or give up."""
    status = FAILED if give_up else PENDING
    db.execute(
        f"UPDATE {OUTBOX} SET status = ?, stage = NULL, next_attempt_at = ?, "  # noqa: S608
        f"last_error = ?, claimed_by = NULL WHERE outbox_id = ? AND claimed_by = ? "
        f"AND status = '{SENDING}'",
        (status, next_at, error[:500], outbox_id, worker),
    )


def mark_in_doubt(db: Db, outbox_id: str, worker: str, error: str) -> None:
    """The end of the message was handed over but no answer came: it may have arrived."""
    db.execute(
        f"UPDATE {OUTBOX} SET status = '{IN_DOUBT}', last_error = ? "  # noqa: S608
        f"WHERE outbox_id = ? AND claimed_by = ? AND status = '{SENDING}'",
        (error[:500], outbox_id, worker),
    )


def requeue(db: Db, outbox_id: str, *, now: float) -> bool:
    """An operator's decision: send an in-doubt or failed message again (same Message-ID)."""
    cur = db.execute(
        f"UPDATE {OUTBOX} SET status = '{PENDING}', stage = NULL, next_attempt_at = ?, "  # noqa: S608
        f"claimed_by = NULL WHERE outbox_id = ? AND status IN ('{IN_DOUBT}', '{FAILED}')",
        (now, outbox_id),
    )
    return bool(cur.rowcount == 1)


def counts(db: Db) -> dict[str, int]:
    """Rows per status."""
    if not db.table_exists(OUTBOX):
        return {}
    rows = db.fetchall(f"SELECT status, COUNT(*) FROM {OUTBOX} GROUP BY status")  # noqa: S608
    return {str(s): int(n) for s, n in rows}


def rows_of(db: Db, teacher_id: str) -> list[dict[str, Any]]:
    """A teacher's messages, newest first (for tests and the operator)."""
    rows = db.fetchall(
        f"SELECT outbox_id, kind, status, attempts, message_id, sent_at, recipient "  # noqa: S608
        f"FROM {OUTBOX} WHERE teacher_id = ? ORDER BY position DESC",
        (teacher_id,),
    )
    keys = ("outbox_id", "kind", "status", "attempts", "message_id", "sent_at", "recipient")
    return [dict(zip(keys, r, strict=True)) for r in rows]
