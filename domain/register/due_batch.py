"""How `run-due` reads the register: whole files only where a decision may be due.

A busy day (a 1 August when a quarter of the register's periods end) decides about a third of
the files; the run still has to look at every file (the pre-register's terms, the retention of
public entries, the files that may be erased). Most of a file's events, and most of its bytes,
are its activities, and only a decision reads them. So :class:`DueScan` reads each page of
files with the activities' stored state left out (their id, version and topic only) and folds a
*skeleton* of each file: every other event as it was stored, the version of every event, and
in place of the activities (and the participation they confirmed) a part that refuses to be
read. A file with a period that ended before the run's date (the test `_decide_due` begins
with, taken here without deciding anything) is read whole, as before, in one query per page.

The run then treats every file alike: on a skeleton nothing is due, so no decision is taken,
and what the other steps write (a pre-register term that passed, a public entry that expires)
depends neither on activities nor on anything but the file's version, which the skeleton
holds exactly. A step that read a skeleton's activities would fail loudly
(:class:`UnreadPartError`), never decide on a file without them; a file whose skeleton does
not fold (an event that needs an activity) is read whole.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Iterator, MutableMapping, Sequence
from datetime import date
from typing import Any, Final, NoReturn
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.assessment import leave_facts
from domain.criteria_book import CriteriaBook
from domain.store.scans import Row
from domain.teacher import Teacher
from domain.teacher_scan import PAGE_ROWS, TEACHER_TOPIC_PREFIX, TeacherScan
from domain.values import QualificationStatus
from policies.engines import engine

#: The events a skeleton counts but does not read.
LIGHT_TOPIC: Final = get_topic(Teacher.ActivityRecorded)


class UnreadPartError(RuntimeError):
    """A part of a file that run-due did not read (its activities) was asked for."""


class UnreadPart(MutableMapping[str, Any]):
    """Stands in a skeleton file for a part that was not read: every access raises."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _refuse(self, *_: object) -> NoReturn:
        msg = f"the {self.name} of this file were not read (run-due's skeleton of a file)"
        raise UnreadPartError(msg)

    __getitem__ = _refuse
    __setitem__ = _refuse
    __delitem__ = _refuse
    __iter__ = _refuse
    __len__ = _refuse


def _skeleton(mapper: Any, rows: Sequence[Row]) -> Teacher | None:
    """The file without its activities, or None when it does not fold without them."""
    teacher: Any = None
    try:
        for originator_id, version, topic, state in rows:
            if topic == LIGHT_TOPIC:
                if teacher is None:
                    return None
                teacher.version = version  # counted, not read
                continue
            event = mapper.to_domain_event(
                StoredEvent(
                    originator_id=originator_id,
                    originator_version=version,
                    topic=topic,
                    state=state,
                )
            )
            created = teacher is None
            teacher = event.mutate(teacher)
            if created:
                teacher.activities = UnreadPart("activities")
                teacher.participations_confirmed = UnreadPart("confirmed participations")
    except UnreadPartError:
        return None
    return teacher if isinstance(teacher, Teacher) else None


def read_ahead(pages: Iterator[list[Row]]) -> Iterator[list[Row]]:
    """`pages`, the next one read by a thread of its own while the caller works on the one
    before: the store answers while the run folds and decides (two pages in hand at most).
    The thread runs in a copy of the caller's context (a request's time budget, the log's
    context follow it); when the caller stops early, it stops too."""
    ready: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def offer(item: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for page in pages:
                if not offer((True, page)):
                    return
            offer((False, None))
        except BaseException as error:  # handed to the caller, raised there
            offer((False, error))

    reader = threading.Thread(
        target=contextvars.copy_context().run, args=(read,), name="run-due-read-ahead", daemon=True
    )
    reader.start()
    try:
        while True:
            more, item = ready.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        reader.join(timeout=5)


class DueScan(TeacherScan):
    """Pages of files for `run-due` on ``on``: whole where a decision may be due, else
    skeletons (module docstring)."""

    def __init__(self, app: Any, on: date, book: CriteriaBook) -> None:
        super().__init__(app)
        self.on = on
        self.book = book
        #: Files read whole and as skeletons so far.
        self.whole = 0
        self.skeletons = 0

    def rows_after(self, after: UUID | None, limit: int) -> list[Row]:
        return self.events.rows_after_light(after, limit, LIGHT_TOPIC)

    def raw_pages(self, page_rows: int = PAGE_ROWS) -> Iterator[list[Row]]:
        """The pages, each read while the one before is decided and written."""
        return read_ahead(super().raw_pages(page_rows))

    def may_be_due(self, teacher: Teacher) -> bool:
        """Whether a period of the file ended before the run's date: the first test of
        `_decide_due` for each qualification (anything it cannot answer counts as due)."""
        on, leaves = self.on, None
        try:
            for q in teacher.qualifications.values():
                if q.status != QualificationStatus.REGISTERED or q.admitted_on > on:
                    continue
                leaves = leaves if leaves is not None else leave_facts(teacher)
                criteria = self.app.criteria_of_period(self.book, q.period_start, leaves, on)
                if engine().period_end(q.period_start, criteria.criteria, list(leaves)) < on:
                    return True
        except Exception:  # the whole file is read, and decided as before
            return True
        return False

    def fold(self, rows: Sequence[Row]) -> list[Teacher]:
        """The files of one page of light rows (:meth:`rows_after`): skeletons, and the files
        that may be due read again whole, in one query; in the page's order."""
        mapper = self.app.mapper
        files: list[tuple[UUID, Teacher | None]] = []
        start = 0
        for end in range(1, len(rows) + 1):
            if end < len(rows) and rows[end][0] == rows[start][0]:
                continue
            if rows[start][2].startswith(TEACHER_TOPIC_PREFIX):
                skeleton = _skeleton(mapper, rows[start:end])
                if skeleton is not None and self.may_be_due(skeleton):
                    skeleton = None
                files.append((rows[start][0], skeleton))
            start = end
        wanted = [file_id for file_id, skeleton in files if skeleton is None]
        whole = {t.id: t for t in super().fold(self.rows_of(wanted))} if wanted else {}
        self.whole += len(whole)
        self.skeletons += len(files) - len(wanted)
        page: list[Teacher] = []
        for file_id, skeleton in files:
            teacher = skeleton if skeleton is not None else whole.get(file_id)
            if teacher is not None:
                page.append(teacher)
        return page
