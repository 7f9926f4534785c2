"""An entry of the public register as the projection holds it while it folds a batch: a person
(`Person`) with their qualifications (`Qualification`), their approved leave and their search
keys, turned into the rows of the read model's tables. A qualification's status changes become
dated intervals (`intervals`), each with the period end that holds then. The projection that
loads, changes and writes these is `projections/public_register.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from policies.periods import period_end
from projections.common import dumps, name_key, split_name_query
from projections.public_register_document import document, publish


def search_keys(prefix: str, family_name: str) -> set[tuple[str, str]]:
    """The (prefix key, name key) pairs a person is found by.

    The whole name, with name prefixes at the start of a family name read as its prefix ("De
    Smet" stored with no prefix is found as "De Smet" and as "Smet", like "de Smet"); and each
    part of a double-barrelled name on its own ("Heuvel-Smit" is found by "Heuvel" and by
    "Smit"), the person's prefix going with the first part.
    """
    keys = {split_name_query(f"{prefix} {family_name}")}
    parts = [p for p in family_name.split("-") if p.strip()]
    if len(parts) > 1:
        keys.add(split_name_query(f"{prefix} {parts[0]}"))
        keys.update(split_name_query(part) for part in parts[1:])
    return {(p, k) for p, k in keys if k}


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass
class Qualification:
    qualification_id: str
    seq: int
    sector: str
    subject: str | None
    status: str
    admitted_on: str
    period_start: str
    period_years: int
    ground: str | None
    changes: list[dict[str, Any]]
    annotations: list[dict[str, Any]]

    def row(self, teacher_id: str, leaves: Sequence[tuple[date, date]]) -> tuple[Any, ...]:
        years = self.period_years
        history = intervals(self.changes, years, leaves)
        end = period_end(date.fromisoformat(self.period_start), years, leaves)
        return (
            teacher_id,
            self.qualification_id,
            self.seq,
            self.sector,
            self.subject,
            self.status,
            self.admitted_on,
            self.period_start,
            years,
            end.isoformat(),
            self.ground,
            dumps(self.changes),
            dumps(history),
            dumps(self.annotations),
        )

    def change(self, on: Any, event: str, decision_id: str | None, seq: int) -> None:
        self.changes.append(
            {
                "from": text(on),
                "status": self.status,
                "event": event,
                "decision_id": decision_id,
                "period_start": self.period_start,
                "seq": seq,
            }
        )


@dataclass
class Person:
    teacher_id: str
    register_number: str
    initials: str
    prefix: str
    family_name: str
    position: int
    quals: dict[str, Qualification] = field(default_factory=dict)
    leaves: list[tuple[str, str, str]] = field(default_factory=list)
    new: bool = False
    new_leaves: list[tuple[str, str, str]] = field(default_factory=list)
    #: `public_content()` as last computed in this batch (after the person's latest public
    #: change), so the document is not computed twice.
    content: dict[str, Any] | None = None

    def leave_periods(self) -> list[tuple[date, date]]:
        return [(date.fromisoformat(s), date.fromisoformat(e)) for _, s, e in self.leaves]

    def name_rows(self) -> list[tuple[str, str, str]]:
        return [
            (self.teacher_id, p, k) for p, k in sorted(search_keys(self.prefix, self.family_name))
        ]

    def public_content(self) -> dict[str, Any]:
        """The entry as public answers give it (`publish`), without sort keys: what the
        change log records, and compares to tell a public change from a private one."""
        leaves = self.leave_periods()
        quals = [
            {
                "sector": q.sector,
                "subject": q.subject,
                "status": q.status,
                "admitted_on": q.admitted_on,
                "history": intervals(q.changes, q.period_years, leaves),
                "annotations": [
                    {"kind": a["kind"], "on": a["on"], "ground": a.get("ground")}
                    for a in q.annotations
                ],
            }
            for q in sorted(self.quals.values(), key=lambda q: q.seq)
        ]
        name = {"initials": self.initials, "prefix": self.prefix, "family_name": self.family_name}
        entry = {"register_number": self.register_number, "name": name, "qualifications": quals}
        return publish(entry)

    def row(self) -> tuple[Any, ...]:
        content = self.content if self.content is not None else self.public_content()
        return (
            self.teacher_id,
            self.register_number,
            self.initials,
            self.prefix,
            self.family_name,
            name_key(self.family_name),
            name_key(self.prefix),
            self.position,
            document(content),
        )

    def add_qualification(self, q: dict[str, Any], registered_on: date, seq: int) -> None:
        qual = Qualification(
            qualification_id=q["qualification_id"],
            seq=len(self.quals),
            sector=q["sector"],
            subject=q.get("subject"),
            status=q["status"],
            admitted_on=registered_on.isoformat(),
            period_start=registered_on.isoformat(),
            period_years=int(q.get("period_years", 4)),
            ground=None,
            changes=[],
            annotations=[],
        )
        qual.change(registered_on, "admitted", None, seq)
        self.quals[qual.qualification_id] = qual


def intervals(
    changes: Sequence[dict[str, Any]], years: int, leaves: Sequence[tuple[date, date]]
) -> list[dict[str, Any]]:
    """Status changes (by the date they take effect) as consecutive dated intervals.

    A change that a later one on the same day supersedes leaves no interval; consecutive
    changes with the same status and period merge. `to` is the last day (inclusive), None
    for the interval that still runs.
    """
    ordered = sorted(changes, key=lambda c: (c["from"], c["seq"]))
    merged: list[dict[str, Any]] = []
    for c in ordered:
        if merged and merged[-1]["from"] == c["from"]:
            merged.pop()
        if merged and (merged[-1]["status"], merged[-1]["period_start"]) == (
            c["status"],
            c["period_start"],
        ):
            continue
        merged.append(c)
    out = []
    for i, c in enumerate(merged):
        nxt = merged[i + 1]["from"] if i + 1 < len(merged) else None
        to = (date.fromisoformat(nxt) - timedelta(days=1)).isoformat() if nxt else None
        end = period_end(date.fromisoformat(c["period_start"]), years, leaves)
        out.append(
            {"status": c["status"], "from": c["from"], "to": to, "period_end": end.isoformat()}
        )
    return out
