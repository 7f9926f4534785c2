"""A development overview the teacher shares with their employer, by choice (issue 18, item 2).

The teacher shares with one board where they have a current, confirmed appointment: the
progress of the qualifications they pick, the activities they pick and a note, until a day at
most :data:`policies.sharing.MAX_SHARE_DAYS` ahead; they revoke it at once. Nothing is shared
by default. The board reads the overview as it stands on the day it reads (the progress is
computed then), and only while the share is in force and the board still employs the teacher
by the rule of :mod:`domain.access`; every read is a disclosure the teacher sees in their
access log (the API notes it). See docs/access.md, "A development overview shared by choice".
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.access import board_sees_file
from domain.commands.shares import RevokeShare, ShareData, ShareOverview
from domain.errors import NotFoundError
from domain.register.base import CommandResult, Context, RegisterBase
from domain.teacher import Share, Teacher
from policies.messages import M

#: What a board sees of a qualification's progress: the evidence (the activities counted) is
#: left out, since the teacher picks which activities the board sees.
_PROGRESS_FIELDS = (
    "qualification_id",
    "sector",
    "subject",
    "status",
    "period_start",
    "period_end",
    "days_left",
    "on_track",
    "hours_total",
    "hours_by_area",
    "hours_by_kind",
)


def share_data(share: Share, today: date) -> ShareData:
    """A share as the teacher sees it in the list of their shares."""
    return {
        "share_id": share.share_id,
        "board_number": share.board_number,
        "qualification_ids": list(share.qualification_ids),
        "activity_ids": list(share.activity_ids),
        "note": share.note,
        "shared_on": share.shared_on.isoformat(),
        "until": share.until.isoformat(),
        "revoked_on": share.revoked_on.isoformat() if share.revoked_on else None,
        "status": _status(share, today),
    }


def _status(share: Share, today: date) -> str:
    if share.revoked_on is not None:
        return "revoked"
    return "in_force" if share.in_force(today) else "ended"


class ShareCommands(RegisterBase):
    """Share, revoke, and the overview a board reads."""

    def share_overview(
        self, teacher_id: UUID, command: ShareOverview, *, ctx: Context
    ) -> CommandResult[ShareData]:
        """The teacher shares a development overview with one board until `until`."""
        today = self.clock()
        share_id = str(uuid.uuid4())

        def change(t: Teacher) -> ShareData:
            t.share_overview(
                share_id=share_id,
                board_number=command.board_number,
                qualification_ids=list(command.qualification_ids),
                activity_ids=list(command.activity_ids),
                note=command.note,
                until=command.until,
                today=today,
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            return share_data(t.shares[share_id], today)

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="overview_shared"
        )

    def revoke_share(
        self, teacher_id: UUID, command: RevokeShare, *, ctx: Context
    ) -> CommandResult[ShareData]:
        """The teacher revokes a share; the board sees nothing of it from this moment."""
        today = self.clock()
        share_id = command.share_id

        def change(t: Teacher) -> ShareData:
            t.revoke_share(
                share_id=share_id,
                today=today,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return share_data(t.shares[share_id], today)

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="share_revoked"
        )

    def shares_of(self, teacher: Teacher) -> list[ShareData]:
        """The teacher's shares, newest first, each with its status on the register's date."""
        today = self.clock()
        shares = sorted(
            teacher.shares.values(), key=lambda s: (s.shared_on, s.share_id), reverse=True
        )
        return [share_data(s, today) for s in shares]

    def shared_overview(self, teacher_id: UUID, share_id: str, board_number: str) -> dict[str, Any]:
        """What `board_number` sees of a share on the register's date: the progress of the
        shared qualifications computed now, the shared activities as they stand, the note.
        Refused (not found) when the share is not this board's, is revoked or has ended, or
        the board no longer employs the teacher by the rule of :mod:`domain.access`."""
        today = self.clock()
        teacher = self.get_teacher(teacher_id)
        share = teacher.shares.get(share_id)
        if share is None or share.board_number != board_number:
            raise NotFoundError(M.BOARD_NO_SHARE(board_number=board_number, share_id=share_id))
        if not share.in_force(today) or teacher.erased_on is not None:
            raise NotFoundError(M.SHARE_NOT_IN_FORCE(share_id=share_id))
        if not board_sees_file(teacher.appointments.values(), board_number, today):
            raise NotFoundError(
                M.SHARE_EMPLOYMENT_ENDED(share_id=share_id, board_number=board_number)
            )
        wanted = set(share.qualification_ids)
        progress = self.progress(teacher_id, on=today) if wanted else {"qualifications": []}
        qualifications = [
            {k: q[k] for k in _PROGRESS_FIELDS if k in q}
            | {
                "requirements": [
                    {k: v for k, v in r.items() if k != "evidence"}
                    for r in q.get("requirements", [])
                ]
            }
            for q in progress["qualifications"]
            if q["qualification_id"] in wanted
        ]
        activities = []
        for aid in share.activity_ids:
            activity = teacher.activities.get(aid)
            if activity is None or activity.withdrawn:
                continue
            activities.append(
                {
                    "activity_id": activity.activity_id,
                    "kind": activity.kind,
                    "title": activity.title,
                    "occurred_on": activity.occurred_on.isoformat(),
                    "contact_hours": str(activity.contact_hours),
                    "self_study_hours": str(activity.self_study_hours),
                    "competence_areas": list(activity.competence_areas),
                }
            )
        name = teacher.name
        return {
            "share_id": share.share_id,
            "teacher_id": str(teacher.id),
            "register_number": teacher.register_number,
            "name": {
                "initials": name.initials,
                "prefix": name.prefix,
                "family_name": name.family_name,
            },
            "board_number": share.board_number,
            "shared_on": share.shared_on.isoformat(),
            "until": share.until.isoformat(),
            "on": today.isoformat(),
            "qualifications": qualifications,
            "activities": activities,
            "note": share.note,
        }
