"""Commands as values: one frozen dataclass per command, built once at the edge.

A command holds what the caller asked for, nothing more (who asks and why travel beside it in
the `Context`; the aggregate it targets is the application method's first argument). The edge
(an API route, a page, the CLI) builds it from the request with :meth:`Command.build`; the
application passes it unchanged to the aggregate, which validates it and records the event.

Its canonical form, :meth:`Command.payload`, is what an idempotency key is bound to (its
fingerprint is stored in `domain.indexes.IdempotencyRecord`): a key reused with different
input is refused. Every field is in it, so a field added to a command cannot be forgotten
there. Stored fingerprints are forever, like events, so the payload of a command that existed
before commands were values keeps its old shape: its name (`NAME`) and its fields under the
keys they had then (`PAYLOAD_KEYS`; a field not listed keeps its own name). A field added
since is left out of the payload while it has its default value, so a retry of a request made
before the field existed is still recognised as the same request.

Adding a field to an activity: add it to :class:`RecordActivity` (with a default, since old
requests lack it), to `Teacher.ActivityRecorded` (with a default, since stored events lack it)
and to `domain.teacher.Activity`, and test it. The request schema is checked against the
command (tests/unit/test_commands.py fails until `api.schemas.ActivityCreate` has the field);
the route and the idempotency payload follow by themselves.

The commands that are values: here :class:`AdmitTeacher`, :class:`CorrectPersonalData`,
:class:`RecordAppointment`, :class:`RecordLeave`, :class:`ApproveLeave`, :class:`RejectLeave`,
:class:`RecordActivity`, :class:`WithdrawActivity` and the decisions :class:`ReRegister`,
:class:`StrikeOff`, :class:`Reinstate` and :class:`MoveToRegister`; and by module
`hearings` (the intended strike-off and the view), `objections`, `deliveries` (employer data
and the teacher's check of it), `offerings` (providers, offerings, ratings), `shares`, `peers`,
`criteria` (draft and adopt), `correspondence` (address and reminders), `facts` (participation
and sample checks), `tokens` and `erasure`. Only the batch runs by date (`run_due`,
`run_due_once`, `run_retention`) and the operator tools (`reapply_erasures`, `migrate_keys`)
keep keyword arguments, by choice (docs/architecture.md, "Still to do").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Self

from domain.values import Cost, Name

__all__ = [
    "AdmitTeacher",
    "ApproveLeave",
    "Command",
    "CorrectPersonalData",
    "MoveToRegister",
    "ReRegister",
    "RecordActivity",
    "RecordAppointment",
    "RecordLeave",
    "Reinstate",
    "RejectLeave",
    "StrikeOff",
    "WithdrawActivity",
]


@dataclass(frozen=True, kw_only=True)
class Command:
    """The base of every command value: its canonical payload and its construction."""

    #: The command's name in its idempotency payload (part of every stored fingerprint).
    NAME: ClassVar[str]
    #: Field -> the key it had in the payload before commands were values (stored
    #: fingerprints depend on it); fields named here are always in the payload.
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {}
    #: Fields the payload left out before commands were values (a gap: a key reused with
    #: other values for them was taken for a retry). They are in the payload now; a key
    #: stored before is also recognised by :meth:`legacy_payload`, the payload without them.
    LEGACY_OMITTED: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def build(cls, data: Mapping[str, Any]) -> Self:
        """The command from a request's fields (a schema's `model_dump()`, a form, a row):
        keys that are no field of the command are left out; lists become tuples and nested
        values are decoded by :meth:`decode`."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: cls.decode(k, v) for k, v in data.items() if k in names}
        return cls(**values)

    @classmethod
    def decode(cls, name: str, value: Any) -> Any:
        """One field's value from its request form (override for nested value objects)."""
        return tuple(value) if isinstance(value, list) else value

    def fields(self) -> dict[str, Any]:
        """The command's fields by name, as held (for the aggregate's event)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def payload(self, **target: Any) -> dict[str, Any]:
        """The canonical form an idempotency key is bound to: the command's name, ``target``
        (the aggregate it is aimed at, under the key it always had) and every field."""
        payload: dict[str, Any] = {"command": self.NAME, **target}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            legacy = self.PAYLOAD_KEYS.get(f.name)
            if legacy is None and value == _default(f):
                continue  # added after keys were stored: absent while it says nothing
            payload[legacy or f.name] = _canonical(value)
        return payload

    def legacy_payload(self, **target: Any) -> dict[str, Any] | None:
        """The payload as it was before commands were values, for a command whose payload
        then left fields out (`LEGACY_OMITTED`); None when it is the payload itself."""
        payload = self.payload(**target)
        legacy = {k: v for k, v in payload.items() if k not in self.LEGACY_OMITTED}
        return legacy if legacy != payload else None


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _canonical(value: Any) -> Any:
    """A field's value as the payload held it: value objects by their `to_dict()`, tuples as
    lists (the fingerprint's JSON writes both alike), the rest as is."""
    if isinstance(value, tuple):
        return [_canonical(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


# -- the teacher's portfolio --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecordActivity(Command):
    """Record a professional development activity in a teacher's portfolio."""

    NAME: ClassVar[str] = "activity"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "kind": "kind",
        "title": "title",
        "occurred_on": "occurred_on",
        "contact_hours": "contact",
        "self_study_hours": "self",
        "competence_areas": "areas",
        "offering_id": "offering",
        "evidence": "evidence",
        "reflection": "reflection",
        "cost": "cost",
        "qualification_ids": "qualifications",
        "evidence_reference": "reference",
        "participation_id": "participation",
    }

    kind: str
    title: str
    occurred_on: date
    contact_hours: Decimal
    self_study_hours: Decimal = Decimal(0)
    competence_areas: tuple[str, ...]
    #: The offering it followed; a validated one caps the hours and stands for evidence.
    offering_id: str | None = None
    evidence: str | None = None
    #: Where the evidence can be found (a certificate, a link).
    evidence_reference: str | None = None
    reflection: str | None = None
    cost: Cost | None = None
    #: The qualifications it serves; None: all of the file's.
    qualification_ids: tuple[str, ...] | None = None
    #: The provider's report of participation it confirms (set by the register, not asked).
    participation_id: str | None = None

    @classmethod
    def decode(cls, name: str, value: Any) -> Any:
        if name == "cost" and isinstance(value, Mapping):
            return Cost(Decimal(value["amount"]), value["paid_by"])
        return super().decode(name, value)


@dataclass(frozen=True, kw_only=True)
class WithdrawActivity(Command):
    """Withdraw an activity: it stays in the history and no longer counts (the reason, which
    the payload binds, is the context's)."""

    NAME: ClassVar[str] = "withdraw"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"activity_id": "activity"}

    activity_id: str


# -- leave --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecordLeave(Command):
    """Record leave: the teacher's report (pending) or the registrar's or employer's."""

    NAME: ClassVar[str] = "leave"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"kind": "kind", "start": "start", "end": "end"}

    kind: str
    start: date
    end: date


