"""Commands of a colleague's confirmation of a peer activity (the request, the answer), and
the data of their answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

from domain.commands import Command

__all__ = [
    "AnswerPeerRequest",
    "PeerRequestData",
    "ReceivedRequestData",
    "RequestPeerConfirmation",
]


@dataclass(frozen=True, kw_only=True)
class RequestPeerConfirmation(Command):
    """The teacher (the target) asks the colleague with this register number to confirm a
    peer activity of their file. The payload binds the number as the register looks it up
    (stripped)."""

    NAME: ClassVar[str] = "request_peer_confirmation"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "activity_id": "activity",
        "colleague_register_number": "colleague",
    }

    activity_id: str
    colleague_register_number: str

    def payload(self, **target: Any) -> dict[str, Any]:
        payload = super().payload(**target)
        payload["colleague"] = self.colleague_register_number.strip()
        return payload


@dataclass(frozen=True, kw_only=True)
class AnswerPeerRequest(Command):
    """The colleague (the target) confirms or declines a request addressed to them."""

    NAME: ClassVar[str] = "answer_peer_request"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "request_id": "request",
        "answer": "answer",
        "remark": "remark",
    }

    request_id: str
    #: ``confirmed`` or ``declined``.
    answer: str
    remark: str | None = None


class PeerColleagueData(TypedDict):
    register_number: str
    name: str


class PeerRequestData(TypedDict):
    """A request as its maker sees it: the colleague, the term, the answer."""

    request_id: str
    activity_id: str
    colleague: PeerColleagueData
    requested_on: str
    expires_on: str
    term: dict[str, Any]
    #: ``open``, ``confirmed``, ``declined`` or ``expired`` on the register's date.
    status: str
    answered_on: str | None
    remark: str | None
    same_board: bool | None


class PeerActivityData(TypedDict):
    kind: str
    title: str
    occurred_on: str


class ReceivedRequestData(TypedDict):
    """A request as the colleague sees it: the requester's name and the activity's kind,
    title and date, nothing else of the requester's file."""

    request_id: str
    requester_name: str
    activity: PeerActivityData
    requested_on: str
    expires_on: str
    status: str
    answered_on: str | None
    remark: str | None
    same_board: bool | None
