"""The domain's error family.

Every refusal of a command is one of these, with a message a person can act on.
The HTTP layer maps each branch to one status; the CLI prints the message.

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


@dataclass(frozen=True, slots=True)
class FieldError:
    """One fault in the input: which field, and what is wrong with it."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class RegisterError(Exception):
    """Base of every refusal by the register."""

    title = "The register refused the request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
        super().__init__(f"no teacher file with id {teacher_id}")
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
        super().__init__("this person is already on file; a person has exactly one file")
        self.teacher_id = teacher_id


class AlreadyDecidedError(ConflictError):
    """The decision was already taken for this qualification and period."""


class AwaitingHearingError(ConflictError):
    """A re-registration waits for the decision on an open strike-off proposal."""


class VersionMismatchError(RegisterError):
    """The caller expected another version of the aggregate than the current one."""

    title = "Precondition failed"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"expected version {expected}, but the current version is {actual}")
        self.expected = expected
        self.actual = actual
