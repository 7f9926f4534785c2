"""The command that erases a person's personal data (AVG art. 17): it has no fields beyond
its target, the teacher's file, and is a value all the same, like every other command.

Its payload is the one the register stored before commands were values: the file's id as a
string and the reason (the context's), which the erasure records
(tests/unit/test_commands_procedures_c.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.commands import Command

__all__ = ["ErasePersonalData"]


@dataclass(frozen=True, kw_only=True)
class ErasePersonalData(Command):
    """Erase the personal data of the target file by destroying its key."""

    NAME: ClassVar[str] = "erase"
