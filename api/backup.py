"""Backup and restore of the register's store: one file, made while the register runs.

- **PostgreSQL**: `pg_dump -Fc` of the register's schema alone (events, person keys, read
  models, ledger, access log: everything the register keeps lives in that schema), restored
  with `pg_restore --single-transaction`, so a failed restore leaves nothing half-written.
- **SQLite**: SQLite's online backup API copies `register.db` (the only SQLite file the
  register uses: events, person keys, read models, ledger and access log are tables in it)
  page by page from one consistent snapshot, while writers go on; the copy is made
  self-contained (no `-wal` beside it).

Not in a backup, on purpose (keep them apart, see `docs/operations.md`): the key-encryption
key (a backup with its KEK is the personal data in plain form), the ledger's signing key, the
BSN-hash secret and the journal of destroyed keys (it must outlive every backup, to erase again
after a restore what the backup still holds).

Refusals raise `BackupError` with a plain message (the CLI prints it, no traceback).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from api.privacy_setup import kek, kek_file, other_keks
from api.settings import Settings
from domain.store import SQLITE_EVENTS_TABLE, StoreConfig

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: Seconds pg_dump / pg_restore may take before the command gives up (a large register takes
#: minutes; a hung server must not hold the operator's shell forever).
TOOL_TIMEOUT = 6 * 3600


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, in plain words."""


@dataclass(frozen=True)
class Restored:
    """What a restore put back: the store kind, events, person keys."""

    kind: str
    events: int
    person_keys: int
    replaced: bool


# -- file kinds -----------------------------------------------------------------------------


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgres' by the file's first bytes; a plain error for anything else."""
    if not path.exists():
        raise BackupError(f"no backup file at {path}")
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgres"
    raise BackupError(f"{path} is not a backup of the register (neither SQLite nor pg_dump -Fc)")


def _store_name(kind: str) -> str:
    return "PostgreSQL (LR_DATABASE_URL set)" if kind == "postgres" else "SQLite (LR_DATA_DIR)"


# -- PostgreSQL tools -----------------------------------------------------------------------


def pg_tool(name: str, settings: Settings) -> str:
    """The path of `pg_dump` or `pg_restore`: in `LR_PG_BIN` when set, else on the PATH."""
    if settings.pg_bin is not None:
        found = settings.pg_bin / name
        if not (found.is_file() and os.access(found, os.X_OK)):
            raise BackupError(
                f"{name} not found in LR_PG_BIN={settings.pg_bin}; point it at the folder of "
                "PostgreSQL's client programs (the server's major version or newer)"
            )
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        raise BackupError(
            f"{name} not found on the PATH; install PostgreSQL's client programs (the "
            "server's major version or newer) or set LR_PG_BIN to their folder"
        )
    return on_path


def _pg_env(conninfo: str) -> dict[str, str]:
    """libpq's environment for the tools: the password travels in PGPASSWORD, never in argv."""
    parts = {k: str(v) for k, v in conninfo_to_dict(conninfo).items() if v is not None}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
        "sslmode": "PGSSLMODE",
    }
    for key, var in names.items():
        if key in parts:
            env[var] = parts[key]
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _run_tool(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 (a known program, arguments we built)
            args, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} did not finish within {TOOL_TIMEOUT} s") from None
    except OSError as exc:
        raise BackupError(f"{what} could not start: {exc.strerror}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{what} failed: {detail}")


@contextlib.contextmanager
def _pg(store: StoreConfig) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    try:
        conn = psycopg.connect(
            store.conninfo, autocommit=True, connect_timeout=max(2, round(store.read_timeout))
        )
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreachable"
        raise BackupError(f"cannot connect to the database: {first}") from None
    with conn:
        yield conn


