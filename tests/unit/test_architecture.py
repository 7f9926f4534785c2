"""The shape of the code holds: imports point one way and the guard rails are not bypassed.

The import contract itself lives in `pyproject.toml` (`[tool.importlinter]`) and `make lint`
checks it with `lint-imports`; running it here too makes a layering break fail `make test`,
the command people run most.
"""

from __future__ import annotations

from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contract_is_kept() -> None:
    """Every contract in pyproject.toml holds (api -> projections -> domain -> policies)."""
    configuration.configure()
    assert lint_imports(str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
