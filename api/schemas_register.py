"""Answers of the read-model endpoints: public register, staff lists and costs.

The public models name every field they carry; nothing from a file reaches a public answer by
accident (DOMAIN.md, "What is public": never a BSN, birth date, gender, address or portfolio).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.schemas_procedures import NotRegisteredPerson
from domain.values import Name


class PublicName(BaseModel):
    """The public form of a name: initials, prefix and family name (no given name)."""

    initials: str
    prefix: str
    family_name: str
    display: str

    @classmethod
    def of(cls, name: dict[str, Any]) -> PublicName:
        display = Name(name["initials"], "", name["prefix"], name["family_name"]).display()
        return cls(**name, display=display)


class PublicQualification(BaseModel):
    """A qualification's status and the date it holds since; never the period end (it would
    reveal leave)."""

    sector: str
    subject: str | None
    status: str
    since: date = Field(description="the first day of the status as it now holds")


class PublicAnnotation(BaseModel):
    """An annotation or strike-off: when, on which qualification, and the ground category."""

    sector: str
    subject: str | None
    kind: str = Field(description="annotation or strike_off")
    on: date
    ground: str | None = None


class QualificationRef(BaseModel):
    sector: str
    subject: str | None


class HistoryInterval(BaseModel):
    """A status held from one day to another (both inclusive; `to` is null while it runs)."""

    model_config = ConfigDict(populate_by_name=True)

    qualification: QualificationRef
    status: str
    from_: date = Field(alias="from")
    to: date | None


class RegisterEntryPublic(BaseModel):
    register_number: str
    name: PublicName
    qualifications: list[PublicQualification]
    annotations: list[PublicAnnotation]


class RegisterEntriesPublic(BaseModel):
    data: list[RegisterEntryPublic]
    next_cursor: str | None


class RegisterEntryDetail(RegisterEntryPublic):
    """One entry with its history; with `on`, as it stood that day."""

    history: list[HistoryInterval]
    on: date | None = None


def register_entry(found: dict[str, Any]) -> RegisterEntryPublic:
    quals = found["qualifications"]
    return RegisterEntryPublic(
        register_number=found["register_number"],
        name=PublicName.of(found["name"]),
        qualifications=[
            PublicQualification(
                sector=q["sector"],
                subject=q["subject"],
                status=q["status"],
                since=q["since"],
            )
            for q in quals
        ],
        annotations=[
            PublicAnnotation(
                sector=q["sector"],
                subject=q["subject"],
                kind=a["kind"],
                on=a["on"],
                ground=a.get("ground"),
            )
            for q in quals
            for a in q["annotations"]
        ],
    )


def register_detail(found: dict[str, Any], on: date | None) -> RegisterEntryDetail:
    base = register_entry(found)
    history = [
        HistoryInterval.model_validate(
            {
                "qualification": {"sector": q["sector"], "subject": q["subject"]},
                "status": h["status"],
                "from": h["from"],
                "to": h["to"],
            }
        )
        for q in found["qualifications"]
        for h in q["history"]
    ]
    return RegisterEntryDetail(**base.model_dump(), history=history, on=on)


# -- staff ----------------------------------------------------------------------------------


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


# -- costs ----------------------------------------------------------------------------------


class CostRow(BaseModel):
    year: int
    sector: str
    board_number: str | None = Field(description="the employer; null when none employed them")
    payer: str
    total: str = Field(examples=["250.00"])
    count: int


class CostSum(BaseModel):
    key: str | int
    total: str
    count: int


class CostTotals(BaseModel):
    by_year: list[CostSum]
    by_sector: list[CostSum]
    by_payer: list[CostSum]


class CostsPublic(BaseModel):
    data: list[CostRow]
    next_cursor: str | None
    totals: CostTotals
