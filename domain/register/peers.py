"""A colleague confirms a peer activity (issue 18, item 1): the request and the answer, each
recorded on both files in one atomic write.

The teacher names a colleague by register number; the request lands on the teacher's file
(``PeerConfirmationRequested``) and on the colleague's (``PeerRequestReceived``, holding only
the requester's name and the activity's kind, title and date). The colleague confirms or
declines within the term of :mod:`policies.peers` (``PeerRequestAnswered`` on their file,
``PeerConfirmationAnswered`` on the teacher's). Expiry is evaluated on the register's date when
the request is answered or shown: no event is needed for a request nobody answered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, Final
from uuid import UUID

import structlog

from domain.commands.peers import (
    AnswerPeerRequest,
    PeerRequestData,
    ReceivedRequestData,
    RequestPeerConfirmation,
)
from domain.errors import InvalidInputError
from domain.register.base import (
    CommandResult,
    Context,
    RegisterBase,
)
from domain.teacher import Appointment, Teacher
from policies.messages import M
from policies.peers import expires_on, shared_boards, term

log = structlog.get_logger("lerarenregister.peers")

#: Attempts of a write to two files when another process wrote one of them meanwhile.
ATTEMPTS: Final = 8


def _spans(appointments: dict[str, Appointment]) -> list[tuple[str, date, date | None]]:
    """The appointments that say where someone worked: the disputed ones do not."""
    return [
        (a.board_number, a.start, a.end)
        for a in appointments.values()
        if a.confirmation != "disputed"
    ]


def boards_in_common(one: Teacher, other: Teacher) -> list[str]:
    """The boards where the appointments show both at the same time."""
    return shared_boards(_spans(one.appointments), _spans(other.appointments))


class PeerCommands(RegisterBase):
    """Requests to colleagues to confirm peer activities, and their answers."""

    def request_peer_confirmation(
        self, teacher_id: UUID, command: RequestPeerConfirmation, *, ctx: Context
    ) -> CommandResult[PeerRequestData]:
        """Ask the colleague with this register number to confirm a peer activity."""
        number = command.colleague_register_number.strip()
        colleague_id = self.find_by_register_number(number) if number else None
        if colleague_id is None:
            raise InvalidInputError.of("colleague_register_number", M.REGISTER_NUMBER_NOT_FOUND())
        activity_id = command.activity_id
        payload = command.payload(id=teacher_id)

        def change(teacher: Teacher, colleague: Teacher) -> dict[str, Any]:
            today = self.clock()
            request_id = str(uuid.uuid4())
            teacher.request_peer_confirmation(
                request_id=request_id,
                activity_id=activity_id,
                colleague=colleague,
                requested_on=today,
                expires_on=expires_on(today),
                term=term(),
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            return dict(peer_request_view(teacher, request_id, today))

        return self._change_two_files(
            teacher_id, colleague_id, ctx, payload, change, event_name="peer_confirmation_requested"
        )

    def answer_peer_request(
        self, colleague_id: UUID, command: AnswerPeerRequest, *, ctx: Context
    ) -> CommandResult[ReceivedRequestData]:
        """The colleague confirms or declines a request addressed to them."""
        request_id, answer, remark = command.request_id, command.answer, command.remark
        received = self.get_teacher(colleague_id).received_peer_request(request_id)
        payload = command.payload(id=colleague_id)

        def change(colleague: Teacher, requester: Teacher) -> dict[str, Any]:
            today = self.clock()
            colleague.answer_peer_request(
                request_id=request_id,
                requester=requester,
                answer=answer,
                remark=remark,
                today=today,
                boards=boards_in_common(colleague, requester),
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            return dict(received_request_view(colleague.received_peer_requests[request_id], today))

        return self._change_two_files(
            colleague_id,
            UUID(received.requester_id),
            ctx,
            payload,
            change,
            event_name="peer_request_answered",
        )

    def peer_requests_to(self, colleague_id: UUID) -> list[ReceivedRequestData]:
        """Every request made to this teacher, as the file holds them (the colleague's own
        view; the open ones are also in the ``peer_requests`` read model)."""
        today = self.clock()
        teacher = self.get_teacher(colleague_id)
        return [received_request_view(r, today) for r in teacher.received_peer_requests.values()]

    def _change_two_files(
        self,
        first_id: UUID,
        second_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        change: Callable[[Teacher, Teacher], dict[str, Any]],
        *,
        event_name: str,
    ) -> CommandResult[Any]:
        """Load both files, change both, save both in one atomic write. ``If-Match`` names
        the first file's version (the one in the address). A conflict with another process
        is retried on fresh files, which decide again."""
        return self._change_teachers(
            [first_id, second_id],
            ctx,
            payload,
            lambda teachers: change(teachers[0], teachers[1]),
            commutes=True,
            event_name=event_name,
            attempts=ATTEMPTS,
            logger=log,
        )


def peer_request_view(teacher: Teacher, request_id: str, today: date) -> PeerRequestData:
    """A request as its maker sees it: the colleague, the term, the answer."""
    r = teacher.peer_requests[request_id]
    return {
        "request_id": r.request_id,
        "activity_id": r.activity_id,
        "colleague": {"register_number": r.colleague_register_number, "name": r.colleague_name},
        "requested_on": r.requested_on.isoformat(),
        "expires_on": r.expires_on.isoformat(),
        "term": dict(r.term),
        "status": r.status_on(today),
        "answered_on": r.answered_on.isoformat() if r.answered_on else None,
        "remark": r.remark,
        "same_board": r.same_board,
    }


def received_request_view(r: Any, today: date) -> ReceivedRequestData:
    """A request as the colleague sees it: the requester's name and the activity's kind,
    title and date, nothing else of the requester's file."""
    return {
        "request_id": r.request_id,
        "requester_name": r.requester_name,
        "activity": {
            "kind": r.activity_kind,
            "title": r.activity_title,
            "occurred_on": r.occurred_on.isoformat(),
        },
        "requested_on": r.requested_on.isoformat(),
        "expires_on": r.expires_on.isoformat(),
        "status": r.status_on(today),
        "answered_on": r.answered_on.isoformat() if r.answered_on else None,
        "remark": r.remark,
        "same_board": r.same_board,
    }
