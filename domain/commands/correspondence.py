"""Commands on the teacher's correspondence: the address, and the choice of reminders.

The teacher's file is the target (``teacher``, as a string, in the payload); the address is
bound under ``a`` even when it is None (it removes the address). Their payloads are the ones
the register stored before commands were values (tests/unit/test_commands_procedures_c.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from domain.commands import Command

__all__ = ["ChooseReminders", "SetContactAddress", "SetCorrespondence"]


@dataclass(frozen=True, kw_only=True)
class SetContactAddress(Command):
    """Set the address the register writes to (None or empty removes it)."""

    NAME: ClassVar[str] = "set_contact_address"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"address": "a"}

    address: str | None


@dataclass(frozen=True, kw_only=True)
class SetCorrespondence(Command):
    """The address and the choice of reminders at once, in one write."""

    NAME: ClassVar[str] = "set_correspondence"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"address": "a", "reminders": "reminders"}

    address: str | None
    reminders: bool


@dataclass(frozen=True, kw_only=True)
class ChooseReminders(Command):
    """Opt out of (or back into) period-end reminders."""

    NAME: ClassVar[str] = "choose_reminders"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"wanted": "wanted"}

    wanted: bool
