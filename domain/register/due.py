"""The due run (`run-due`): everything the register does on its date, in one fixed order.

1. The date: a run decides on the register's date only.
2. The decisions due: every re-registration period that ended, page by page of files
   (:class:`domain.register.deciding.Decider`), with the pre-register terms that passed
   (:func:`domain.preregister.expire_due`) and, on each file right after its decisions and
   written with them, the due retention (:func:`domain.register.retention.retain`).
3. The reminders due (:func:`domain.register.correspondence.issue_reminders`).

The order is written here, once; it does not depend on the order of `Register`'s bases.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.assessment import leave_facts
from domain.commands.results import ReRegistration
from domain.criteria_book import CriteriaBook
from domain.decisions import (
    CRITERIA,
    MAX_PERIODS_PER_RUN,
    DecisionIndex,
    RunDueReport,
    re_registration_proposals,
)
from domain.errors import AwaitingHearingError, ConflictError, InvalidInputError
from domain.preregister import expire_due
from domain.register.base import CommandResult, Context, RegisterBase
from domain.register.correspondence import RemindersReport, issue_reminders
from domain.register.due_batch import DueScan
from domain.register.retention import RetentionReport, log_retention, retain
from domain.teacher import Teacher
from domain.teacher_scan import PAGE_ROWS
from domain.values import QualificationStatus
from policies.engines import engine
from policies.messages import M

log = structlog.get_logger("lerarenregister.decisions")


@dataclass
class DueRunReport(RunDueReport):
    """`run-due`'s report: the decisions', with the due retention's and the reminders' beside."""

    retention: RetentionReport | None = None
    reminders: RemindersReport | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["retention"] = self.retention.to_dict() if self.retention else None
        data["reminders"] = self.reminders.to_dict() if self.reminders else None
        return data


class DueRunCommands(RegisterBase):
    """`run-due`: the decisions, the due retention and the reminders due on one date."""

    def run_due(
        self,
        on: date,
        *,
        ctx: Context,
        page_rows: int = PAGE_ROWS,
        progress: Callable[[int, int], None] | None = None,
    ) -> DueRunReport:
        """Run everything due on ``on``, in the order of this module's docstring.

        The retention of each file is weighed right after its decisions, on the same state a
        second pass would read, and written with them; a file whose write collided is left
        to the next run (counted in the retention's ``conflicts``).
        """
        # The date first (a run for another day is refused before anything is looked up),
        # then the books, then the retention policy in force on the run's date.
        self.check_run_date(on)
        self.criteria.ensure_books(ctx)
        policy = self.criteria.retention_policy(on)
        retention = RetentionReport(on=on, policy=policy.summary())

        def each_file(teacher: Teacher) -> bool:
            return retain(self, teacher, on, policy, ctx, retention)

        def file_conflict() -> None:
            retention.conflicts += 1  # changed meanwhile: the next run takes them

        decided = self._decisions_due(
            on,
            ctx=ctx,
            page_rows=page_rows,
            progress=progress,
            each_file=each_file,
            file_conflict=file_conflict,
        )
        log_retention(retention, policy)
        reminders = issue_reminders(self, on, ctx=ctx)
        return DueRunReport(**vars(decided), retention=retention, reminders=reminders)

    def run_due_once(self, on: date, *, ctx: Context) -> CommandResult[dict[str, Any]]:
        """`run_due` for one request: with an idempotency key, once per key (a retry gets the
        first report back, with the position of its record); the data is the report."""
        return self._once(
            ctx,
            {"command": "run_due", "on": on.isoformat()},
            lambda: self.run_due(on, ctx=ctx).to_dict(),
        )

    def check_run_date(self, on: date) -> None:
        """A due run decides on the register's date only (a run for another day would decide
        on facts that day has not seen, or has seen differently)."""
        today = self.clock()
        if on != today:
            raise InvalidInputError.of(
                "date",
                M.RUN_DUE_DATE_NOT_TODAY(on_date=today.isoformat()),
            )

    def _decide_due(
        self,
        teacher: Teacher,
        on: date,
        book: CriteriaBook,
        ctx: Context,
    ) -> tuple[list[tuple[DecisionIndex | None, ReRegistration]], list[str]]:
        """Every period of this file that ended before ``on`` and is not decided, in order;
        and the periods left alone (``awaiting_hearing``, ``left_to_registrar``).

        A period short after the transition gets a strike-off proposal and waits for it; a
        period whose proposal was closed without a strike-off (withdrawn) is left to the
        registrar, so that one run never proposes a strike-off twice for one period.
        """
        made: list[tuple[DecisionIndex | None, ReRegistration]] = []
        skipped: list[str] = []
        leaves = None
        for qualification_id in list(teacher.qualifications):
            for _ in range(MAX_PERIODS_PER_RUN):
                q = teacher.qualifications[qualification_id]
                if q.status != QualificationStatus.REGISTERED or q.admitted_on > on:
                    break
                leaves = leaves if leaves is not None else leave_facts(teacher)
                criteria = self.criteria.of_period(book, q.period_start, leaves, on).criteria
                if engine().period_end(q.period_start, criteria, list(leaves)) >= on:
                    break
                earlier = re_registration_proposals(teacher, qualification_id, q.period_start)
                if earlier:
                    open_ = any(p.status == "open" for p in earlier)
                    skipped.append("awaiting_hearing" if open_ else "left_to_registrar")
                    break
                try:
                    index, data = self.decider.decide_re_registration(
                        teacher, qualification_id, book, ctx
                    )
                except AwaitingHearingError:  # another strike-off proposal is open
                    skipped.append("awaiting_hearing")
                    break
                made.append((index, data))
                if index is None:  # a strike-off proposed: the period waits for the hearing
                    break
        return made, skipped

    @staticmethod
    def _count(
        report: RunDueReport, made: list[tuple[DecisionIndex | None, ReRegistration]]
    ) -> None:
        for index, data in made:
            if index is None:
                report.proposed += 1
            else:
                outcome = data["outcome"]
                report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
                report.decided += 1

    @staticmethod
    def _count_skipped(report: RunDueReport, skipped: list[str]) -> None:
        report.awaiting_hearing += skipped.count("awaiting_hearing")
        report.left_to_registrar += skipped.count("left_to_registrar")

    def _each_file_alone(
        self,
        teacher_id: UUID,
        each_file: Callable[[Teacher], bool],
        file_conflict: Callable[[], None],
    ) -> None:
        teacher = self.get_teacher(teacher_id)
        if not each_file(teacher):
            return
        try:
            self._save(teacher)
        except IntegrityError:
            file_conflict()

    def _decide_alone(
        self,
        teacher_ids: list[UUID],
        on: date,
        report: RunDueReport,
        ctx: Context,
    ) -> tuple[list[tuple[DecisionIndex | None, ReRegistration]], list[str]]:
        """After a batch collided: decide each file again on its fresh state, one write each."""
        all_made: list[tuple[DecisionIndex | None, ReRegistration]] = []
        all_skipped: list[str] = []
        for teacher_id in teacher_ids:
            book = self.criteria.book(CRITERIA)
            teacher = self.get_teacher(teacher_id)
            try:
                made, skipped = self._decide_due(teacher, on, book, ctx)
                expired = expire_due(teacher, on, book, self.criteria.parsed_reregistration, ctx)
                if made or expired:
                    self._save(teacher, *[index for index, _ in made if index is not None])
                    report.writes += 1
                    report.preregister_expired += len(expired)
            except (IntegrityError, ConflictError):
                report.conflicts += 1
                continue
            all_made += made
            all_skipped += skipped
        return all_made, all_skipped

    def _decisions_due(
        self,
        on: date,
        *,
        ctx: Context,
        page_rows: int,
        progress: Callable[[int, int], None] | None,
        each_file: Callable[[Teacher], bool],
        file_conflict: Callable[[], None],
    ) -> RunDueReport:
        """Decide every re-registration due on ``on``: every period that ended before it.

        Idempotent (decided periods are no longer due, and decision ids collide), batched
        (one write per page of files), with progress. A file that changed during the run is
        decided again on its fresh state, alone.

        ``each_file(teacher)`` lets another due run (retention) work on each file in the same
        pass, after its decisions: it returns whether it changed the file, which is then
        written with the page. When a page's write collides, what ``each_file`` changed in it
        is not written and ``file_conflict()`` is called (the next run takes it).
        """
        started = time.perf_counter()
        book = self.criteria.book(CRITERIA)
        report = RunDueReport(on=on)
        scan = DueScan(self, on, book)  # whole files where a decision may be due (due_batch.py)
        total = scan.count_files()
        for page in scan.pages(page_rows):
            changed: list[Aggregate] = []
            page_made: list[tuple[DecisionIndex | None, ReRegistration]] = []
            page_skipped: list[str] = []
            page_expired = 0
            for teacher in page:
                try:
                    made, skipped = self._decide_due(teacher, on, book, ctx)
                except ConflictError:
                    report.conflicts += 1
                    # on the file as stored, written alone
                    self._each_file_alone(teacher.id, each_file, file_conflict)
                    continue
                expired = expire_due(teacher, on, book, self.criteria.parsed_reregistration, ctx)
                also = each_file(teacher)
                if made or expired or also:
                    changed.append(teacher)
                    changed += [index for index, _ in made if index is not None]
                    page_made += made
                    page_skipped += skipped
                    page_expired += len(expired)
                else:
                    self._count_skipped(report, skipped)
            if changed:
                try:
                    self._save(*changed)
                    report.writes += 1
                    report.preregister_expired += page_expired
                except IntegrityError:
                    page_made, page_skipped = self._decide_alone(
                        [a.id for a in changed if isinstance(a, Teacher)], on, report, ctx
                    )
                    file_conflict()
            self._count(report, page_made)
            self._count_skipped(report, page_skipped)
            report.files_read += len(page)
            if progress is not None:
                progress(report.files_read, max(total, report.files_read))
        report.seconds = time.perf_counter() - started
        log.info("run_due_finished", **report.to_dict())
        return report