@dataclass(frozen=True, kw_only=True)
class ApproveLeave(Command):
    """The registrar approves leave the teacher reported; the periods it overlaps grow."""

    NAME: ClassVar[str] = "approve_leave"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"leave_id": "leave"}

    leave_id: str


@dataclass(frozen=True, kw_only=True)
class RejectLeave(Command):
    """The registrar rejects leave the teacher reported (the reason is the context's)."""

    NAME: ClassVar[str] = "reject_leave"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"leave_id": "leave"}

    leave_id: str


# -- the file ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AdmitTeacher(Command):
    """Admit a person: one file per person, with the qualifications it starts with.

    The BSN is personal: it is bound in the payload (a key reused for another person is
    refused) but never shown in the command's ``repr``, so it cannot reach a log line or an
    error message through it."""

    NAME: ClassVar[str] = "admit_teacher"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "bsn": "bsn",
        "name": "name",
        "birth_date": "birth_date",
        "qualifications": "qualifications",
        "registered_on": "registered_on",
    }

    bsn: str = field(repr=False)
    name: Name
    birth_date: date
    #: Each as asked: ``sector``, ``subject`` (None in po), ``basis``; a caller in the same
    #: process (the demo, a test) may choose its ``qualification_id``. Held as a tuple of the
    #: dicts as given: the payload binds them as they were sent.
    qualifications: Sequence[Mapping[str, Any]]
    #: None: the register's date.
    registered_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualifications", tuple(dict(q) for q in self.qualifications))

    @classmethod
    def decode(cls, name: str, value: Any) -> Any:
        if name == "name" and isinstance(value, Mapping):
            return Name(**value)
        return super().decode(name, value)


@dataclass(frozen=True, kw_only=True)
class CorrectPersonalData(Command):
    """The registrar corrects the name or the date of birth (the reason is the context's)."""

    NAME: ClassVar[str] = "correct"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"name": "name", "birth_date": "birth_date"}

    name: Name | None = None
    birth_date: date | None = None

    @classmethod
    def decode(cls, name: str, value: Any) -> Any:
        if name == "name" and isinstance(value, Mapping):
            return Name(**value)
        return super().decode(name, value)


@dataclass(frozen=True, kw_only=True)
class RecordAppointment(Command):
    """Record one appointment by hand; ``sector`` and ``subjects`` say what is taught."""

    NAME: ClassVar[str] = "appointment"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "board_number": "board",
        "brin": "brin",
        "start": "start",
        "end": "end",
        "fte": "fte",
        "basis": "basis",
        "sector": "sector",
        "subjects": "subjects",
    }
    LEGACY_OMITTED: ClassVar[frozenset[str]] = frozenset(
        {"contract_start", "contract_end", "appointment_id"}
    )

    board_number: str
    brin: str
    start: date
    end: date | None = None
    fte: Decimal
    basis: str
    contract_start: date | None = None
    contract_end: date | None = None
    sector: str | None = None
    subjects: tuple[str, ...] | None = None
    #: Chosen by the caller (a test, the demo); None: the register draws one.
    appointment_id: str | None = None


# -- decisions on a qualification ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReRegister(Command):
    """Decide the re-registration of a qualification whose period has ended (dated the
    register's date, which the payload binds beside the target: a retry on another day is
    another decision)."""

    NAME: ClassVar[str] = "re_register"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"qualification_id": "qualification"}

    qualification_id: str


@dataclass(frozen=True, kw_only=True)
class StrikeOff(Command):
    """Strike a qualification off directly: on the teacher's own request or death (the
    reason, which the payload binds, is the context's)."""

    NAME: ClassVar[str] = "strike_off"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "qualification_id": "qualification",
        "ground": "ground",
        "effective_on": "effective_on",
        "heard_on": "heard_on",
    }

    qualification_id: str
    ground: str
    effective_on: date
    #: None: no hearing applies.
    heard_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class Reinstate(Command):
    """Reinstate a struck-off qualification when the criteria are met again (the reason,
    which the payload binds, is the context's)."""

    NAME: ClassVar[str] = "reinstate"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"qualification_id": "qualification"}

    qualification_id: str


@dataclass(frozen=True, kw_only=True)
class MoveToRegister(Command):
    """Move a pre-registered qualification into the register once a diploma arrived; the
    diploma's date starts the new period."""

    NAME: ClassVar[str] = "move_to_register"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "qualification_id": "qualification",
        "qualified_on": "qualified_on",
    }

    qualification_id: str
    qualified_on: date
