"""Value objects and vocabulary of the register.

Enumerations are `StrEnum`s: they are stored in events as their plain string values, so
that stored history stays readable without this code, and compared freely with strings.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any

from domain.errors import FieldError, InvalidInputError
from policies.messages import M


class Sector(StrEnum):
    """Education sector of a qualification."""

    PO = "po"
    VO = "vo"
    MBO = "mbo"


#: Sectors whose qualifications are per subject.
SECTORS_WITH_SUBJECTS = frozenset({Sector.VO, Sector.MBO})


class Basis(StrEnum):
    """What a qualification rests on: a diploma (register) or an exception (pre-register)."""

    DIPLOMA = "diploma"
    SUITABILITY_DECLARATION = "suitability_declaration"
    IN_TRAINING = "in_training"


class QualificationStatus(StrEnum):
    """Where a qualification stands in the register."""

    PREREGISTERED = "preregistered"
    REGISTERED = "registered"
    STRUCK_OFF = "struck_off"
    #: The pre-register's term for the basis passed without a move to the register: the
    #: person may not teach on that basis (docs/domain.md, "Pre-register terms").
    PREREGISTER_EXPIRED = "preregister_expired"


class ActivityKind(StrEnum):
    """Kinds of professional development; the four peer kinds count like any course."""

    TRAINING_PROGRAMME = "training_programme"
    COURSE = "course"
    STUDY_DAY = "study_day"
    CONFERENCE = "conference"
    PEER_CONSULTATION = "peer_consultation"
    LESSON_VISIT = "lesson_visit"
    LESSON_DEVELOPMENT = "lesson_development"
    LESSON_EVALUATION = "lesson_evaluation"
    NETWORK = "network"
    SCHOOL_PROJECT = "school_project"
    SELF_STUDY = "self_study"


class CompetenceArea(StrEnum):
    """Areas of the professional standard an activity serves."""

    SUBJECT_MATTER = "subject_matter"
    DIDACTICS = "didactics"
    PEDAGOGY = "pedagogy"
    PROFESSIONAL = "professional"


class Payer(StrEnum):
    """Who paid for an activity."""

    TEACHER = "teacher"
    EMPLOYER = "employer"
    FUND = "fund"
    OTHER = "other"


class LeaveKind(StrEnum):
    """Leave that extends the registration period (docs/domain.md, "Facts that count").

    ``other`` is recorded only by the registrar; ``illness`` is the name leave for sickness
    had before the kinds were fixed: stored events keep it, new leave says ``sickness``.
    """

    PREGNANCY_AND_MATERNITY = "pregnancy_and_maternity"
    PARENTAL = "parental"
    SICKNESS = "sickness"
    CARE = "care"
    OTHER = "other"
    ILLNESS = "illness"


#: Leave kinds anyone who may record leave can name; ``other`` needs the registrar.
LEAVE_KINDS_RECORDED = frozenset(
    {LeaveKind.PREGNANCY_AND_MATERNITY, LeaveKind.PARENTAL, LeaveKind.SICKNESS, LeaveKind.CARE}
)


class LeaveStatus(StrEnum):
    """Whether leave counts: only approved leave extends a period."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


#: Roles whose recording of leave is itself the check: the registrar, and the employer who
#: delivers it (the teacher's own report waits for the registrar).
LEAVE_APPROVED_ON_RECORD = frozenset({"registrar", "employer", "system"})


class StrikeOffGround(StrEnum):
    """Grounds for striking a qualification off the register."""

    OWN_REQUEST = "own_request"
    DECEASED = "deceased"
    INCORRECT_DATA = "incorrect_data"
    CRITERIA_NOT_MET = "criteria_not_met"
    DISCIPLINARY_MEASURE = "disciplinary_measure"


#: Grounds that need no hearing of the teacher first (Awb 4:8 does not apply).
GROUNDS_WITHOUT_HEARING = frozenset({StrikeOffGround.OWN_REQUEST, StrikeOffGround.DECEASED})


class Role(StrEnum):
    """Roles of the people and systems that act on the register."""

    TEACHER = "teacher"
    EMPLOYER = "employer"
    PROVIDER = "provider"
    VALIDATOR = "validator"
    REGISTRAR = "registrar"
    APPEALS = "appeals"
    AUDITOR = "auditor"
    STANDARDS = "standards"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something: a role, and the subject the role acts for (teacher id, board...)."""

    role: str
    subject: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "subject": self.subject}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        """The actor of a stored event; the same actor is one (frozen) object, shared by the
        events that name it (a file's events name few actors, and reading many files decodes
        one per event)."""
        role, subject = data["role"], data.get("subject")
        if cls is Actor and isinstance(role, str) and (subject is None or isinstance(subject, str)):
            return _shared_actor(role, subject)
        return cls(role=role, subject=subject)

    def __str__(self) -> str:
        return f"{self.role}:{self.subject}" if self.subject else self.role


@lru_cache(maxsize=8192)
def _shared_actor(role: str, subject: str | None) -> Actor:
    return Actor(role=role, subject=subject)


SYSTEM = Actor(Role.SYSTEM, "lerarenregister")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name as the register shows it: initials, prefix (tussenvoegsel), family."""

    initials: str
    given_name: str
    prefix: str
    family_name: str

    def display(self) -> str:
        """The public form: initials, prefix and family name."""
        return " ".join(part for part in (self.initials, self.prefix, self.family_name) if part)

    def to_dict(self) -> dict[str, str]:
        return {
            "initials": self.initials,
            "given_name": self.given_name,
            "prefix": self.prefix,
            "family_name": self.family_name,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Name:
        return cls(
            initials=data.get("initials", ""),
            given_name=data.get("given_name", ""),
            prefix=data.get("prefix", "") or "",
            family_name=data["family_name"],
        )


@dataclass(frozen=True, slots=True)
class Cost:
    """What an activity cost, and who paid."""

    amount: Decimal
    paid_by: str

    def to_dict(self) -> dict[str, str]:
        return {"amount": f"{self.amount:.2f}", "paid_by": self.paid_by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cost:
        return cls(amount=Decimal(data["amount"]), paid_by=data["paid_by"])


def bsn_is_valid(bsn: str) -> bool:
    """The elfproef: 9 digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit() or bsn == "000000000":
        return False
    digits = [int(c) for c in bsn]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return total % 11 == 0


def person_key(secret: bytes, bsn: str) -> str:
    """Keyed hash of a BSN: the BSN space is small enough to enumerate a plain hash."""
    return hmac.new(secret, bsn.encode("ascii"), hashlib.sha256).hexdigest()


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def new_register_number(rng: random.Random) -> str:
    """Nine random digits (not derived from anything personal) plus a Luhn check digit."""
    body = f"{rng.randrange(100_000_000, 1_000_000_000)}"
    return body + str(luhn_check_digit(body))


def register_number_is_valid(number: str) -> bool:
    """Shape and check digit of a register number."""
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return luhn_check_digit(number[:9]) == int(number[9])


def parse_hours(value: object, field: str) -> Decimal:
    """Hours as a Decimal with at most two decimals; refused when not a number."""
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInputError.of(field, M.HOURS_NOT_NUMERIC(field=field)) from None
    if not hours.is_finite():
        raise InvalidInputError.of(field, M.HOURS_NOT_FINITE(field=field))
    return hours.quantize(Decimal("0.01"))


def require_past_or_today(value: date, today: date, field: str) -> list[FieldError]:
    """A domain date may not lie in the future."""
    if value > today:
        return [FieldError(field, M.DATE_IN_FUTURE(field=field, date=value.isoformat()))]
    return []
