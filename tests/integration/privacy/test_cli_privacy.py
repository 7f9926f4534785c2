"""`erase`, `keys destroyed`, `keys reapply` after a restore, and `keys migrate`."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from api.bootstrap import build_services
from api.cli.main import main
from api.settings import Settings
from domain.clock import amsterdam_today
from domain.commands import AdmitTeacher, StrikeOff
from domain.erased import ERASED_NAME
from domain.values import Name
from tests.decision_helpers import REGISTRAR

NAME = Name("K.", "Kees", "", "Merelsnavel")


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.setenv("LR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    return settings


def _long_gone(settings: Settings) -> UUID:
    """A teacher whose registration ended in 2019 (struck off on their own request, decided
    that day): the retention period has passed."""
    services = build_services(settings, clock=lambda: date(2019, 8, 1), start_projections=False)
    try:
        register = services.register
        admitted = register.admit_teacher(
            AdmitTeacher(
                bsn="123456782",
                name=NAME,
                birth_date=date(1960, 1, 1),
                qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
                registered_on=date(2012, 9, 1),
            ),
            ctx=REGISTRAR,
        )
        qid = admitted.data["qualifications"][0]["qualification_id"]
        register.strike_off(
            admitted.aggregate_id,
            StrikeOff(
                qualification_id=qid,
                ground="own_request",
                effective_on=date(2019, 8, 1),
                heard_on=None,
            ),
            ctx=REGISTRAR,
        )
        services.projections.catch_up_all()
        return admitted.aggregate_id
    finally:
        services.close()


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a whole SQLite database (the online backup API)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _public_names(settings: Settings) -> list[str]:
    services = build_services(settings, start_projections=False)
    try:
        services.projections.catch_up_all()
        with services.store.connect() as conn:
            return [r[0] for r in conn.execute("SELECT family_name FROM public_register")]
    finally:
        services.close()


def test_erase_from_the_command_line(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    tid = _long_gone(cli_env)
    with pytest.raises(SystemExit):
        main(["erase", str(tid)])  # --reason is required
    assert main(["erase", str(tid), "--reason", "verzoek van betrokkene"]) == 0
    assert f"erased: {tid}" in capsys.readouterr().out
    assert main(["keys", "destroyed"]) == 0
    assert str(tid) in capsys.readouterr().out
    assert "Merelsnavel" not in _public_names(cli_env)


@pytest.mark.parametrize("store_kind", ["sqlite"], indirect=True)
def test_keys_reapply_after_restoring_a_backup_made_before_the_erasure(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The journal outside the database destroys the key again and records the erasure."""
    tid = _long_gone(cli_env)
    db = tmp_path / "register.db"
    backup = tmp_path / "backup.db"
    _copy(db, backup)  # the backup
    assert main(["erase", str(tid), "--reason", "verzoek van betrokkene"]) == 0
    _copy(backup, db)  # the restore: the key and the name are back
    assert "Merelsnavel" in _public_names(cli_env)
    capsys.readouterr()

    assert main(["keys", "reapply"]) == 0

    assert "keys_destroyed 1, erasures_recorded 1" in capsys.readouterr().out
    assert "Merelsnavel" not in _public_names(cli_env)
    services = build_services(cli_env, start_projections=False)
    try:
        assert services.register.get_teacher(tid, version=1).name == ERASED_NAME
    finally:
        services.close()


def test_keys_migrate_gives_every_person_a_key(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store written before keys existed: its persons get keys; the log is not touched."""
    tid = _long_gone(cli_env)
    services = build_services(cli_env, start_projections=False)
    try:
        with services.store.connect() as conn:
            conn.execute("DELETE FROM lr_person_keys")  # as before the migration
    finally:
        services.close()
    assert main(["keys", "migrate"]) == 0
    assert "keys made: 1" in capsys.readouterr().out
    assert main(["keys", "migrate"]) == 0
    assert "keys made: 0" in capsys.readouterr().out
    del tid


def test_run_due_purges_the_access_log_past_its_retention(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Entries older than `access_log_days` go; newer ones stay; the log refuses other deletes."""
    from api.access_log import Access, AccessLog
    from api.bootstrap import build_store

    tid = str(_long_gone(cli_env))
    log = AccessLog(build_store(cli_env))
    log.prepare()
    old = Access(
        "2020-01-01T00:00:00.000000+00:00", tid, "registrar", None, None, "GET", "/x", 200, "a"
    )
    new = Access(
        "2026-12-01T00:00:00.000000+00:00", tid, "registrar", None, None, "GET", "/x", 200, "b"
    )
    log.record([old, new])
    try:
        # the register's date is Amsterdam's (after 23:00 UTC in winter it is tomorrow's)
        assert main(["run-due", "--date", amsterdam_today().isoformat()]) == 0
        out = capsys.readouterr().out
        assert "1 access-log entries older than" in out
        assert tid in out  # listed as erasable: ended in 2019, five years passed
        assert [a.request_id for a in log.read(teacher_id=tid, before=None, limit=10)] == ["b"]
        with (
            pytest.raises(Exception, match="append-only"),
            log.pool.connection() as db,
            db.transaction(),
        ):
            db.execute("DELETE FROM lr_access_log")
    finally:
        log.close()
