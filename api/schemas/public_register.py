"""The public register's answers.

The public models name every field they carry; nothing from a file reaches a public answer by
accident (docs/domain.md, "What is public": never a BSN, birth date, gender, address or
portfolio).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
