"""Helpers of the fault suite: tokens for services built outside the usual fixtures, and a
private PostgreSQL cluster that a test may stop and start (never the shared server)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import STDOUT, Popen

import httpx
import psycopg

from api.bootstrap import Services
from api.settings import Settings
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor

PG_BIN = Path(os.environ.get("LR_PG_BIN", "/usr/lib/postgresql/15/bin"))


def tokens_for(services: Services) -> Callable[..., dict[str, str]]:
    """Authorization headers for a fresh token of a role (and subject)."""

    def make(role: str, subject: str | None = None) -> dict[str, str]:
        token, _ = services.register.issue_token(
            IssueToken(role=role, subject=subject, expires_at=None),
            ctx=Context(Actor("system", "tests")),
        )
        return {"Authorization": f"Bearer {token}"}

    return make


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateCluster:
    """A PostgreSQL cluster of its own in a temporary folder, on a free port.

    PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user, in a
    folder of its own outside pytest's (root-only) temporary tree.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lr-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]

    @staticmethod
    def available() -> bool:
        if not (PG_BIN / "initdb").exists():
            return False
        if os.geteuid() != 0:
            return True
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return False
        return shutil.which("runuser") is not None

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=60)

    def run(self, *args: str) -> None:
        """A command as the cluster's owner (a PostgreSQL tool, a copy of its files)."""
        self._run(*args)

    def configure(self, **settings: str) -> None:
        """Settings appended to postgresql.conf (read at the next start)."""
        with (self.data / "postgresql.conf").open("a") as conf:
            for name, value in settings.items():
                conf.write(f"{name} = {value}\n")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        )

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-w",
            "start",
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with psycopg.connect(self.url, connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


CLI = Path(sys.executable).parent / "lerarenregister"


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a `lerarenregister` process on the same store as `settings`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LR_")}
    env = {
        **inherited,
        "LR_DATA_DIR": str(settings.data_dir),
        "LR_SECRET_KEY": "test-secret",
        "LR_PUBLIC_RATE_LIMIT": "0",
        "LR_TOKEN_CACHE_SECONDS": "0",
        "LR_LOG_FORMAT": "json",
        "LR_LOG_LEVEL": "warning",
    }
    if settings.database_url:
        env |= {"LR_DATABASE_URL": settings.database_url}
        env |= {"LR_DATABASE_SCHEMA": settings.database_schema}
    return env | extra


def start_server(env: dict[str, str], log: Path, seconds: float = 60) -> tuple[Popen[bytes], str]:
    """A real `lerarenregister serve` on a free port, once its /healthz answers."""
    port = free_port()
    with log.open("ab") as out:
        server = Popen([str(CLI), "serve", "--port", str(port)], env=env, stdout=out, stderr=STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise AssertionError(f"the server did not come up: {log.read_text()[-2000:]}")
        time.sleep(0.1)


def stop_server(server: Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
