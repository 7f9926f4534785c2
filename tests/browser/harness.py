"""A real `lerarenregister serve` on a temporary store, and headless Chromium from the system.

Shared by the end-to-end tests (tests/browser) and `make screenshots`. The store is filled
through the application before the server starts: a small demo register, plus a few people
whose story the tests follow (a teacher with an annotation to object to, a name that tries to
inject a script, a name with an apostrophe and diacritics), an admitted provider with a
validated, rated offering, and a token for each role the pages serve.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from api.bootstrap import build_services
from api.demo import load_demo, valid_bsn
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment, ReRegister
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    RateOffering,
    SubmitOffering,
    ValidateOffering,
)
from domain.commands.tokens import IssueToken
from domain.register import Context, Register
from domain.values import Actor, Name
from policies import load_default

CHROMIUM = os.environ.get("LR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SECRET = "browser-test-secret"
BOARD = "41234"
REGISTRAR = Context(Actor("registrar", "browser-tests"), reason="test set-up")
SYSTEM = Context(Actor("system", "browser-tests"), reason="test set-up")
SCRIPT_NAME = "<script>alert(1)</script>"
APOSTROPHE_NAME = "O'Brien-Ündén"
NEW_PROVIDER = "nieuwe-academie"


@dataclass
class Story:
    """The people and tokens the browser tests follow."""

    teacher_id: str
    register_number: str
    family_name: str
    decision_id: str
    script_register_number: str
    apostrophe_register_number: str
    offering_id: str
    tokens: dict[str, str] = field(default_factory=dict)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Playwright client is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _admit(
    register: Register, rng: Any, name: Name, registered_on: date, subject: str = "wiskunde"
) -> tuple[UUID, str]:
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(rng),
            name=name,
            birth_date=date(1981, 3, 14),
            qualifications=[{"sector": "vo", "subject": subject, "basis": "diploma"}],
            registered_on=registered_on,
        ),
        ctx=REGISTRAR,
    )
    register.record_appointment(
        result.aggregate_id,
        RecordAppointment(
            board_number=BOARD,
            brin="01AB",
            start=date(2012, 8, 1),
            end=None,
            fte=Decimal("0.8"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    return result.aggregate_id, result.data["qualifications"][0]["qualification_id"]


def _activity(register: Register, tid: UUID, **fields: Any) -> None:
    base: dict[str, Any] = {
        "kind": "course",
        "title": "Cursus",
        "occurred_on": date.today() - timedelta(days=400),
        "contact_hours": Decimal(10),
        "self_study_hours": Decimal(0),
        "competence_areas": ["subject_matter"],
        "evidence": "Verslag gemaakt van wat ik deed en leerde.",
    }
    base.update(fields)
    register.record_activity(tid, RecordActivity(**base), ctx=Context(Actor("teacher", str(tid))))


def prepare_store(data_dir: Path, demo_teachers: int = 60, *, procedures: bool = False) -> Story:
    """Fill a fresh store in `data_dir` and issue the tokens; the server is not running yet.
    With `procedures`, the demo's providers, offerings and procedures too (work lists)."""
    import random

    settings = Settings(data_dir=data_dir, database_url=None, secret_key=SECRET, projections="off")
    services = build_services(settings, start_projections=False)
    try:
        register = services.register
        rng = random.Random(11)
        load_demo(register, demo_teachers, seed=5)
        if procedures:
            from api.demo_procedures import load_procedures

            load_procedures(register)
        today = date.today()
        period_start = today - timedelta(days=4 * 365 + 90)
        tid, qid = _admit(register, rng, Name("M.", "Mirjam", "van", "Heuvelrug"), period_start)
        in_period = period_start + timedelta(days=400)
        _activity(
            register,
            tid,
            title="Vakdidactiek wiskunde",
            occurred_on=in_period,
            contact_hours=Decimal(48),
            self_study_hours=Decimal(12),
        )
        _activity(
            register,
            tid,
            kind="peer_consultation",
            title="Intervisie sectie wiskunde",
            occurred_on=in_period + timedelta(days=90),
            contact_hours=Decimal(12),
            competence_areas=["didactics", "pedagogy"],
            evidence="Verslag gemaakt van wat ik deed en leerde.",
        )
        _activity(
            register,
            tid,
            kind="lesson_visit",
            title="Lesbezoek bij een collega",
            occurred_on=in_period + timedelta(days=200),
            contact_hours=Decimal(4),
            competence_areas=["didactics"],
            evidence="Verslag gemaakt van wat ik deed en leerde.",
        )
        decided = register.re_register(tid, ReRegister(qualification_id=qid), ctx=REGISTRAR)
        script_id, _ = _admit(register, rng, Name("X.", "", "", SCRIPT_NAME), period_start)
        apostrophe_id, _ = _admit(
            register, rng, Name("É.", "Éowyn", "", APOSTROPHE_NAME), today - timedelta(days=700)
        )
        offering_id = _catalogue(register, tid)
        _criteria_version_2(register, today)
        story = Story(
            teacher_id=str(tid),
            register_number=register.get_teacher(tid).register_number,
            family_name="Heuvelrug",
            decision_id=str(decided.data["decision_id"]),
            script_register_number=register.get_teacher(script_id).register_number,
            apostrophe_register_number=register.get_teacher(apostrophe_id).register_number,
            offering_id=offering_id,
        )
        for role, subject in (
            ("teacher", str(tid)),
            ("employer", BOARD),
            ("appeals", None),
            ("auditor", None),
            ("registrar", None),
            ("validator", None),
            ("standards", None),
            # a provider that has not applied yet (the catalogue's own is "leerhuis")
            ("provider", NEW_PROVIDER),
        ):
            token, _ = register.issue_token(
                IssueToken(role=role, subject=subject, expires_at=None), ctx=SYSTEM
            )
            story.tokens[role] = token
        services.projections.catch_up_all()
        return story
    finally:
        services.close()


