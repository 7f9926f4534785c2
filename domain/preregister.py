"""The pre-register's term: a stay on an exception basis ends (docs/domain.md, "Pre-register
terms").

A person teaches from the pre-register on a suitability declaration (two years by default) or
in training (the training's length, at most four years); the criteria document sets the
maximum per basis (``preregister.max_stay_years``). When the term has passed without a move to
the register, run-due records ``Teacher.PreregisterExpired`` on the register's date: the
status becomes ``preregister_expired`` and the person may not teach on that basis. A move to
the register (a diploma) is still possible afterwards.

The term is that of the criteria version in force on the day the stay began (as a period is
governed by the version in force when it began), extended by approved leave as a period is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment import leave_facts
from domain.criteria_book import CriteriaBook, CriteriaVersion
from domain.receipts import LAWS, REGISTER_PROVISIONS, reference
from domain.teacher import Teacher
from domain.values import QualificationStatus
from policies import QualificationFacts, ReregistrationCriteria, evaluate_preregister

if TYPE_CHECKING:  # the register's package imports this module
    from domain.register.base import Context

#: What run-due counts for the pre-register.
EXPIRED = "preregister_expired"

Parse = Callable[[CriteriaVersion], ReregistrationCriteria]


def preregister_legal_basis(sector: str) -> list[dict[str, Any]]:
    """The provisions an expiry rests on: the sector law's register provisions (the
    pre-register and its terms), cited by law until their numbering is confirmed."""
    return [
        reference(LAWS[sector], None, REGISTER_PROVISIONS),
        reference(LAWS[sector], None, "registervoorportaal: maximale verblijfsduur per grondslag"),
    ]


def _stay_facts(teacher: Teacher, qualification_id: str) -> QualificationFacts:
    """The facts the term depends on: basis, admission and approved leave."""
    q = teacher.qualification(qualification_id)
    return QualificationFacts(
        qualification_id=q.qualification_id,
        sector=q.sector,
        subject=q.subject,
        basis=q.basis,
        status=q.status,
        period_start=q.period_start,
        activities=(),
        appointments=(),
        leaves=leave_facts(teacher),
        admitted_on=q.admitted_on,
    )


def expire_due(
    teacher: Teacher, on: date, book: CriteriaBook, parse: Parse, ctx: Context
) -> list[str]:
    """Record the expiry of every pre-registered qualification of the file whose term ended
    before ``on``; returns the qualification ids. Nothing is saved here: the caller saves the
    file with its other changes. A second run finds nothing (the status changed)."""
    expired: list[str] = []
    for q in list(teacher.qualifications.values()):
        if q.status != QualificationStatus.PREREGISTERED or q.admitted_on > on:
            continue
        version = book.in_force(q.admitted_on) or book.in_force(on)
        if version is None:
            continue
        verdict = evaluate_preregister(_stay_facts(teacher, q.qualification_id), parse(version), on)
        if verdict.met:
            continue
        stay_end = verdict.period_end
        teacher.expire_preregistration(
            qualification_id=q.qualification_id,
            expired_on=on,
            stay_end=stay_end,
            policy={"name": version.name, "version": version.version, "sha256": version.sha256},
            legal_basis=preregister_legal_basis(q.sector),
            trace=[r.to_dict() for r in verdict.trace],
            actor=ctx.actor,
            reason=(
                f"de termijn in het registervoorportaal ({q.basis}) eindigde op"
                f" {stay_end.isoformat()}; the pre-register's term ({q.basis}) ended on"
                f" {stay_end.isoformat()}"
            ),
            correlation_id=ctx.correlation_id,
        )
        expired.append(q.qualification_id)
    return expired
