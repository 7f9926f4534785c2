"""What each read model drops when a person's personal data are erased.

One place for every read model: the tables that hold a person, by the column with their
teacher id. When a projection folds `Teacher.PersonalDataErased`, the runner deletes that
person's rows from these tables in the same transaction (see `ProjectionRunner._step`), so no
read model keeps a name, a BSN or a text of theirs. Read models not listed hold nothing
personal of a person (decisions, objections and proposals keep ids, dates and outcomes, which
the law requires to be kept; costs keep amounts) and keep their rows.

A new read model that holds a person must be listed here: the erasure test scans every read
model for the erased person's name and fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from eventsourcing.utils import get_topic

from domain.teacher import Teacher
from projections.db import Db

#: The stored topic of the erasure event.
ERASED: Final = get_topic(Teacher.PersonalDataErased)

#: Per projection: table -> the column that holds the teacher id.
DROPS: Final[dict[str, dict[str, str]]] = {
    "public_register": {
        "public_register": "teacher_id",
        "public_register_qualification": "teacher_id",
        "public_register_leave": "teacher_id",
        "public_register_name": "teacher_id",  # the search keys hold the family name
    },
    "portfolio": {
        "portfolio_qualification": "teacher_id",
        "portfolio_activity": "teacher_id",
        "portfolio_appointment": "teacher_id",
        "portfolio_leave": "teacher_id",
    },
    "staff": {
        "staff_person": "teacher_id",
        "staff_qualification": "teacher_id",
        "staff_appointment": "teacher_id",
    },
    "deliveries": {
        "delivery_person": "teacher_id",
        "delivery_dispute": "teacher_id",
        "delivery_pending_person": "teacher_id",
    },
    "catalogue": {"catalogue_rating": "teacher_id"},
    "open_data": {"open_data_qualification": "teacher_id"},
    # the requester's name and the activity's title, shown to the colleague asked
    "peer_requests": {"peer_request": "requester_id"},
    # ids and dates only, but a share of an erased person has nothing left to show
    "shares": {"share_list": "teacher_id"},
    "identity_check": {"identity_check": "teacher_id"},  # the keyed hash of the birth date
}


def forget(db: Db, projection: str, t: Callable[[str], str], teacher_ids: Iterable[str]) -> None:
    """Delete the erased persons' rows from this projection's tables."""
    tables = DROPS.get(projection)
    if not tables:
        return
    ids = [(tid,) for tid in teacher_ids]
    for table, column in tables.items():
        db.executemany(f"DELETE FROM {t(table)} WHERE {column} = ?", ids)  # noqa: S608
