"""`keys rotate-kek`, on both stores: every data key wrapped by a new KEK, batch by batch,
resumable, while other processes keep reading and admitting with the KEKs they were given."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from api.bootstrap import Services, build_services, build_store
from api.cli.main import main
from api.settings import Settings
from domain.commands import AdmitTeacher
from domain.keystore import UnknownKekError
from domain.values import Name
from tests.decision_helpers import REGISTRAR

OLD, NEW = secrets.token_hex(32), secrets.token_hex(32)
BSNS = ["918273602", "123456782", "111222333", "100000009", "100000010"]


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """The command line's environment: the store, and the KEK in use (the old one)."""
    monkeypatch.setenv("LR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    monkeypatch.setenv("LR_KEK", OLD)
    monkeypatch.delenv("LR_KEK_OTHERS", raising=False)
    monkeypatch.delenv("LR_NEW_KEK", raising=False)
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    return settings


def _process(settings: Settings, kek: str, others: str | None = None) -> Services:
    """One process of the register, given a KEK (and the others it unwraps with)."""
    return build_services(
        settings.model_copy(update={"kek": kek, "kek_others": others}), start_projections=False
    )


def _admit(services: Services, bsn: str, family: str) -> UUID:
    return services.register.admit_teacher(
        AdmitTeacher(
            bsn=bsn,
            name=Name("A.", "Anna", "", family),
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
            registered_on=date(2024, 9, 1),
        ),
        ctx=REGISTRAR,
    ).aggregate_id


def _names(settings: Settings, kek: str, others: str | None, ids: list[UUID]) -> list[str]:
    """Every file read cold by a fresh process with these KEKs."""
    services = _process(settings, kek, others)
    try:
        return [services.register.get_teacher(tid).name.family_name for tid in ids]
    finally:
        services.close()


def _new_kek_file(tmp_path: Path) -> Path:
    path = tmp_path / "kek-new.key"
    path.write_text(NEW + "\n")
    return path


def test_rotate_kek_rewraps_every_key_batch_by_batch_and_resumes(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = cli_env
    old_process = _process(settings, OLD)
    try:
        ids = [_admit(old_process, bsn, f"Fam{i}") for i, bsn in enumerate(BSNS[:3])]
    finally:
        old_process.close()
    new_file = _new_kek_file(tmp_path)

    # Step 1 of the procedure: every process reads with both, wraps with the new KEK.
    swapped = _process(settings, NEW, OLD)
    try:
        ids.append(_admit(swapped, BSNS[3], "Fam3"))  # a key wrapped by the new KEK already
        assert main(["keys", "rotate-kek", "--new-kek-file", str(new_file), "--batch", "2"]) == 0
        out = capsys.readouterr().out
        assert "3 now, 1 already; still under another KEK: 0" in out
        # the running process keeps working: cached and fresh keys alike
        ids.append(_admit(swapped, BSNS[4], "Fam4"))
        assert swapped.register.get_teacher(ids[0]).name.family_name == "Fam0"
    finally:
        swapped.close()

    # a second run changes nothing: resumable
    assert main(["keys", "rotate-kek", "--new-kek-file", str(new_file)]) == 0
    assert "0 now, 5 already" in capsys.readouterr().out
    # the old KEK can go: the new one alone opens every file
    assert _names(settings, NEW, None, ids) == [f"Fam{i}" for i in range(5)]
    # and the old one alone opens none, with a clear error rather than a wrong answer
    with pytest.raises(UnknownKekError, match="LR_KEK_OTHERS"):
        _names(settings, OLD, None, ids[:1])


def test_an_interrupted_rotation_keeps_its_finished_batches_and_resumes(
    cli_env: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key under a KEK the command does not have stops the run with a plain message; the
    batches before it stay committed, and the run, given that KEK, finishes the rest."""
    settings = cli_env
    stranger = secrets.token_hex(32)
    old_process = _process(settings, OLD)
    try:
        ids = [_admit(old_process, bsn, f"Fam{i}") for i, bsn in enumerate(BSNS[:3])]
    finally:
        old_process.close()
    foreign = _process(settings, stranger)  # e.g. restored from another register's backup
    try:
        ids.append(_admit(foreign, BSNS[3], "Fam3"))
    finally:
        foreign.close()
    order = sorted(ids, key=lambda tid: tid.hex)
    new_file = _new_kek_file(tmp_path)

    code = main(["keys", "rotate-kek", "--new-kek-file", str(new_file), "--batch", "1"])

    assert code == 2
    assert "does not have" in capsys.readouterr().err
    before = order.index(ids[3])  # the batches before the stranger's key were committed
    assert _wrapped_by_new(settings) == before
    monkeypatch.setenv("LR_KEK_OTHERS", stranger)
    assert main(["keys", "rotate-kek", "--new-kek-file", str(new_file)]) == 0
    assert f"{4 - before} now, {before} already" in capsys.readouterr().out
    assert _names(settings, NEW, None, ids) == [f"Fam{i}" for i in range(4)]


def _wrapped_by_new(settings: Settings) -> int:
    with build_store(settings).connect() as conn:
        rows = conn.execute("SELECT wrapped FROM lr_person_keys").fetchall()
    count = 0
    for (wrapped,) in rows:
        try:
            aes_key_unwrap(bytes.fromhex(NEW), bytes(wrapped))
        except InvalidUnwrap:
            continue
        count += 1
    return count


def test_rotate_kek_needs_a_new_kek(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["keys", "rotate-kek"]) == 2
    assert "--new-kek-file FILE or LR_NEW_KEK" in capsys.readouterr().err
    monkeypatch.setenv("LR_NEW_KEK", "not hex")
    assert main(["keys", "rotate-kek"]) == 2
    assert "64 hex digits" in capsys.readouterr().err


def test_restore_accepts_a_backup_whose_keys_another_kek_opens(cli_env: Settings) -> None:
    """After a rotation, a backup made before it is opened by the old KEK given as one of
    `LR_KEK_OTHERS` (the check `restore` makes before it re-applies anything)."""
    from api.backup import kek_opens_keys

    old_process = _process(cli_env, OLD)
    try:
        _admit(old_process, BSNS[0], "Fam0")
    finally:
        old_process.close()
    settings = cli_env.model_copy(update={"kek": NEW, "kek_others": None})
    assert kek_opens_keys(settings) is False
    assert kek_opens_keys(settings.model_copy(update={"kek_others": OLD})) is True
