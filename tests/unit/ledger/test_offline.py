"""The offline check needs only the pure ledger package: no database driver, no register."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_offline_check_imports_nothing_of_the_register() -> None:
    """Importing it loads neither the domain, the API, a database driver nor eventsourcing."""
    heavy = {"api", "domain", "policies", "psycopg", "eventsourcing", "fastapi", "sqlite3"}
    code = (
        "import sys, projections.ledger.proof.offline; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"
