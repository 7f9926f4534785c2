"""Issue 16's "Done when", end to end on both stores, as a user and an operator would do it.

Real ``lerarenregister serve`` processes and CLI commands over one store (an SQLite file, or a
fresh PostgreSQL schema), the register's date moved by restarting with a later ``LR_TODAY``:
an employer delivers the person's appointment before the admission, the registrar admits them,
they record an activity and report leave, download their own export, are struck off at their
own request and object to that decision; five years after their registration ended the
registrar erases them. Then the public register no longer shows them, ``replay`` shows the
history with placeholders, ``decision reproduce`` gives the recorded outcome, ``verify``
passes, and a dump of the whole database (``pg_dump`` of the schema, or the SQLite file's
bytes) holds neither their BSN nor their name, nor what they wrote.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.test_time_and_law import Client, Store
from tests.browser.harness import _command
from tests.conftest import PG_URL

pytestmark = pytest.mark.slow

BSN = "918273602"  # passes the elfproef
GIVEN, FAMILY = "Zwaantje", "Kwikstaartje"
TITLE = "Intervisie over rekenen met Kwikstaartje"
GROUNDS = "Ik, Zwaantje Kwikstaartje, wilde niet worden doorgehaald"
LEAVE = "Mantelzorg voor mijn vader Kwikstaartje"
BOARD = "41234"
ADMITTED_ON = date(2026, 1, 5)
ENDED_ON = date(2026, 3, 2)
ERASED_ON = date(2031, 3, 3)  # the retention period (5 years after the end) has passed


@pytest.fixture
def store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    schema = request.getfixturevalue("pg_schema") if store_kind == "postgres" else None
    return Store(tmp_path, schema)


def _ok(status: int, body: Any, expected: int = 200) -> Any:
    assert status == expected, body
    return body


def _cli(store: Store, today: date, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), *args],
        check=False,
        env=store.env(today),
        capture_output=True,
        text=True,
        timeout=180,
    )


def _download(client: Client, path: str, token: str) -> tuple[str, bytes]:
    """A download as a browser gets it: the disposition header and the bytes."""
    request = urllib.request.Request(client.url + path)
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
        return answer.headers["Content-Disposition"], answer.read()


def _public_finds(client: Client, number: str) -> bool:
    status, body = client.call("GET", "/api/public/register?name=" + FAMILY)
    assert status == 200, body
    return number in json.dumps(body)


def _eventually(check: Any, wanted: bool) -> None:
    """The server's projection worker follows the log: wait until it has caught up."""
    deadline = time.monotonic() + 30
    while check() != wanted:
        assert time.monotonic() < deadline, f"still {not wanted} after 30 s"
        time.sleep(0.3)


