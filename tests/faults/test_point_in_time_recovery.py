"""Point-in-time recovery of a PostgreSQL register, by the runbook (`docs/operations.md`).

Injected: a private cluster (initdb in a temporary folder; never the shared server) with WAL
archiving; a base backup (`pg_basebackup`); more work; a moment noted; then "faulty" work
after it (an activity, an erasure); the cluster crashed and its data folder replaced by the
base backup, recovered from the archive to the noted moment (`recovery_target_time`).
Asserted: the work before the moment is there and the work after it is not; `keys reapply`
erases again the person erased after the moment; `verify --trusted-checkpoint` passes against
the checkpoint signed before the moment; the read models equal a clean rebuild.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from api.bootstrap import build_services
from api.cli.main import main
from api.settings import Settings
from domain.erased import ERASED_NAME
from tests.conftest import TODAY
from tests.faults.helpers import PG_BIN, PrivateCluster
from tests.faults.test_backup_restore import use
from tests.integration.privacy.test_cli_privacy import _long_gone
from tests.projection_helpers import activity, admit, dump

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    if not PrivateCluster.available():
        pytest.skip("no PostgreSQL binaries to make a private cluster with")
    made = PrivateCluster()
    made.init()
    archive = made.folder / "wal-archive"
    made.run("mkdir", str(archive))
    made.configure(
        wal_level="replica",
        archive_mode="on",
        archive_command=f"'cp %p {archive}/%f'",
    )
    made.start()
    yield made
    with contextlib.suppress(Exception):
        made.stop("immediate")
    made.remove()


def _archived(url: str) -> None:
    """Close the current WAL file and wait until the archiver has copied it."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()
        assert row is not None
        deadline = time.monotonic() + 30
        while True:
            done = conn.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()
            if done is not None and done[0] is not None and done[0] >= row[0]:
                return
            assert time.monotonic() < deadline, "the WAL file was not archived"
            time.sleep(0.1)


def test_recovery_to_a_moment_then_reapply_and_verify(
    cluster: PrivateCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=cluster.url,
        database_schema="lrpitr",
        secret_key="test-secret",
        projections="off",
        public_rate_limit=0,
        kek_file=outside / "kek.key",
        ledger_key_file=outside / "ledger-key.pem",
        destroyed_keys_file=outside / "destroyed-keys.txt",
    )
    use(monkeypatch, settings)
    services = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        kept = admit(services.register).aggregate_id
        activity(services.register, kept)
        services.projections.catch_up_all()
    finally:
        services.close()
    gone = _long_gone(settings)
    base = cluster.folder / "base"
    cluster.run(
        str(PG_BIN / "pg_basebackup"),
        f"--dbname={cluster.url}",
        "-D",
        str(base),
        "-Fp",
        "-Xs",
        "--checkpoint=fast",
    )

    services = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        later = admit(services.register).aggregate_id  # after the base backup, before the moment
        services.projections.catch_up_all()
    finally:
        services.close()
    capsys.readouterr()
    assert main(["ledger", "checkpoint"]) == 0
    trusted = tmp_path / "checkpoint.json"
    trusted.write_text(capsys.readouterr().out)
    assert json.loads(trusted.read_text())["tree_size"] > 0
    with psycopg.connect(cluster.url) as conn:
        moment = conn.execute("SELECT clock_timestamp()").fetchone()[0]  # type: ignore[index]
    time.sleep(0.2)

    # The work to be undone: an activity and an erasure after the moment.
    services = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        activity(services.register, kept, hours="9")
    finally:
        services.close()
    assert main(["erase", str(gone), "--reason", "verzoek van betrokkene"]) == 0
    _archived(cluster.url)

    cluster.stop("immediate")
    shutil.move(cluster.data, cluster.folder / "data.crashed")
    cluster.run("cp", "-a", str(base), str(cluster.data))
    cluster.configure(
        restore_command=f"'cp {cluster.folder}/wal-archive/%f %p'",
        recovery_target_time=f"'{moment.isoformat()}'",
        recovery_target_action="'promote'",
    )
    cluster.run("touch", str(cluster.data / "recovery.signal"))
    cluster.start()
    deadline = time.monotonic() + 60
    while True:
        with psycopg.connect(cluster.url) as conn:
            row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if row is not None and not row[0]:
            break
        assert time.monotonic() < deadline, "recovery did not end"
        time.sleep(0.2)

    capsys.readouterr()
    assert main(["keys", "reapply"]) == 0
    assert "keys_destroyed 1, erasures_recorded 1" in capsys.readouterr().out
    services = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        register = services.register
        assert len(register.get_teacher(kept).activities) == 1  # the later one is undone
        register.get_teacher(later)  # made before the moment: recovered from the archive
        assert register.get_teacher(gone, version=1).name == ERASED_NAME
        services.projections.catch_up_all()
        live = dump(services.projections)
        services.projections.rebuild()
        assert dump(services.projections) == live
    finally:
        services.close()
    assert main(["verify", "--trusted-checkpoint", str(trusted)]) == 0
    assert "VERIFIED" in capsys.readouterr().out
