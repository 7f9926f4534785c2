"""Reading many teacher files at once: pages of whole files, one query per page.

Deciding every qualification due on a date, or weighing a draft criteria document against the
whole register, needs every file. Loading them one by one costs a round trip each; this module
reads the events table in primary-key order (originator id, version; the SQL is in
:mod:`domain.store.scans`), keeps only teacher events, and folds them into :class:`Teacher`
aggregates with the same event classes the repository uses, so a file read here is the file
read anywhere else.

Pages end on a file boundary: the last, possibly incomplete, file of a page is read again at
the start of the next. The queries are short, so writes can be made between pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.store.scans import Row, scans_of
from domain.teacher import Teacher

#: Prefix of the topics of every teacher event (``module:qualname``).
TEACHER_TOPIC_PREFIX: Final = f"{Teacher.__module__}:Teacher."
ADMITTED_TOPIC: Final = f"{Teacher.__module__}:Teacher.Admitted"
#: Events read per page.
PAGE_ROWS: Final = 20_000


class TeacherScan:
    """Pages of whole teacher files from an application's events table."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.events = scans_of(app.recorder)

    # -- raw rows -------------------------------------------------------------------------

    def rows_after(self, after: UUID | None, limit: int) -> list[Row]:
        """Up to ``limit`` events of aggregates after ``after``, in primary-key order.

        Other aggregates' events are dropped by :meth:`fold` (they are few).
        """
        return self.events.rows_after(after, limit)

    def rows_of(self, teacher_ids: Sequence[UUID]) -> list[Row]:
        """Every event of the given files, in primary-key order, in one query."""
        return self.events.rows_of(teacher_ids)

    def count_files(self) -> int:
        """How many teacher files the store holds (one ``Admitted`` event each)."""
        return self.events.count_topic(ADMITTED_TOPIC)

    def raw_pages(self, page_rows: int = PAGE_ROWS) -> Iterator[list[Row]]:
        """Pages of rows that hold whole files only."""
        after: UUID | None = None
        while True:
            rows = self.rows_after(after, page_rows)
            if not rows:
                return
            if len(rows) == page_rows:
                last = rows[-1][0]
                complete = [r for r in rows if r[0] != last]
                if not complete:  # one file larger than a page: read it whole
                    complete = self.rows_of([last])
                    after = last
                else:
                    after = complete[-1][0]
                rows = complete
            else:
                after = rows[-1][0]
            yield rows
            if after is None:  # pragma: no cover
                return

    # -- files ----------------------------------------------------------------------------

    def fold(self, rows: Sequence[Row]) -> list[Teacher]:
        """Teacher aggregates from rows in primary-key order (whole files only)."""
        mapper = self.app.mapper
        teachers: list[Teacher] = []
        current: Any = None
        current_id: UUID | None = None
        for originator_id, version, topic, state in rows:
            if not topic.startswith(TEACHER_TOPIC_PREFIX):
                continue
            event = mapper.to_domain_event(
                StoredEvent(
                    originator_id=originator_id,
                    originator_version=version,
                    topic=topic,
                    state=state,
                )
            )
            if originator_id != current_id:
                if isinstance(current, Teacher):
                    teachers.append(current)
                current = None
                current_id = originator_id
            current = event.mutate(current)
        if isinstance(current, Teacher):
            teachers.append(current)
        return teachers

    def pages(self, page_rows: int = PAGE_ROWS) -> Iterator[list[Teacher]]:
        """Every teacher file, a page at a time."""
        for rows in self.raw_pages(page_rows):
            yield self.fold(rows)

    def load(self, teacher_ids: Sequence[UUID]) -> list[Teacher]:
        """The current state of several files, read in one query."""
        return self.fold(self.rows_of(teacher_ids))