def _criteria_version_2(register: Register, today: date) -> None:
    """A second re-registration version, adopted after consultation, so versions differ."""
    raw, _ = load_default("reregistration")
    document = json.loads(raw)
    document.update(
        version=2,
        description="Herziene criteria: meer uren, en intervisie en lesbezoek uitdrukkelijk erkend.",
        min_total_hours=180,
        area_minimums=[{"areas": ["subject_matter", "didactics", "pedagogy"], "min_hours": 110}],
    )
    standards = Context(Actor("standards", "beroepsgroep"), reason="test set-up")
    register.draft_criteria(
        DraftCriteria(raw=json.dumps(document, indent=2).encode("utf-8")), ctx=standards
    )
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(
            version=2,
            effective_from=today + timedelta(days=400),
            consultation={
                "with": ["AOb", "CNV Onderwijs", "Onderwijscoöperatie"],
                "held_on": (today - timedelta(days=30)).isoformat(),
                "summary": "Ruime steun; verzoek om intervisie uitdrukkelijk te noemen.",
            },
        ),
        ctx=standards,
    )


def _catalogue(register: Register, teacher_id: UUID) -> str:
    """An admitted provider with one validated offering that the teacher followed and rated."""
    provider = Context(Actor("provider", "leerhuis"))
    validator = Context(Actor("validator", "v1"), reason="test set-up")
    register.apply_as_provider(
        "leerhuis",
        ApplyAsProvider(
            name="Het Leerhuis",
            kvk_number="87654321",
            staff_level="hbo",
            practice_alignment="Ontwikkeld samen met drie scholen.",
            quality_monitoring="Evaluatie na elke bijeenkomst.",
            complaints_procedure=True,
            complaint_decision_days=10,
        ),
        ctx=provider,
    )
    register.decide_provider(
        "leerhuis",
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=validator,
    )
    submitted = register.submit_offering(
        "leerhuis",
        SubmitOffering(
            title="Formatief evalueren in de wiskundeles",
            description="Twee middagen en een opdracht in de eigen klas.",
            sector="vo",
            competence_areas=["didactics", "subject_matter"],
            contact_hours=Decimal(8),
            self_study_hours=Decimal(4),
            has_assessment=False,
            price=Decimal("250.00"),
        ),
        ctx=provider,
    )
    offering_id = str(submitted.data["offering_id"])
    register.validate_offering(offering_id, ValidateOffering(), ctx=validator)
    _activity(
        register,
        teacher_id,
        title="Formatief evalueren",
        offering_id=offering_id,
        occurred_on=date.today() - timedelta(days=30),
        contact_hours=Decimal(8),
        self_study_hours=Decimal(4),
        competence_areas=["didactics"],
    )
    register.rate_offering(
        teacher_id,
        RateOffering(
            offering_id=offering_id, score=4, comment="Praktisch, direct bruikbaar in de klas."
        ),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )
    return offering_id


def _command() -> list[str]:
    script = Path(sys.executable).parent / "lerarenregister"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "api.cli"]


@contextmanager
def running_server(data_dir: Path, log_path: Path) -> Iterator[str]:
    """`lerarenregister serve` on a free port over the store in `data_dir`; yields its URL."""
    port = free_port()
    env = {
        **os.environ,
        "LR_DATA_DIR": str(data_dir),
        "LR_SECRET_KEY": SECRET,
        "LR_PUBLIC_RATE_LIMIT": "0",
        "LR_LEDGER_CHECKPOINT_EVERY": "50",
        "LR_LOG_FORMAT": "console",
    }
    env.pop("LR_DATABASE_URL", None)
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            _wait_ready(url, process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log_path.read_text()[-2000:]}")
        with suppress(OSError), urllib.request.urlopen(url + "/readyz", timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not get ready: {log_path.read_text()[-2000:]}")


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium from the system packages (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path
