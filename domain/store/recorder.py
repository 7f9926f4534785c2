"""The recorders the library builds for this register (chosen by `APPLICATION_RECORDER_TOPIC`,
see :attr:`domain.store.config.StoreConfig.recorder_topic`).

Both write a new person's data key in the same transaction as the events that first use it
(:mod:`domain.keystore`), so the key exists exactly when their admission exists. Without keys
bound (`keys` is None) they record as the library's recorders do.

On PostgreSQL, a faster and size-safe way to append events, with the library's guarantees.
The library inserts a batch as one array of a composite type inside a psycopg pipeline. Two
problems follow for the large batches that bulk loads write: psycopg must render the composite
array as escaped text (that escaping costs more than the database's own work), and a single
statement of more than about ten megabytes stalls the pipeline for good (seen here with 20,000
events). This recorder sends each chunk of a batch as four plain arrays in binary format and
unnests them in one INSERT, chunk after chunk, in one transaction without a pipeline.

What the library guarantees is kept: the EXCLUSIVE table lock taken first (so commit order is
notification order), the NOTIFY to followers, all-or-nothing, the notification ids returned in
order, and psycopg errors translated into the library's error classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import register_topic, retry
from psycopg.sql import SQL, Identifier

#: Events per INSERT statement: large enough to amortise round trips, small enough to stream.
CHUNK = 2000


class ArrayInsertApplicationRecorder(PostgresApplicationRecorder):
    """`PostgresApplicationRecorder` whose batch insert sends chunks of plain binary arrays."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_arrays_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::uuid[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(schema=Identifier(datastore.schema), table=Identifier(events_table_name))

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids: list[int] = []
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return ids
            self._lock_table(curs)
            self._notify_channel(curs)
            for start in range(0, len(stored_events), CHUNK):
                chunk = stored_events[start : start + CHUNK]
                curs.execute(
                    self.insert_arrays_statement,
                    (
                        [e.originator_id for e in chunk],
                        [e.originator_version for e in chunk],
                        [e.topic for e in chunk],
                        [e.state for e in chunk],
                    ),
                    prepare=True,
                )
                ids.extend(row["notification_id"] for row in curs.fetchall())
        return ids


class PendingKeys(Protocol):
    """What a recorder needs of the key store (:class:`domain.keystore.DataKeys`)."""

    def writing(self) -> AbstractContextManager[None]: ...

    def insert_pending(self, cursor: Any) -> None: ...


class KeyedSQLiteRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, writing new persons' keys in the events' transaction."""

    keys: PendingKeys | None = None

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        if self.keys is None:
            return super().insert_events(stored_events, **kwargs)
        with self.keys.writing():
            return super().insert_events(stored_events, **kwargs)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Any:
        if self.keys is not None:
            self.keys.insert_pending(c)
        return super()._insert_events(c, stored_events, **kwargs)


class KeyedPostgresRecorder(ArrayInsertApplicationRecorder):
    """The PostgreSQL recorder, writing new persons' keys in the events' transaction."""

    keys: PendingKeys | None = None

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        if self.keys is None:
            return super().insert_events(stored_events, **kwargs)
        with self.keys.writing():
            return super().insert_events(stored_events, **kwargs)

    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        if self.keys is not None:
            self.keys.insert_pending(curs)
        super()._insert_events(curs, stored_events, **kwargs)


#: Where these recorders lived before, for settings (an environment) that still name them.
OLD_TOPICS: dict[str, type] = {
    "domain.pg_recorder:ArrayInsertApplicationRecorder": ArrayInsertApplicationRecorder,
    "domain.personal_mapper:KeyedSQLiteRecorder": KeyedSQLiteRecorder,
    "domain.personal_mapper:KeyedPostgresRecorder": KeyedPostgresRecorder,
}
for _topic, _recorder in OLD_TOPICS.items():
    register_topic(_topic, _recorder)
