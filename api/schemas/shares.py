"""A development overview the teacher shares with their employer: the share, the list of
shares, what a board received and the overview it reads (the shared progress is defined
beside the teacher's own, in `api.schemas.progress`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from api.schemas.progress import SharedProgress
from policies.sharing import MAX_NOTE_LENGTH, MAX_SHARED_ACTIVITIES

__all__ = [
    "ReceivedShare",
    "ReceivedShares",
    "Share",
    "ShareCreate",
    "ShareWritten",
    "SharedActivity",
    "SharedName",
    "SharedOverview",
    "SharedProgress",
    "Shares",
]

_ID = Field(min_length=1, max_length=100)


class ShareCreate(BaseModel):
    """What the teacher shares, with which board, until when. Nothing is shared by default."""

    board_number: str = Field(
        min_length=1, max_length=20, description="the board (employer) to share with"
    )
    qualification_ids: list[Annotated[str, _ID]] = Field(
        default_factory=list,
        max_length=50,
        description="the qualifications whose progress the board sees (computed when it reads)",
    )
    activity_ids: list[Annotated[str, _ID]] = Field(
        default_factory=list,
        max_length=MAX_SHARED_ACTIVITIES,
        description="the activities the board sees",
    )
    note: str | None = Field(
        default=None, max_length=MAX_NOTE_LENGTH, description="a note for the board"
    )
    until: date = Field(
        description="the last day the board may read it (at most a year ahead: policies/sharing.py)"
    )


class Share(BaseModel):
    """One share as the teacher sees it."""

    share_id: str
    board_number: str
    qualification_ids: list[str]
    activity_ids: list[str]
    note: str | None
    shared_on: date
    until: date
    revoked_on: date | None
    status: str = Field(description="in_force, revoked or ended (on the register's date)")


class ShareWritten(Share):
    version: int = Field(description="the file's version after the write (also the ETag)")
    position: int = Field(description="log position of the write, for X-Min-Position")


class Shares(BaseModel):
    data: list[Share]
    version: int


class SharedName(BaseModel):
    initials: str
    prefix: str
    family_name: str


class ReceivedShare(BaseModel):
    """A share in force that the board received."""

    share_id: str
    teacher_id: str
    register_number: str | None
    name: SharedName | None = Field(description="null until the staff list has the person")
    shared_on: date
    until: date


class ReceivedShares(BaseModel):
    data: list[ReceivedShare]
    next_cursor: str | None


class SharedActivity(BaseModel):
    activity_id: str
    kind: str
    title: str
    occurred_on: date
    contact_hours: str
    self_study_hours: str
    competence_areas: list[str]


class SharedOverview(BaseModel):
    """Only what the teacher shared: progress as of `on`, the chosen activities, the note."""

    share_id: str
    teacher_id: str
    register_number: str
    name: SharedName
    board_number: str
    shared_on: date
    until: date
    on: date = Field(description="the register's date the progress was computed on")
    qualifications: list[SharedProgress]
    activities: list[SharedActivity]
    note: str | None
