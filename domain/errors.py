"""The domain's error family.

Every refusal of a command is one of these, with a message a person can act on: a message of
the catalogue in policies/messages.py (`M`), whose English is `message` and whose stable code is
`code`. The HTTP layer maps each branch to one status and answers the English with the code;
the CLI prints the message; a page says it in Dutch or English by its code.

    RegisterError
    ├── InvalidInputError          422: valid shape, breaks a rule (carries per-field errors)
    ├── NotFoundError              404: no such teacher, qualification, decision, ...
    │   └── TeacherNotFoundError
    ├── ConflictError              409: conflicts with the current state
    │   ├── BusyError              409 with Retry-After: lost a race; the same request can land
    │   ├── DuplicatePersonError
    │   ├── AlreadyDecidedError
    │   └── AwaitingHearingError
    └── VersionMismatchError       412: the caller's expected version is not the current one
"""

from __future__ import annotations

from dataclasses import dataclass

from policies.messages import M, Text


@dataclass(frozen=True, slots=True)
class FieldError:
    """One fault in the input: which field, and what is wrong with it."""

    field: str
    message: str

    @property
    def code(self) -> str | None:
        """The message's code in policies/messages.py, None for words without one."""
        return self.message.code if isinstance(self.message, Text) else None

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class RegisterError(Exception):
    """Base of every refusal by the register."""

    title = "The register refused the request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> str | None:
        """The message's code in policies/messages.py (`M`), None for words without one."""
        return self.message.code if isinstance(self.message, Text) else None


class InvalidInputError(RegisterError):
    """The input is well-formed but breaks a rule of the register."""

    title = "Invalid input"

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    @classmethod
    def of(cls, field: str, message: str) -> InvalidInputError:
        """One-field shorthand."""
        return cls(message, [FieldError(field, message)])


class NotFoundError(RegisterError):
    """The thing acted upon does not exist."""

    title = "Not found"


class TeacherNotFoundError(NotFoundError):
    """No teacher file with this id."""

    def __init__(self, teacher_id: object) -> None:
        super().__init__(M.TEACHER_NOT_FOUND(teacher_id=teacher_id))
        self.teacher_id = teacher_id


class ConflictError(RegisterError):
    """The command conflicts with the current state of the register."""

    title = "Conflict with the current state"


class BusyError(ConflictError):
    """Concurrent changes kept winning the race for this aggregate; trying again later lands."""

    title = "Busy: changed by others at the same time"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DuplicatePersonError(ConflictError):
    """This person already has a file in the register."""

    def __init__(self, teacher_id: object | None = None) -> None:
        super().__init__(M.PERSON_ALREADY_ON_FILE())
        self.teacher_id = teacher_id


class AlreadyDecidedError(ConflictError):
    """The decision was already taken for this qualification and period."""


class AwaitingHearingError(ConflictError):
    """A re-registration waits for the decision on an open strike-off proposal."""


class VersionMismatchError(RegisterError):
    """The caller expected another version of the aggregate than the current one."""

    title = "Precondition failed"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(M.VERSION_MISMATCH(expected=expected, actual=actual))
        self.expected = expected
        self.actual = actual
