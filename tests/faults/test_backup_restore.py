"""The backup and restore drill, on SQLite and on PostgreSQL, through the command line.

Injected: the loss of the whole store. A register with data and a checkpoint signed and kept
outside is backed up (`backup`), changed further (an activity, an erasure), and restored
(`restore`) into a *fresh* data folder / a fresh database, with only what an operator keeps
apart from backups (the KEK, the ledger key, the journal of destroyed keys, the checkpoint).
Asserted: `verify --trusted-checkpoint` passes against the checkpoint signed before the backup
(and fails against one signed after it), the read models equal a clean rebuild, the person
erased after the backup is erased again (key destroyed, erasure on record, gone from the
public register), the changes after the backup are absent; and clear one-line refusals.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import build_services
from api.cli.main import main
from api.settings import Settings
from domain.erased import ERASED_NAME
from tests.conftest import PG_URL, TODAY
from tests.integration.privacy.test_cli_privacy import _long_gone
from tests.projection_helpers import activity, admit, dump

Env = dict[str, str]


def _outside(tmp_path: Path) -> dict[str, Path]:
    """What an operator keeps apart from the backups (here: one folder)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return {
        "kek_file": folder / "kek.key",
        "ledger_key_file": folder / "ledger-key.pem",
        "destroyed_keys_file": folder / "destroyed-keys.txt",
    }


