"""Each person's data key, wrapped by the key-encryption key, in a table that may lose rows.

The events table can never change; this table can. A person's data key (AES-256) encrypts
their personal fields in events (see :mod:`domain.personal_mapper`); an erasure deletes the
row, after which those fields can never be read again (crypto-shredding). Keys are stored
wrapped (AES key wrap, RFC 3394) by the key-encryption key (KEK, from ``LR_KEK`` or a file made
once in the data folder), so a copy of the database alone reveals nothing.

The tables (``lr_person_keys``, ``lr_destroyed_keys``) and their SQL are in
:mod:`domain.store.keys`; this module keeps the keys: wrapping, caching, and the keys made for
an insert that is not yet committed.

A new person's key is written in the same transaction as the events that first use it
(:mod:`domain.store.recorder`), so it exists exactly when their admission exists; the person
id is the primary key, so two writers can never store two keys for one person (the second
write fails as a conflict and is retried with the stored key).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from domain.store import StoreConfig
from domain.store.keys import KeyTable

#: Seconds a process trusts its cached view of destroyed keys before asking the store again
#: (another process's erasure reaches this one within this time).
REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class NewKey:
    """A key made for a person, not yet committed with their first events."""

    person: UUID
    wrapped: bytes
    aead: AESGCM
    key: bytes


class UnknownKekError(RuntimeError):
    """A stored data key is wrapped by a key-encryption key this process does not have."""


@dataclass(frozen=True)
class Rotation:
    """What one run of :meth:`DataKeys.rotate_kek` did."""

    rewrapped: int = 0
    already: int = 0
    #: Rows still wrapped by another KEK after the run (written meanwhile by a process that
    #: still wraps with the old KEK): run again once every process wraps with the new one.
    left: int = 0


class DataKeys:
    """The key store: find, create (with the first events), and destroy persons' data keys."""

    def __init__(
        self,
        store: StoreConfig,
        kek: bytes,
        journal: Path | None = None,
        others: Sequence[bytes] = (),
    ) -> None:
        if any(len(k) != 32 for k in (kek, *others)):
            raise ValueError("the key-encryption key must be 32 bytes (AES-256)")
        self.store = store
        #: A file outside the database listing destroyed keys, for `keys reapply`.
        self.journal = journal
        self._kek = kek
        #: Other KEKs this process unwraps with (never wraps): during a rotation of the KEK.
        self._others = tuple(k for k in others if k != kek)
        self._lock = threading.Lock()
        #: Every person's data key met so far, unwrapped (32 bytes each: a cipher object holds
        #: about 1.3 KB, which for the whole register is hundreds of MB).
        self._keys: dict[UUID, bytes] = {}
        #: The cipher of the person last asked for: a person's events come together.
        self._last: tuple[UUID | None, AESGCM | None] = (None, None)
        self._destroyed: set[UUID] = set()
        self._checked_at = 0.0
        self._local = threading.local()
        self.table = KeyTable.of(store)
        self._preloaded = False
        self._readers: list[Any] = []

    # -- setup --------------------------------------------------------------------------------

    def create_tables(self) -> None:
        """Create the key tables when missing (processes starting together create them once)."""
        self.table.create()
        # Learn the destroyed keys now: the first read (often a projection following the log,
        # with a deadline) then needs no connection of its own.
        self._refresh(force=True)

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        """This thread's connection for key reads, kept open between reads."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self.table.open_reader()
            with self._lock:
                self._readers.append(conn)
        try:
            yield conn
        except Exception:
            self._local.conn = None
            with suppress(Exception):
                conn.close()
            raise

    # -- wrapping -----------------------------------------------------------------------------

    def _unwrap(self, wrapped: bytes) -> bytes:
        return self._unwrap_raw(bytes(wrapped), (self._kek, *self._others))

    def _cipher(self, person: UUID) -> AESGCM | None:
        """The cipher of a person whose key is cached; None if it is not."""
        last_person, last_aead = self._last
        if last_person == person:
            return last_aead
        key = self._keys.get(person)
        if key is None:
            return None
        aead = AESGCM(key)
        self._last = (person, aead)
        return aead

    @staticmethod
    def _unwrap_raw(wrapped: bytes, keks: Sequence[bytes]) -> bytes:
        """The data key, unwrapped by the first KEK that fits (RFC 3394 checks integrity)."""
        for kek in keks:
            try:
                return aes_key_unwrap(kek, wrapped)
            except InvalidUnwrap:
                continue
        raise UnknownKekError(
            "a data key is wrapped by a key-encryption key this process does not have: give it"
            " the KEK in use (LR_KEK) and, during a rotation, the other one (LR_KEK_OTHERS)"
        )

    def _new(self, person: UUID) -> NewKey:
        key = AESGCM.generate_key(bit_length=256)
        return NewKey(person, aes_key_wrap(self._kek, key), AESGCM(key), key)

    # -- reading ------------------------------------------------------------------------------

    def preload(self) -> int:
        """Read every stored key and the destroyed list at once (before a rebuild)."""
        loaded = {person: self._unwrap(wrapped) for person, wrapped in self.table.all_wrapped()}
        with self._lock:
            self._keys.update(loaded)
        self._refresh(force=True)
        return len(loaded)

    def _refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked_at < REFRESH_SECONDS:
            return
        with self._reader() as conn:
            gone = self.table.destroyed_ids(conn)
        with self._lock:
            self._destroyed = gone
            for person in gone:
                self._keys.pop(person, None)
            if gone:
                self._last = (None, None)
            self._checked_at = now

    def is_destroyed(self, person: UUID) -> bool:
        self._refresh()
        return person in self._destroyed

    def for_read(self, person: UUID) -> AESGCM | None:
        """The person's key, or None when it was destroyed (or never made)."""
        if self.is_destroyed(person):
            return None
        aead = self._cipher(person)
        if aead is not None:
            return aead
        pending = self._pending().get(person)
        if pending is not None:
            return pending.aead
        return self._load(person)

    def _load(self, person: UUID) -> AESGCM | None:
        if not self._preloaded:
            # The first miss reads every key at once: a process that follows the log (or
            # rebuilds) meets thousands of persons, and one query beats thousands.
            self._preloaded = True
            self.preload()
            if person in self._keys:
                return self._cipher(person)
        with self._reader() as conn:
            wrapped = self.table.wrapped_of(conn, person)
        if wrapped is None:
            return None
        key = self._unwrap(wrapped)
        with self._lock:
            self._keys[person] = key
        return self._cipher(person)

    def existing(self, person: UUID) -> AESGCM | None:
        """The person's key if they have one (made in this write, or stored); never makes one."""
        pending = self._pending().get(person)
        if pending is not None:
            return pending.aead
        return self._cipher(person) or self._load(person)

    def exists(self, person: UUID) -> bool:
        return person in self._keys or self._load(person) is not None

    # -- writing ------------------------------------------------------------------------------

    def _pending(self) -> dict[UUID, NewKey]:
        pending: dict[UUID, NewKey] | None = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = {}
        return pending

    def for_write(self, person: UUID, *, new: bool) -> AESGCM | None:
        """The key to encrypt a person's fields with; made (pending) when they have none yet.

        `new` says the event creates the person's file (an admission): no lookup is needed.
        None when the person's key was destroyed: nothing personal of theirs is written again.
        """
        pending = self._pending()
        found = pending.get(person)
        if found is not None:
            return found.aead
        if not new:
            if self.is_destroyed(person):
                return None
            aead = self._cipher(person) or self._load(person)
            if aead is not None:
                return aead
        made = pending[person] = self._new(person)
        return made.aead

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around one insert of events: keys made for it are cached only if it commits."""
        try:
            yield
        except BaseException:
            self._local.pending = {}
            raise
        made = self._pending()
        self._local.pending = {}
        if made:
            with self._lock:
                for key in made.values():
                    self._keys[key.person] = key.key

    def insert_pending(self, cursor: Any) -> None:
        """Write the keys made for this insert, with the caller's cursor (same transaction)."""
        made = self._pending()
        if not made:
            return
        self.table.insert_new(
            cursor, [(k.person, k.wrapped) for k in made.values()], datetime.now(UTC)
        )

    def create(self, persons: list[UUID]) -> int:
        """Make a key for each person that has none (migration); returns how many were made."""
        keys = [(person, self._new(person).wrapped) for person in persons]
        return self.table.insert_missing(keys, datetime.now(UTC))

    def destroy(self, person: UUID, reason: str, *, journal: bool = True) -> bool:
        """Delete the person's key for good and note it in the destroyed list (and, unless
        ``journal`` is false, in the journal outside the database).

        Returns whether a key was there to delete. On SQLite the page is overwritten
        (``secure_delete``); on PostgreSQL the row is gone from every dump at once, and from
        the data files after the next VACUUM.
        """
        now = datetime.now(UTC)
        deleted = self.table.destroy(person, reason, now)
        if self.journal is not None and deleted and journal:
            append_journal(self.journal, person, now)
        with self._lock:
            self._keys.pop(person, None)
            self._last = (None, None)
            self._destroyed.add(person)
        return deleted

    # -- rotating the key-encryption key -------------------------------------------------------

    def rotate_kek(self, new_kek: bytes, *, batch: int = 500) -> Rotation:
        """Wrap every data key by `new_kek`, one transaction per batch of persons.

        A key is unwrapped by whichever KEK this process knows (its own and its others) and
        wrapped again by the new one; a key already wrapped by the new one is left alone, so
        the run can be interrupted and run again. Each batch locks its rows (PostgreSQL:
        ``FOR UPDATE``; SQLite: the write lock) and writes a row only if it is still as read,
        so an erasure (which deletes a row) or another run in between loses nothing. Keys
        created meanwhile by a process that still wraps with the old KEK are counted in
        ``left``: run again once every process wraps with the new KEK.
        """
        if len(new_kek) != 32:
            raise ValueError("the new key-encryption key must be 32 bytes (AES-256)")
        known = (self._kek, *self._others)

        def rewrap(old: bytes) -> bytes | None:
            if _wraps(new_kek, old):
                return None
            return aes_key_wrap(new_kek, self._unwrap_raw(old, known))

        done = Rotation()
        after: UUID | None = None
        while True:
            batch_of = self.table.rewrap(after, batch, rewrap)
            done = replace(
                done,
                rewrapped=done.rewrapped + batch_of.rewrapped,
                already=done.already + batch_of.already,
            )
            if batch_of.seen < batch or batch_of.last is None:
                break
            after = batch_of.last
        left = sum(1 for _, w in self.table.all_wrapped() if not _wraps(new_kek, w))
        return replace(done, left=left)

    def destroyed(self) -> list[tuple[UUID, str, str]]:
        """(person, destroyed at, reason) of every destroyed key, oldest first."""
        return self.table.destroyed()

    def close(self) -> None:
        """Close the connections this key store opened for reading."""
        with self._lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            with suppress(Exception):
                conn.close()
        self._local = threading.local()

    def forget_cache(self) -> None:
        """Drop every cached key (after a restore, or in tests)."""
        with self._lock:
            self._keys.clear()
            self._last = (None, None)
            self._preloaded = False
        self._refresh(force=True)


def _wraps(kek: bytes, wrapped: bytes) -> bool:
    """Whether `wrapped` was wrapped by `kek` (AES key wrap checks its own integrity)."""
    try:
        aes_key_unwrap(kek, wrapped)
    except InvalidUnwrap:
        return False
    return True


def append_journal(journal: Path, person: UUID, when: datetime) -> None:
    """One line per destroyed key, kept outside the database, for `keys reapply`."""
    journal.parent.mkdir(parents=True, exist_ok=True)
    with journal.open("a", encoding="utf-8") as f:
        f.write(f"{person} {when.isoformat()}\n")
        f.flush()
        os.fsync(f.fileno())


def read_journal(journal: Path) -> list[UUID]:
    """The persons in a destroyed-keys journal (empty when there is none)."""
    if not journal.exists():
        return []
    return [UUID(line.split()[0]) for line in journal.read_text().splitlines() if line.strip()]
