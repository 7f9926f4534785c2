"""Turning a trace into something a person reads: which activities, appointments and leave an
evidence reference (`<teacher_id>/<version>`) stands for.

Nothing is decided here: the trace says what was required, what was found and which events
supplied it; this only looks those events up in the file as it stood, to name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.teacher import Teacher


@dataclass(frozen=True)
class Evidence:
    """One event a criterion counted, described for a person."""

    ref: str
    what: str  # activity, appointment, leave, event
    title: str
    kind: str | None = None
    on: Any = None
    until: Any = None
    hours: str | None = None
    areas: tuple[str, ...] = ()
    fte: str | None = None
    withdrawn: bool = False


def evidence_index(teacher: Teacher) -> dict[str, Evidence]:
    """Every activity, appointment and leave of a file by the reference a trace gives it."""
    out: dict[str, Evidence] = {}
    prefix = f"{teacher.id}/"
    for a in teacher.activities.values():
        ref = f"{prefix}{a.recorded_at_version}"
        out[ref] = Evidence(
            ref,
            "activity",
            a.title,
            kind=a.kind,
            on=a.occurred_on,
            hours=f"{a.contact_hours + a.self_study_hours}",
            areas=tuple(a.competence_areas),
            withdrawn=a.withdrawn,
        )
    for ap in teacher.appointments.values():
        ref = f"{prefix}{ap.recorded_at_version}"
        out[ref] = Evidence(ref, "appointment", ap.brin, on=ap.start, until=ap.end, fte=f"{ap.fte}")
    for lv in teacher.leaves.values():
        ref = f"{prefix}{lv.recorded_at_version}"
        out[ref] = Evidence(ref, "leave", lv.kind, kind=lv.kind, on=lv.start, until=lv.end)
    return out


def described(refs: list[str], index: dict[str, Evidence]) -> list[Evidence]:
    """The evidence of one criterion, in the trace's order; an event the index does not know
    (a hearing, a later re-delivery) is named by its reference."""
    return [index.get(ref) or Evidence(ref, "event", ref) for ref in refs]