def _settings(data_dir: Path, outside: dict[str, Path], url: str | None, schema: str) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=url,
        database_schema=schema,
        secret_key="test-secret",
        projections="off",
        public_rate_limit=0,
        **outside,  # type: ignore[arg-type]
    )


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A database of its own on the shared server (the restore's target), dropped after."""
    name = f"lrdrill_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunparse(urlparse(PG_URL)._replace(path=f"/{name}"))
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def stores(
    store_kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> tuple[Settings, Settings]:
    """(the register, the fresh store it is restored into), sharing what is kept outside."""
    outside = _outside(tmp_path)
    if store_kind == "sqlite":
        return (
            _settings(tmp_path / "source", outside, None, "public"),
            _settings(tmp_path / "target", outside, None, "public"),
        )
    schema = request.getfixturevalue("pg_schema")
    target_url = request.getfixturevalue("fresh_database")
    return (
        _settings(tmp_path / "source", outside, PG_URL, schema),
        _settings(tmp_path / "target", outside, target_url, schema),
    )


def use(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """Point the command line (`main`) at these settings."""
    for field in ("data_dir", "kek_file", "ledger_key_file", "destroyed_keys_file"):
        monkeypatch.setenv(f"LR_{field.upper()}", str(getattr(settings, field)))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    monkeypatch.setenv("LR_LOG_LEVEL", "warning")
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)


def _fill(settings: Settings) -> list[UUID]:
    services = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        ids = [admit(services.register).aggregate_id for _ in range(3)]
        for tid in ids:
            activity(services.register, tid)
        services.projections.catch_up_all()
        return ids
    finally:
        services.close()


def _checkpoint(capsys: pytest.CaptureFixture[str], path: Path) -> Path:
    capsys.readouterr()
    assert main(["ledger", "checkpoint"]) == 0
    path.write_text(capsys.readouterr().out)
    assert json.loads(path.read_text())["tree_size"] > 0
    return path


@pytest.mark.slow
def test_a_restored_backup_verifies_against_checkpoints_signed_before_it(
    stores: tuple[Settings, Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, target = stores
    teachers = _fill(source)
    gone = _long_gone(source)  # may be erased: retention passed
    use(monkeypatch, source)
    before = _checkpoint(capsys, tmp_path / "before.json")
    backup = tmp_path / "register.backup"
    assert main(["backup", str(backup)]) == 0
    assert "written to" in capsys.readouterr().out

    # After the backup: more work, and an erasure (its key destroyed, noted in the journal).
    services = build_services(source, clock=lambda: TODAY, start_projections=False)
    try:
        activity(services.register, teachers[0], hours="7")
    finally:
        services.close()
    assert main(["erase", str(gone), "--reason", "verzoek van betrokkene"]) == 0
    after = _checkpoint(capsys, tmp_path / "after.json")

    use(monkeypatch, target)
    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "keys_destroyed 1, erasures_recorded 1" in out, out

    assert main(["verify", "--trusted-checkpoint", str(before)]) == 0
    assert "VERIFIED" in capsys.readouterr().out
    # The checkpoint signed after the backup covers events the restore does not hold.
    assert main(["verify", "--trusted-checkpoint", str(after)]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out

    restored = build_services(target, clock=lambda: TODAY, start_projections=False)
    try:
        register = restored.register
        assert register.get_teacher(gone).erased_on is not None
        assert register.get_teacher(gone, version=1).name == ERASED_NAME
        assert gone in {person for person, _, _ in register.keys.destroyed()}  # type: ignore[union-attr]
        assert len(register.get_teacher(teachers[0]).activities) == 1  # the later one is not
        live = dump(restored.projections)
        with restored.store.connect() as conn:
            names = [r[0] for r in conn.execute("SELECT family_name FROM public_register")]
        assert "Merelsnavel" not in names
        assert len(names) == len(teachers)
        restored.projections.rebuild()
        assert dump(restored.projections) == live
    finally:
        restored.close()


@pytest.mark.slow
def test_restore_refuses_a_store_that_holds_events_unless_forced(
    stores: tuple[Settings, Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, _ = stores
    teachers = _fill(source)
    use(monkeypatch, source)
    backup = tmp_path / "register.backup"
    assert main(["backup", str(backup)]) == 0
    assert main(["backup", str(backup)]) == 2  # never overwritten unasked
    assert "exists" in capsys.readouterr().err
    services = build_services(source, clock=lambda: TODAY, start_projections=False)
    try:
        admit(services.register)  # a fourth file, not in the backup
    finally:
        services.close()

    assert main(["restore", str(backup), "--no-reapply"]) == 2
    err = capsys.readouterr().err
    assert "already holds" in err
    assert "--force" in err
    assert main(["restore", str(backup), "--force", "--no-reapply"]) == 0
    assert "keys reapply" in capsys.readouterr().out  # said, since not done
    services = build_services(source, clock=lambda: TODAY, start_projections=False)
    try:
        services.projections.catch_up_all()
        with services.store.connect() as conn:
            count = conn.execute("SELECT count(*) FROM public_register").fetchone()[0]
        assert count == len(teachers)
        services.register.get_teacher(teachers[0])
    finally:
        services.close()


@pytest.mark.parametrize("store_kind", ["sqlite"], indirect=True)
def test_clear_refusals_without_a_traceback(
    stores: tuple[Settings, Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A missing file, something that is no backup, a backup of the other store kind, and no
    KEK to open the restored keys with: one line on stderr, status 2, nothing written."""
    source, target = stores
    _fill(source)
    use(monkeypatch, source)
    backup = tmp_path / "register.backup"
    assert main(["backup", str(backup)]) == 0
    use(monkeypatch, target)
    capsys.readouterr()

    cases = {
        "missing": (["restore", str(tmp_path / "nothere")], "no backup file at"),
        "not a backup": (["restore", str(tmp_path / "outside" / "kek.key")], "is not a backup"),
        "no folder": (["backup", str(tmp_path / "no" / "such" / "b")], "no folder"),
    }
    for case, (argv, message) in cases.items():
        assert main(argv) == 2, case
        err = capsys.readouterr().err
        assert err.startswith("lerarenregister: "), (case, err)
        assert message in err, (case, err)
        assert "Traceback" not in err

    monkeypatch.setenv("LR_DATABASE_URL", PG_URL)  # the other kind of store
    assert main(["restore", str(backup)]) == 2
    assert "backup of a SQLite" in capsys.readouterr().err

    monkeypatch.delenv("LR_DATABASE_URL")
    monkeypatch.setenv("LR_KEK_FILE", str(tmp_path / "no-kek-here"))
    assert main(["restore", str(backup)]) == 2
    assert "no key-encryption key" in capsys.readouterr().err
    assert not (target.data_dir / "register.db").exists()


@pytest.mark.postgres
def test_a_missing_pg_dump_is_named(
    pg_schema: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = _settings(tmp_path, _outside(tmp_path), PG_URL, pg_schema)
    _fill(settings)
    use(monkeypatch, settings)
    monkeypatch.setenv("LR_PG_BIN", str(tmp_path))  # a folder without the tools
    assert main(["backup", str(tmp_path / "b.dump")]) == 2
    err = capsys.readouterr().err
    assert "pg_dump not found in LR_PG_BIN" in err
    assert "Traceback" not in err
    monkeypatch.delenv("LR_PG_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["backup", str(tmp_path / "b.dump")]) == 2
    assert "pg_dump not found on the PATH" in capsys.readouterr().err
    assert not (tmp_path / "b.dump").exists()


def test_backup_of_a_store_that_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, _settings(tmp_path / "empty", _outside(tmp_path), None, "public"))
    assert main(["backup", str(tmp_path / "b.db")]) == 2
    assert "nothing to back up" in capsys.readouterr().err
