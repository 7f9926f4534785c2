"""Commands of a development overview the teacher shares with their employer (share, revoke),
and the data of their answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, TypedDict

from domain.commands import Command

__all__ = ["RevokeShare", "ShareData", "ShareOverview"]


@dataclass(frozen=True, kw_only=True)
class ShareOverview(Command):
    """The teacher (the target) shares the progress of the qualifications and the activities
    they pick, and a note, with one board until ``until``."""

    NAME: ClassVar[str] = "share_overview"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "board_number": "board",
        "qualification_ids": "qualifications",
        "activity_ids": "activities",
        "note": "note",
        "until": "until",
    }

    board_number: str
    qualification_ids: tuple[str, ...] = ()
    activity_ids: tuple[str, ...] = ()
    note: str | None = None
    until: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualification_ids", tuple(self.qualification_ids))
        object.__setattr__(self, "activity_ids", tuple(self.activity_ids))


@dataclass(frozen=True, kw_only=True)
class RevokeShare(Command):
    """The teacher revokes a share; the board sees nothing of it from this moment."""

    NAME: ClassVar[str] = "revoke_share"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"share_id": "share"}

    share_id: str


class ShareData(TypedDict):
    """A share as the teacher sees it in the list of their shares (and in a write's answer)."""

    share_id: str
    board_number: str
    qualification_ids: list[str]
    activity_ids: list[str]
    note: str | None
    shared_on: str
    until: str
    revoked_on: str | None
    #: ``in_force``, ``revoked`` or ``ended`` on the register's date.
    status: str
