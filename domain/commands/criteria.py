"""Commands on the criteria books: draft a document, adopt a drafted version.

Their payloads are the ones the register stored before commands were values
(tests/unit/test_commands_procedures_c.py): a draft is bound to the sha256 of its exact bytes
(the document names its book), an adoption to the book, version, date and consultation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from domain.commands import Command
from policies import document_sha256

__all__ = ["AdoptCriteria", "DraftCriteria"]


@dataclass(frozen=True, kw_only=True)
class DraftCriteria(Command):
    """Draft a criteria document, held as its exact bytes (the book is the one it names)."""

    NAME: ClassVar[str] = "draft_criteria"

    raw: bytes

    def payload(self, **target: Any) -> dict[str, Any]:
        """The document's sha256 stands for its bytes (the payload never held the bytes)."""
        return {"command": self.NAME, **target, "sha256": document_sha256(self.raw)}


@dataclass(frozen=True, kw_only=True)
class AdoptCriteria(Command):
    """Adopt a drafted version of a book (the book's name is the target) from
    ``effective_from``, with the record of the consultation (as JSON: ``with``, ``held_on``,
    ``summary``)."""

    NAME: ClassVar[str] = "adopt_criteria"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "version": "version",
        "effective_from": "effective_from",
        "consultation": "consultation",
    }

    version: int
    effective_from: date
    consultation: Mapping[str, Any]