def _dump(store: Store) -> bytes:
    """Every byte the database holds, as a backup tool would see it."""
    if store.schema is not None:
        return subprocess.run(
            ["pg_dump", "--no-owner", "-n", store.schema, PG_URL],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
    return b"".join(p.read_bytes() for p in sorted(store.data_dir.glob("register.db*")))


def _before_erasure(store: Store) -> tuple[str, str, str]:
    """Delivered, admitted, an activity and leave, the export, struck off, objected to."""
    registrar = store.token(ADMITTED_ON, "registrar")
    employer = store.token(ADMITTED_ON, "employer", BOARD)
    row = {
        "bsn": BSN,
        "gender": "V",
        "birth_date": "1979-04-12",
        "basis": "diploma",
        "brin": "01AB",
        "start": "2025-08-01",
        "contract_start": "2025-08-01",
        "fte": "0.8",
    }
    with store.serving(ADMITTED_ON) as client:
        body = {"delivery_id": "voor-opname", "appointments": [row]}
        delivered = _ok(*client.call("POST", f"/api/employers/{BOARD}/deliveries", employer, body))
        assert delivered["accepted"] == 1
        admitted = _ok(
            *client.call(
                "POST",
                "/api/teachers",
                registrar,
                {
                    "bsn": BSN,
                    "name": {
                        "initials": "Z.",
                        "given_name": GIVEN,
                        "prefix": "van",
                        "family_name": FAMILY,
                    },
                    "birth_date": "1979-04-12",
                    "qualifications": [{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
                },
            ),
            201,
        )
        tid, number = admitted["teacher_id"], admitted["register_number"]
        teacher = store.token(ADMITTED_ON, "teacher", tid)
        activity = {
            "kind": "peer_consultation",
            "title": TITLE,
            "occurred_on": "2025-11-03",
            "contact_hours": "6",
            "competence_areas": ["pedagogy"],
            "evidence": "Verslag van vier bijeenkomsten met mijn intervisiegroep",
            "reflection": "Wat ik, Kwikstaartje, leerde over rekendidactiek",
        }
        _ok(*client.call("POST", f"/api/teachers/{tid}/activities", teacher, activity), 201)
        leave = {"kind": "care", "start": "2025-09-01", "end": "2025-10-31", "reason": LEAVE}
        _ok(*client.call("POST", f"/api/teachers/{tid}/leave", teacher, leave), 201)
        _eventually(lambda: _public_finds(client, number), True)
        # the teacher's own copy (AVG art. 15 and 20), downloaded before the erasure
        disposition, raw = _download(client, f"/api/teachers/{tid}/export", teacher)
        assert "attachment" in disposition
        export = json.loads(raw)
        assert export["schema"] == "lerarenregister-export/1"
        assert export["file"]["name"]["family_name"] == FAMILY
        assert TITLE in raw.decode()
        assert {"Teacher.Admitted", "Teacher.ActivityRecorded", "Teacher.LeaveRecorded"} <= {
            h["type"] for h in export["history"]
        }
        assert BSN.encode() not in raw  # only the registrar's copy shows it
    with store.serving(ENDED_ON) as client:
        qid = admitted["qualifications"][0]["qualification_id"]
        struck = _ok(
            *client.call(
                "POST",
                f"/api/teachers/{tid}/qualifications/{qid}/strike-off",
                registrar,
                {
                    "ground": "own_request",
                    "effective_on": ENDED_ON.isoformat(),
                    "reason": "op verzoek",
                },
            ),
            201,
        )
        decision_id = struck["decision_id"]
        objection = _ok(
            *client.call(
                "POST",
                "/api/objections",
                teacher,
                {"decision_id": decision_id, "grounds": GROUNDS},
            ),
            201,
        )
        appeals = store.token(ENDED_ON, "appeals", "commissie")
        ruling = {"outcome": "unfounded", "reasoning": "De doorhaling was op eigen verzoek."}
        path = f"/api/objections/{objection['objection_id']}/ruling"
        _ok(*client.call("POST", path, appeals, ruling), 201)
    return tid, number, decision_id


def test_a_person_is_erased_and_only_the_record_the_law_requires_remains(store: Store) -> None:
    tid, number, decision_id = _before_erasure(store)
    secrets = (BSN, GIVEN, FAMILY, TITLE, GROUNDS, LEAVE)
    dump = _dump(store)
    assert BSN.encode() not in dump  # encrypted at rest from the start; the name in read models
    registrar = store.token(ERASED_ON, "registrar")
    with store.serving(ERASED_ON) as client:
        assert _public_finds(client, number)
        erased = _ok(
            *client.call(
                "POST",
                f"/api/teachers/{tid}/erasure",
                registrar,
                {"reason": "verzoek van betrokkene; bewaartermijn verstreken"},
            )
        )
        assert erased["erased_on"] == ERASED_ON.isoformat()
        # the public register no longer shows them
        _eventually(lambda: _public_finds(client, number), False)
        status, _ = client.call("GET", f"/api/public/register/{number}")
        assert status == 404
        # and nobody can write to the file again
        teacher = store.token(ERASED_ON, "teacher", tid)
        leave = {"kind": "care", "start": "2030-01-06", "end": "2030-03-01"}
        status, refused = client.call("POST", f"/api/teachers/{tid}/leave", teacher, leave)
        assert status == 409, refused

    # replay: the whole history, personal fields as placeholders
    replay = _cli(store, ERASED_ON, "replay", tid)
    assert replay.returncode == 0, replay.stderr
    for event in ("Teacher.Admitted", "Teacher.ActivityRecorded", "Teacher.StruckOff"):
        assert event in replay.stdout
    assert "Teacher.PersonalDataErased" in replay.stdout
    assert "[gewist]" in replay.stdout
    assert "2025-11-03" in replay.stdout  # dates intact
    assert not [s for s in secrets if s in replay.stdout]
    # the decision reproduces
    reproduced = _cli(store, ERASED_ON, "decision", "reproduce", decision_id)
    assert reproduced.returncode == 0, reproduced.stdout + reproduced.stderr
    assert json.loads(reproduced.stdout)["reproduced"] is True
    # the ledger verifies without any key
    signed = _cli(store, ERASED_ON, "ledger", "checkpoint")
    assert signed.returncode == 0, signed.stderr
    verified = _cli(store, ERASED_ON, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # no byte of the database holds their BSN, their name or their words
    dump = _dump(store)
    for secret in secrets:
        assert secret.encode() not in dump, secret
        assert secret.lower().encode() not in dump, secret  # search keys are lower case