def _pg_counts(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> tuple[int, int, int]:
    """(tables in the schema, stored events, person keys); zeros where a table is missing."""
    tables = {
        str(r[0])
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
    }
    counts = []
    for table in ("register_events", "lr_person_keys"):
        if table in tables:
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
            ).fetchone()
            counts.append(int(row[0]) if row else 0)  # type: ignore[call-overload]
        else:
            counts.append(0)
    return len(tables), counts[0], counts[1]


def _dump_schemas(path: Path, settings: Settings, env: dict[str, str]) -> list[str]:
    """The schemas a pg_dump archive creates (from its table of contents)."""
    try:
        done = subprocess.run(  # noqa: S603
            [pg_tool("pg_restore", settings), "--list", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"pg_restore could not read {path}: {exc}") from None
    if done.returncode != 0:
        raise BackupError(f"{path} is not a readable pg_dump archive")
    found = []
    for line in done.stdout.splitlines():
        if line.startswith(";") or " SCHEMA - " not in line:
            continue
        # "<id>; <oid> <oid> SCHEMA - <name> <owner>"
        found.append(line.split(" SCHEMA - ", 1)[1].split()[0])
    return found


def _backup_postgres(store: StoreConfig, settings: Settings, target: Path) -> None:
    dump = pg_tool("pg_dump", settings)
    env = _pg_env(store.conninfo)
    with _pg(store) as conn:
        tables, _, _ = _pg_counts(conn, store.schema)
    if tables == 0:
        raise BackupError(f"schema {store.schema!r} holds no register: nothing to back up")
    partial = target.with_name(target.name + ".partial")
    try:
        _run_tool(
            [
                dump,
                "--format=custom",
                f"--schema={store.schema}",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
            ],
            env,
            "pg_dump",
        )
        _fsync(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _restore_postgres(
    store: StoreConfig, settings: Settings, source: Path, *, force: bool
) -> Restored:
    restore = pg_tool("pg_restore", settings)
    env = _pg_env(store.conninfo)
    schemas = _dump_schemas(source, settings, env)
    if schemas != [store.schema]:
        held = ", ".join(repr(s) for s in schemas) or "none"
        raise BackupError(
            f"the backup holds schema {held}; this register uses {store.schema!r} "
            "(set LR_DATABASE_SCHEMA to the backup's schema)"
        )
    aside = f"{store.schema[:40]}_replaced_{datetime.now(UTC):%Y%m%d%H%M%S}"
    with _pg(store) as conn:
        tables, events, keys = _pg_counts(conn, store.schema)
        if (events or keys) and not force:
            raise BackupError(
                f"schema {store.schema!r} already holds {events} events and {keys} person keys; "
                "restore into an empty store, or add --force to replace it"
            )
        exists = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (store.schema,)
        ).fetchone()
        if exists:  # set aside, not dropped, until the restore has landed
            conn.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(store.schema), sql.Identifier(aside)
                )
            )
    try:
        _run_tool(
            [
                restore,
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                f"--dbname={env.get('PGDATABASE', 'postgres')}",
                str(source),
            ],
            env,
            "pg_restore",
        )
    except BackupError:
        if exists:
            with _pg(store) as conn:
                conn.execute(
                    sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                        sql.Identifier(aside), sql.Identifier(store.schema)
                    )
                )
        raise
    with _pg(store) as conn:
        if exists:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(aside)))
        _, events, keys = _pg_counts(conn, store.schema)
    return Restored("postgres", events, keys, replaced=bool(exists and tables))


# -- SQLite ---------------------------------------------------------------------------------


def _sqlite_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = []
    for table in (SQLITE_EVENTS_TABLE, "lr_person_keys"):
        counts.append(
            int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
            if table in tables
            else 0
        )
    return counts[0], counts[1]


