"""The command line against a real store: tokens, demo, replay, and plain-message refusals."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from structlog.testing import capture_logs

from api.cli.main import main
from api.settings import Settings
from domain.commands import AdmitTeacher
from domain.commands.facts import DrawSample


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """Point the CLI's settings (LR_* variables) at the test store."""
    monkeypatch.setenv("LR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    return settings


def test_token_issue_prints_the_token_last(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "issue", "--role", "registrar", "--note", "test"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("lr_")
    assert "role registrar" in lines[0]


def test_token_for_a_teacher_needs_a_subject(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "issue", "--role", "teacher"]) == 2
    err = capsys.readouterr().err
    assert "needs a subject" in err
    assert "Traceback" not in err


def test_revoked_token_no_longer_authenticates(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["token", "issue", "--role", "auditor"])
    out = capsys.readouterr().out.strip().splitlines()
    token = out[-1]
    token_id = out[0].split()[2]
    assert main(["token", "revoke", token_id, "--reason", "lost laptop"]) == 0
    assert main(["token", "revoke", token_id]) == 2  # already revoked: a plain refusal
    from api.bootstrap import build_services

    services = build_services(cli_env, start_projections=False)
    try:
        assert services.register.authenticate(token) is None
    finally:
        services.close()


def test_demo_is_deterministic_and_replay_prints_actors(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--teachers", "30", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "loaded 30 teachers" in out
    numbers = out.split("sample register numbers: ")[1].split(", ")
    assert main(["demo", "--teachers", "30", "--seed", "4", "--if-empty"]) == 0
    assert "already holds events" in capsys.readouterr().out

    from api.bootstrap import build_services

    services = build_services(cli_env, start_projections=False)
    try:
        teacher_id = services.register.find_by_register_number(numbers[0].strip())
        assert isinstance(teacher_id, UUID)
        file = services.register.get_teacher(teacher_id)
        assert file.activities, "the demo gives every teacher some activities"
    finally:
        services.close()
    assert main(["replay", str(teacher_id)]) == 0
    history = capsys.readouterr().out
    assert "Teacher.Admitted" in history
    assert "by registrar:demo" in history
    assert "by teacher:" in history
    assert main(["replay", str(teacher_id), "--version", "1"]) == 0
    assert '"activities": []' in capsys.readouterr().out


def test_demo_gives_every_role_work_to_do(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """On an empty store the demo adds providers and offerings (some awaiting a validator),
    decisions with an objection, an intended strike-off and a disputed appointment, all
    through the register's commands; a second demo on a full store adds teachers only."""
    assert main(["demo", "--teachers", "120", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "demo procedures: providers leerhuis-noord" in out
    from api.bootstrap import build_services
    from projections import catalogue

    services = build_services(cli_env, start_projections=False)
    try:
        register = services.register
        assert register.get_provider("netwerk-vakdidactiek").status == "submitted"
        assert register.get_provider("leerhuis-noord").status == "admitted"
        services.projections.catch_up_all()
        with services.projections.readers.connection() as db:
            awaiting = catalogue.due(db, "offerings", on=register.clock(), after=None, limit=10)
            validated = catalogue.public_offerings(
                db, on=register.clock(), q=None, after=None, limit=10
            )
        assert len(awaiting) == 2
        assert len(validated) == 3
        events = [n.topic for n in register.recorder.select_notifications(start=1, limit=10**6)]
    finally:
        services.close()
    for kind in ("Objection.Filed", "StrikeOffProposed", "AppointmentDisputed", "ReRegistered"):
        assert any(t.endswith(kind) for t in events), kind
    assert main(["demo", "--teachers", "10", "--seed", "3"]) == 0
    assert "demo procedures" not in capsys.readouterr().out


def test_replay_of_unknown_or_malformed_id_is_a_plain_message(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", "not-a-uuid"]) == 2
    assert main(["replay", "00000000-0000-4000-8000-000000000000"]) == 2
    err = capsys.readouterr().err
    assert "not a teacher id" in err
    assert "no teacher file" in err


def test_commands_log_event_names_and_positions(cli_env: Settings) -> None:
    """Each command logs a short event name with the teacher and the log position."""
    from datetime import date

    from api.bootstrap import build_services
    from domain.register import Context
    from domain.values import Actor, Name

    services = build_services(cli_env, start_projections=False)
    try:
        with capture_logs() as logs:
            services.register.admit_teacher(
                AdmitTeacher(
                    bsn="111222333",
                    name=Name("A.", "", "", "Bakker"),
                    birth_date=date(1990, 1, 1),
                    qualifications=[{"sector": "po", "basis": "diploma"}],
                    registered_on=None,
                ),
                ctx=Context(Actor("registrar", "r"), correlation_id="req-1"),
            )
    finally:
        services.close()
    admitted = [entry for entry in logs if entry["event"] == "teacher_admitted"]
    assert admitted
    assert admitted[0]["position"] == 3
    assert admitted[0]["correlation_id"] == "req-1"


def test_an_auditor_redraws_a_recorded_sample_from_the_command_line(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sample redraw` redoes the draw from its recorded seed: exit 0 and the same activities,
    also after more activities were recorded; an unknown sample is a plain refusal."""
    from datetime import date

    from api.bootstrap import build_services
    from domain.register import Context
    from domain.values import Actor

    assert main(["demo", "--teachers", "10", "--seed", "3"]) == 0
    services = build_services(cli_env, start_projections=False)
    try:
        sample = services.register.draw_sample(
            DrawSample(
                seed=99, size=4, occurred_from=date(2000, 1, 1), occurred_until=date(2026, 12, 31)
            ),
            ctx=Context(Actor("registrar", "r1"), reason="steekproef"),
        ).data
    finally:
        services.close()
    assert len(sample["drawn"]) == 4
    capsys.readouterr()
    assert main(["sample", "redraw", sample["sample_id"]]) == 0
    out = capsys.readouterr().out
    assert '"reproduced": true' in out
    assert sample["drawn"][0]["activity_id"] in out
    assert main(["sample", "redraw", "00000000-0000-4000-8000-000000000000"]) == 2


def test_demo_progress_bars_are_not_broken_by_checkpoint_lines(
    cli_env: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the demo draws its progress bars, the checkpoints it signs (here every 25
    events) are not logged one by one in the middle of a bar: one summary line follows the
    last bar, with their number and the last tree size."""
    monkeypatch.setenv("LR_LEDGER_CHECKPOINT_EVERY", "25")
    monkeypatch.setenv("LR_LOG_LEVEL", "info")
    assert main(["demo", "--teachers", "8", "--seed", "5"]) == 0
    err = capsys.readouterr().err
    assert "demo (write and project) [" in err
    assert "ledger_checkpoint_signed" not in err
    summaries = [line for line in err.splitlines() if "ledger_checkpoints_signed" in line]
    assert len(summaries) == 1, err
    assert "count=" in summaries[0] or '"count"' in summaries[0]
    assert "last_tree_size" in summaries[0]
    # The summary comes after every progress update.
    assert err.index("ledger_checkpoints_signed") > err.rindex("\r")
