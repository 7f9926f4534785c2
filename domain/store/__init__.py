"""Storage: the only SQL in `domain/`, and the only place that tells SQLite from PostgreSQL.

- :mod:`domain.store.config`: :class:`StoreConfig`, the store chosen once from the settings
  (SQLite file or PostgreSQL schema), the library's environment, the events table's
  protection, plain connections;
- :mod:`domain.store.recorder`: the recorders the library builds (keys written with the events
  that first use them; on PostgreSQL, bulk inserts as binary arrays);
- :mod:`domain.store.scans`: reads of the events table the library does not offer (pages in
  key order, many aggregates at once, log positions), :func:`scans_of` choosing the dialect
  once per recorder;
- :mod:`domain.store.keys`: the tables of the persons' data keys.

The rest of `domain/` calls these typed functions and methods; it imports no database driver
and asks no question of the datastore to learn which store it is (the import contracts in
pyproject.toml hold it to that).
"""

from __future__ import annotations

from domain.store import recorder as recorder
from domain.store.config import POSTGRES_EVENTS_TABLE, SQLITE_EVENTS_TABLE, StoreConfig
from domain.store.scans import EventScans, scans_of

__all__ = [
    "POSTGRES_EVENTS_TABLE",
    "SQLITE_EVENTS_TABLE",
    "EventScans",
    "StoreConfig",
    "scans_of",
]
