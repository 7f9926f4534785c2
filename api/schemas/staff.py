"""An employer's staff list, with the persons it delivered who are not (yet) registered."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas.public_register import PublicName


class PendingAppointment(BaseModel):
    appointment_id: str
    brin: str
    start: date
    end: date | None
    fte: str
    basis: str
    delivery_id: str


class NotRegisteredPerson(BaseModel):
    """Someone this board delivered appointments for who is not on file (yet): shown by the
    last three digits of the BSN only; the appointments are attached at admission."""

    person_ref: str
    bsn: str = Field(description="masked: only the last three digits")
    registered: Literal[False] = False
    appointments: list[PendingAppointment]


class StaffQualification(BaseModel):
    qualification_id: str
    sector: str
    subject: str | None
    status: str
    may_teach: bool
    note: str | None = Field(
        default=None,
        description="why the person may not teach on it, where the status alone does not say:"
        " 'may not teach on this basis' once the pre-register's term passed",
    )

    @model_validator(mode="after")
    def _note(self) -> StaffQualification:
        if self.status == "preregister_expired" and self.note is None:
            self.note = PREREGISTER_EXPIRED_NOTE
        return self


#: What the staff view says of a qualification whose pre-register term passed.
PREREGISTER_EXPIRED_NOTE = (
    "may not teach on this basis: the pre-register's term passed without a move to the register"
)


class StaffAppointment(BaseModel):
    appointment_id: str
    brin: str
    start: date
    end: date | None
    fte: str
    current: bool = Field(description="the appointment runs today")
    sector: str | None = None
    subjects: list[str] | None = None
    stated: bool = Field(
        default=False,
        description="whether the appointment states its sector and, in vo and mbo, its"
        ' subjects; false is shown as "not stated"',
    )


class StaffMember(BaseModel):
    teacher_id: str
    register_number: str
    name: PublicName
    may_teach: bool = Field(description="may teach on at least one qualification")
    qualifications: list[StaffQualification]
    appointments: list[StaffAppointment]


class StaffList(BaseModel):
    data: list[StaffMember]
    next_cursor: str | None
    not_registered: list[NotRegisteredPerson] = Field(
        default_factory=list,
        description="first page only: people delivered by this board who are not registered",
    )


def staff_member(row: dict[str, Any]) -> StaffMember:
    quals = [StaffQualification(**q) for q in row["qualifications"]]
    return StaffMember(
        teacher_id=row["teacher_id"],
        register_number=row["register_number"],
        name=PublicName.of(row["name"]),
        may_teach=any(q.may_teach for q in quals),
        qualifications=quals,
        appointments=[StaffAppointment(**a) for a in row["appointments"]],
    )
