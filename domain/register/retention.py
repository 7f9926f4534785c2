"""The due-retention run (part of `run-due`, see `domain.register.due`): public entries leave
the public view when the retention policy says, and files that may now be erased are listed.

The register shows annotations and strike-off grounds for as long as the retention policy
in force on the run's date says (the retention book: ``policies/documents/retention-v*.json``
drafted and adopted like the criteria) (AVG art. 5(1)(e)); after that each one leaves
the public view by a `Teacher.PublicEntryExpired` event, which the public register folds. The
file keeps them: only the public view changes. Erasure is never done by the run: files whose
data may be erased are listed for the registrar, who decides (`erase`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from eventsourcing.persistence import IntegrityError

from domain.assessment import RE_REGISTRATION, STRIKE_OFF
from domain.register.base import Context, RegisterBase
from domain.register.erasure import erasure_facts, open_objections
from domain.teacher import Teacher
from domain.teacher_scan import TeacherScan
from domain.values import QualificationStatus
from policies.retention import (
    LoadedPolicy,
    annotation_visible_until,
    erasure_refusals,
    strike_off_visible_until,
)

log = structlog.get_logger("lerarenregister.retention")


@dataclass
class RetentionReport:
    """What one due-retention run did."""

    on: date
    annotations_expired: int = 0
    strike_offs_expired: int = 0
    erasable: list[str] = field(default_factory=list)
    files_read: int = 0
    conflicts: int = 0
    #: The retention policy version applied (name, version, sha256): the one in force on `on`.
    policy: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "policy": dict(self.policy),
            "annotations_expired": self.annotations_expired,
            "strike_offs_expired": self.strike_offs_expired,
            "erasable": list(self.erasable),
            "files_read": self.files_read,
            "conflicts": self.conflicts,
        }


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def expired_entries(
    teacher: Teacher, on: date, policy: LoadedPolicy
) -> list[tuple[str, str, str, date]]:
    """(qualification, decision, entry, leaves-the-view day) of every public entry whose time
    is up on `on` and that is still shown."""
    found: list[tuple[str, str, str, date]] = []
    live = [d for d in teacher.decisions if not d.get("revoked")]
    for q in teacher.qualifications.values():
        mine = [d for d in live if d["qualification_id"] == q.qualification_id]
        for annotation in q.annotations:
            decision_id = str(annotation["decision_id"])
            if decision_id in teacher.expired_public:
                continue
            decided = _day(annotation["on"])
            later = [
                _day(d["decided_on"])
                for d in mine
                if d["kind"] == RE_REGISTRATION
                and d["decision_id"] != decision_id
                and _day(d["decided_on"]) > decided
            ]
            until = annotation_visible_until(decided, min(later, default=None), policy.policy)
            if on >= until:
                found.append((q.qualification_id, decision_id, "annotation", until))
        if q.status == QualificationStatus.STRUCK_OFF and q.struck_off_ground:
            strikes = [d for d in mine if d["kind"] == STRIKE_OFF]
            effective = [h["from"] for h in q.history if h.get("event") == "struck_off"]
            if not strikes or not effective:
                continue
            decision_id = str(strikes[-1]["decision_id"])
            if decision_id in teacher.expired_public:
                continue
            until = strike_off_visible_until(
                q.struck_off_ground, _day(effective[-1]), policy.policy
            )
            if on >= until:
                found.append((q.qualification_id, decision_id, "strike_off", until))
    return found


def retain(
    register: RegisterBase,
    teacher: Teacher,
    on: date,
    policy: LoadedPolicy,
    ctx: Context,
    report: RetentionReport,
) -> bool:
    """One file's due retention: whether it changed (expired entries); lists it when erasable.
    The due run (`domain.register.due`) calls it on each file right after its decisions."""
    report.files_read += 1
    changed = _expire(teacher, on, policy, ctx, report)
    if _erasable(register, teacher, on, policy):
        report.erasable.append(str(teacher.id))
    return changed


def log_retention(report: RetentionReport, policy: LoadedPolicy) -> None:
    log.info(
        "retention_run_finished",
        **{**report.to_dict(), "erasable": len(report.erasable), "policy": policy.summary()},
    )


def _expire(
    teacher: Teacher, on: date, policy: LoadedPolicy, ctx: Context, report: RetentionReport
) -> bool:
    entries = expired_entries(teacher, on, policy)
    for qualification_id, decision_id, entry, until in entries:
        teacher.trigger_event(
            Teacher.PublicEntryExpired,
            qualification_id=qualification_id,
            decision_id=decision_id,
            entry=entry,
            visible_until=until,
            retention=policy.summary(),
            actor=ctx.actor,
            reason=ctx.reason,
            correlation_id=ctx.correlation_id,
        )
        if entry == "annotation":
            report.annotations_expired += 1
        else:
            report.strike_offs_expired += 1
    return bool(entries)


def _erasable(register: RegisterBase, teacher: Teacher, on: date, policy: LoadedPolicy) -> bool:
    if teacher.erased_on is not None:
        return False
    if erasure_refusals(erasure_facts(teacher, 0), policy.policy, on):
        return False
    return not open_objections(register, teacher)


class RetentionCommands(RegisterBase):
    """The due-retention run on its own (`run-due` runs it too: `domain.register.due`)."""

    def run_retention(self, on: date, *, ctx: Context) -> RetentionReport:
        """Take expired public entries out of the public view and list erasable files;
        idempotent (an expired entry is not expired twice), one write per page of files."""
        policy = self.criteria.retention_policy(on)  # the version in force on the run's date
        report = RetentionReport(on=on, policy=policy.summary())
        for page in TeacherScan(self).pages():
            changed = [t for t in page if retain(self, t, on, policy, ctx, report)]
            if not changed:
                continue
            try:
                self._save(*changed)
            except IntegrityError:
                report.conflicts += 1  # changed meanwhile: the next run takes them
        log_retention(report, policy)
        return report
