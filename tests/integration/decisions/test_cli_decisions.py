"""The `run-due`, `criteria` and `decision` commands on an SQLite store in a temporary folder."""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog

from api.cli.main import main
from tests.decision_helpers import document, lower_minimum


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder for the CLI; the logging it configures is undone afterwards, since it
    writes to this test's captured stderr, which is closed when the test ends."""
    monkeypatch.setenv("LR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LR_SECRET_KEY", "cli-test")
    monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    saved = structlog.get_config()
    handlers = logging.root.handlers[:]
    level = logging.root.level
    yield tmp_path
    structlog.configure(**saved)
    for handler in logging.root.handlers[:]:
        if handler not in handlers:
            logging.root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in logging.root.handlers:
            logging.root.addHandler(handler)
    logging.root.setLevel(level)


def test_criteria_commands_list_show_draft_and_weigh(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["criteria", "init"]) == 0
    assert main(["criteria", "list"]) == 0
    listed = capsys.readouterr().out
    assert "reregistration  v1   adopted  from 2017-08-01" in listed
    draft = data_dir / "v2.json"
    draft.write_bytes(lower_minimum())
    assert main(["criteria", "draft", str(draft)]) == 0
    assert main(["criteria", "show", "reregistration", "2"]) == 0
    assert '"min_total_hours": 100' in capsys.readouterr().out
    assert main(["criteria", "impact", str(draft), "--from", "2020-01-01"]) == 0
    assert '"qualifications": 0' in capsys.readouterr().out


def test_criteria_impact_run_runs_a_version_in_the_foreground_and_keeps_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = data_dir / "v2.json"
    draft.write_bytes(lower_minimum())
    assert main(["criteria", "draft", str(draft)]) == 0
    capsys.readouterr()
    assert main(["criteria", "impact-run", "2", "--from", "2020-01-01", "--reason", "test"]) == 0
    ran = json.loads(capsys.readouterr().out)
    assert ran["status"] == "completed"
    assert ran["result"]["qualifications"] == 0
    assert "changes" not in ran["result"]
    assert main(["criteria", "impact-run", "--run", ran["run_id"], "--full"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["run_id"] == ran["run_id"]  # an ended run is shown as kept, not run again
    assert again["result"]["changes"] == []
    assert main(["criteria", "impact-run"]) == 2
    assert main(["criteria", "impact-run", "9"]) == 2
    assert main(["criteria", "impact-run", "--run", "not-a-run"]) == 2
    assert main(["criteria", "impact-run", "2", "--page-rows", "0"]) == 2


def test_a_faulty_document_is_refused_in_one_plain_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = data_dir / "bad.json"
    bad.write_bytes(document(version=2, counted_kinds=["knitting"]))
    assert main(["criteria", "draft", str(bad)]) == 2
    assert "lerarenregister: the criteria document was refused" in capsys.readouterr().err


def test_run_due_on_an_empty_register_decides_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LR_TODAY", "2026-01-01")
    assert main(["run-due"]) == 0
    assert "decided 0 re-registrations due on 2026-01-01" in capsys.readouterr().out
    assert main(["run-due", "--date", "2026-01-01"]) == 0
    capsys.readouterr()


def test_run_due_collects_less_often_while_it_runs_and_restores_the_collector(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's objects are frozen and the pages' collected at RUN_DUE_GC_THRESHOLDS
    during the run only; afterwards the process collects as before."""
    from api.cli.decisions import RUN_DUE_GC_THRESHOLDS
    from domain.register.due import DueRunCommands

    monkeypatch.setenv("LR_TODAY", "2026-01-01")
    before = gc.get_threshold()
    seen: list[tuple[tuple[int, int, int], int]] = []
    run_due = DueRunCommands.run_due

    def watched(self: DueRunCommands, *args: Any, **kwargs: Any) -> Any:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return run_due(self, *args, **kwargs)

    monkeypatch.setattr(DueRunCommands, "run_due", watched)
    assert main(["run-due"]) == 0
    capsys.readouterr()
    ((during, frozen),) = seen
    assert during == RUN_DUE_GC_THRESHOLDS
    assert frozen > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_run_due_refuses_any_day_but_the_registers_date(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision is dated the day it is taken: no run-due in the past or the future."""
    monkeypatch.setenv("LR_TODAY", "2026-01-01")
    assert main(["run-due", "--date", "2025-12-31"]) == 2
    err = capsys.readouterr().err
    assert "run-due decides on the register's date (2026-01-01) only" in err
    assert main(["run-due", "--date", "2026-01-02"]) == 2
    assert main(["decision", "show", "0b6f5a55-3f8e-4d7e-9a0c-2b1f4f6c8e21"]) == 2