def _backup_sqlite(store: StoreConfig, target: Path) -> None:
    assert store.sqlite_path is not None
    if not store.sqlite_path.exists():
        raise BackupError(f"no register at {store.sqlite_path}: nothing to back up")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{store.sqlite_path}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                # One consistent snapshot: pages=0 copies all at once under one read lock;
                # writers in WAL mode go on meanwhile.
                src.backup(dst, pages=0)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(partial)
        partial.replace(target)
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite backup failed: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _restore_sqlite(store: StoreConfig, source: Path, *, force: bool) -> Restored:
    assert store.sqlite_path is not None
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            check = src.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise BackupError(f"{source} is damaged (SQLite quick_check: {check})")
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master")}
            if SQLITE_EVENTS_TABLE not in tables:
                raise BackupError(f"{source} is an SQLite file but not a register's backup")
            replaced = False
            if store.sqlite_path.exists():
                with contextlib.closing(sqlite3.connect(store.sqlite_path, timeout=30)) as cur:
                    events, keys = _sqlite_counts(cur)
                if (events or keys) and not force:
                    raise BackupError(
                        f"{store.sqlite_path} already holds {events} events and {keys} person "
                        "keys; restore into an empty data folder, or add --force to replace it"
                    )
                replaced = bool(events or keys)
            store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            dst = sqlite3.connect(store.sqlite_path, timeout=30)
            try:
                # The backup API writes the destination in one transaction: a failed restore
                # leaves the old content, never half of the new.
                src.backup(dst, pages=0)
                dst.execute("PRAGMA journal_mode=WAL")
                events, keys = _sqlite_counts(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite restore failed: {exc}") from None
    return Restored("sqlite", events, keys, replaced=replaced)


# -- entry points ---------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def backup(settings: Settings, target: Path, *, force: bool = False) -> str:
    """Write a backup of the store to `target`; returns the store kind."""
    store = StoreConfig.from_settings(
        settings.database_url,
        settings.data_dir,
        settings.database_schema,
        read_timeout=settings.read_timeout,
        write_timeout=settings.write_timeout,
    )
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose a new name or add --force to overwrite it")
    if not target.parent.is_dir():
        raise BackupError(f"no folder {target.parent} to write the backup into")
    if store.is_postgres:
        _backup_postgres(store, settings, target)
    else:
        _backup_sqlite(store, target)
    return store.kind


def restore(settings: Settings, source: Path, *, force: bool = False) -> Restored:
    """Put a backup back into the configured (empty, or with `force` replaced) store.

    The key-encryption key must be there before anything is touched: restoring without it
    would make a new one, and no person's personal data could be read again.
    """
    store = StoreConfig.from_settings(
        settings.database_url,
        settings.data_dir,
        settings.database_schema,
        read_timeout=settings.read_timeout,
        write_timeout=settings.write_timeout,
    )
    kind = backup_kind(source)
    if kind != store.kind:
        raise BackupError(
            f"{source} is a backup of a {_store_name(kind)} store; this register is on "
            f"{_store_name(store.kind)}"
        )
    if not settings.kek and not kek_file(settings).exists():
        raise BackupError(
            f"no key-encryption key (LR_KEK, or the file {kek_file(settings)}): put the "
            "register's KEK in place before restoring; it is kept apart from backups"
        )
    if store.is_postgres:
        return _restore_postgres(store, settings, source, force=force)
    return _restore_sqlite(store, source, force=force)


def kek_opens_keys(settings: Settings) -> bool | None:
    """Whether the configured KEK (or one of ``LR_KEK_OTHERS``) unwraps a restored person key
    (None: no keys to try)."""
    store = StoreConfig.from_settings(
        settings.database_url, settings.data_dir, settings.database_schema
    )
    try:
        with store.connect() as conn:
            row = conn.execute("SELECT wrapped FROM lr_person_keys LIMIT 1").fetchone()
    except (sqlite3.Error, psycopg.Error):  # a store made before person keys existed
        return None
    if row is None:
        return None
    for candidate in (kek(settings), *other_keks(settings)):  # a backup from before a rotation
        try:
            aes_key_unwrap(candidate, bytes(row[0]))
        except InvalidUnwrap:
            continue
        return True
    return False
