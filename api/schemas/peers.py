"""A colleague's confirmation of a peer activity: the request, the colleague's view and answer."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import Strict, WriteAnswer


class PeerColleague(BaseModel):
    register_number: str
    name: str


class PeerTerm(BaseModel):
    days: int = Field(description="days the colleague has to answer, the request's day not counted")
    policy: str
    version: int
    source: str = Field(description="where the term comes from")


class PeerRequestCreate(Strict):
    colleague_register_number: str = Field(
        min_length=1, max_length=20, description="the register number of the colleague asked"
    )


class PeerRequestOut(BaseModel):
    """A request as the teacher who made it sees it."""

    request_id: str
    activity_id: str
    colleague: PeerColleague
    requested_on: date
    expires_on: date = Field(description="the last day the colleague can answer")
    term: PeerTerm
    status: Literal["open", "confirmed", "declined", "expired"]
    answered_on: date | None = None
    remark: str | None = None
    same_board: bool | None = Field(
        default=None,
        description='false: the appointments do not show both at one board ("not at the same'
        ' board"); the confirmation then counts as before',
    )


class PeerRequestCreated(PeerRequestOut, WriteAnswer):
    pass


class PeerActivity(BaseModel):
    kind: str
    title: str
    occurred_on: date


class ReceivedPeerRequestOut(BaseModel):
    """A request as the colleague asked sees it: the requester's name and the activity's
    kind, title and date, nothing else of the requester's file."""

    request_id: str
    requester_name: str
    activity: PeerActivity
    requested_on: date
    expires_on: date
    status: Literal["open", "confirmed", "declined", "expired"]
    answered_on: date | None = None
    remark: str | None = None
    same_board: bool | None = None


class ReceivedPeerRequests(BaseModel):
    data: list[ReceivedPeerRequestOut]
    next_cursor: str | None


class PeerAnswerCreate(Strict):
    answer: Literal["confirmed", "declined"]
    remark: str | None = Field(default=None, max_length=2000, description="optional")


class PeerAnswered(ReceivedPeerRequestOut, WriteAnswer):
    pass
