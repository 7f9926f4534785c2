"""Commands as values for the criteria books, correspondence, the facts that count (participation
and samples), access tokens and erasure: each payload keeps the fingerprint the register stored
before they were values, and each request schema follows its command.

The golden fingerprints were computed from the register's code as it was before (keyword
arguments, payloads built by hand) on these very inputs: the adoption and the sample by running
the old methods with an idempotency key and reading the stored `IdempotencyRecord`, the others
from the old methods' payload expressions (checked against stored records for the
correspondence and the judgement). They are stored (and, for a participation delivery's
content, in its `ParticipationDelivery` record) and never change."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any, get_type_hints
from uuid import UUID

import pytest
from pydantic import BaseModel

from api.cli.main import build_parser
from api.routes.correspondence import CorrespondenceAnswer, CorrespondenceUpdate
from api.routes.privacy import ErasureAnswer, ErasureRequest
from api.schemas.criteria import AdoptionCreate, CriteriaDrafted
from api.schemas.facts import (
    JudgementCreate,
    JudgementCreated,
    ParticipationAnswer,
    ParticipationCreate,
    SampleCreate,
    SampleCreated,
)
from domain.commands import Command
from domain.commands import results as r
from domain.commands.correspondence import (
    ChooseReminders,
    SetContactAddress,
    SetCorrespondence,
)
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.commands.erasure import ErasePersonalData
from domain.commands.facts import (
    ConfirmParticipation,
    DeliverParticipation,
    DrawSample,
    JudgeSampledActivity,
)
from domain.commands.tokens import IssueToken, RevokeToken
from domain.register.base import fingerprint

TEACHER = UUID("3f1c2a8e-5b7d-4e6f-9a0b-1c2d3e4f5a6b")
SAMPLE = "5b0c3f6e-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
RAW = b'{"name": "reregistration", "version_note": "example"}\n'
CONSULTATION = {"with": ["PO-Raad", "VO-raad"], "held_on": "2026-10-01", "summary": "Akkoord."}
ROWS = [
    {
        "bsn": "111222333",
        "offering_id": "off-1",
        "completed_on": "2026-06-30",
        "contact_hours": "12.5",
        "self_study_hours": None,
    },
    {"bsn": "123456782", "offering_id": "off-1", "completed_on": "2026-06-30"},
]
PARTICIPATION = DeliverParticipation(delivery_id="2026-q3", rows=ROWS)
#: The content's fingerprint (kept by the `ParticipationDelivery` record) and the payload's.
STORED_CONTENT = "00f028bbfed337d8c9f2d8f2f82b8b50e03af43d138d5303ada8c162221f4366"
STORED_PARTICIPATION = "1d8c2e90334b1b1a832c04fca164a6c28df690e9f705d3b8b7f5c46593054ebf"
ADOPTION = AdoptCriteria(version=2, effective_from=date(2027, 1, 1), consultation=CONSULTATION)
SAMPLING = DrawSample(
    seed=42, size=10, occurred_from=date(2026, 1, 1), occurred_until=date(2026, 6, 30)
)

#: (command, what the register binds beside it, the fingerprint stored before).
GOLDEN: list[tuple[Command, dict[str, Any], str]] = [
    (
        DraftCriteria(raw=RAW),
        {},
        "55ed3beb79eb01bc0e560fd44c70e868702800917f3b3a281b1c0e8554dc17e6",
    ),
    (
        ADOPTION,
        {"name": "reregistration"},
        "1d0caa3b893739fcdf6e660f970c886b4cce5eb0ace4b4f5a7568acfb04a7bac",
    ),
    (
        SetContactAddress(address="leraar@example.nl"),
        {"teacher": str(TEACHER)},
        "cadced74a9e9011b8de25a77bd413fcaca7418b8ed3fc80b94628d69b64e18a7",
    ),
    (
        SetContactAddress(address=None),
        {"teacher": str(TEACHER)},
        "86ef18840b6c3db444401e4c639ab600b9eb50fc08fad3d3b5c1fe396aec34f3",
    ),
    (
        SetCorrespondence(address="leraar@example.nl", reminders=False),
        {"teacher": str(TEACHER)},
        "ce7217976d46bcc80175a30fce0843e395f115d9cc00de60fa611d08ffba5241",
    ),
    (
        SetCorrespondence(address=None, reminders=True),
        {"teacher": str(TEACHER)},
        "3d99ea6e4574083fdb9acd20dbdd7186c4be8e56f2a57ed33d760b57f28c1318",
    ),
    (
        ChooseReminders(wanted=False),
        {"teacher": str(TEACHER)},
        "0649291cfae1541e148a8673e99bbc41ca0491136a4b6f7067f16bfe1385e70b",
    ),
    (
        SAMPLING,
        {},
        "d4ab2bac52d8ad6c9aafba9254ec33efcafef818b84a805cb86e4f1b419b6b54",
    ),
    (
        dataclasses.replace(SAMPLING, seed=None),
        {},
        "ed52b43459d27c3c73e1cbd43c9e0812734c48385a7cbdad5a8f9fdfde9cd6ad",
    ),
    (
        JudgeSampledActivity(activity_id="act-1", outcome="rejected"),
        {"sample": SAMPLE, "id": TEACHER, "reason": "Geen bewijs."},
        "3ba0290764fab666049b14283b520f90febe9e9e81a52076022ec460247b0255",
    ),
    (
        ErasePersonalData(),
        {"id": str(TEACHER), "reason": "Bewaartermijn verstreken."},
        "e3ddc355e19e488e97ccb46250523d94e2cf4b63c844dc761c8e5cd95d07bd5f",
    ),
]


@pytest.mark.parametrize(
    ("command", "bound", "stored"), GOLDEN, ids=lambda x: type(x).__name__ if x else ""
)
def test_payload_fingerprint_is_the_one_stored_before(
    command: Command, bound: dict[str, Any], stored: str
) -> None:
    assert fingerprint(command.payload(**bound)) == stored
    assert command.legacy_payload(**bound) is None  # nothing was left out


def test_participation_fingerprints_are_the_ones_stored_before() -> None:
    content = fingerprint(PARTICIPATION.content("prov-1"))
    assert content == STORED_CONTENT
    assert fingerprint(PARTICIPATION.payload(fingerprint=content)) == STORED_PARTICIPATION
    # the same rows from a spreadsheet are the same delivery (the payload had no media type)
    csv = dataclasses.replace(PARTICIPATION, spreadsheet=True)
    assert fingerprint(csv.content("prov-1")) == STORED_CONTENT
    assert fingerprint(dataclasses.replace(PARTICIPATION, rows=ROWS[:1]).content("prov-1")) != (
        STORED_CONTENT
    )
    other_id = dataclasses.replace(PARTICIPATION, delivery_id="2026-q4")
    assert fingerprint(other_id.content("prov-1")) != STORED_CONTENT
    assert fingerprint(PARTICIPATION.content("prov-2")) != STORED_CONTENT


def test_participation_holds_the_rows_as_given() -> None:
    """Many rows cost one tuple: the row dicts are the request's own, not copies."""
    rows = [dict(row) for row in ROWS]
    built = DeliverParticipation(delivery_id="d", rows=rows)
    assert isinstance(built.rows, tuple)
    assert all(a is b for a, b in zip(built.rows, rows, strict=True))


def test_a_draft_is_bound_to_its_exact_bytes() -> None:
    """The payload holds the document's sha256, never the bytes; one changed byte is other
    input."""
    assert fingerprint(DraftCriteria(raw=RAW + b" ").payload()) != GOLDEN[0][2]
    assert "raw" not in DraftCriteria(raw=RAW).payload()


def test_targets_are_bound() -> None:
    """The book, the file, the sample and the reason the register binds beside the command."""
    assert fingerprint(ADOPTION.payload(name="retention")) != GOLDEN[1][2]
    other = UUID("7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
    assert fingerprint(ChooseReminders(wanted=False).payload(teacher=str(other))) != GOLDEN[6][2]
    judge, bound, stored = GOLDEN[9]
    for key, value in (("sample", "s-2"), ("id", other), ("reason", "Anders.")):
        assert fingerprint(judge.payload(**{**bound, key: value})) != stored, key
    erase, bound, stored = GOLDEN[10]
    assert fingerprint(erase.payload(**{**bound, "reason": "Anders."})) != stored


@pytest.mark.parametrize(
    ("command", "bound", "stored"),
    [g for g in GOLDEN if dataclasses.fields(g[0]) and not isinstance(g[0], DraftCriteria)],
    ids=lambda x: type(x).__name__ if x else "",
)
def test_every_field_is_in_the_payload(
    command: Command, bound: dict[str, Any], stored: str
) -> None:
    """Changing any one field changes the fingerprint: a reused key cannot slip through."""
    for f in dataclasses.fields(command):
        value = getattr(command, f.name)
        changed_value: Any
        if isinstance(value, bool):
            changed_value = not value
        elif isinstance(value, str):
            changed_value = value + "x"
        elif isinstance(value, (int, Decimal)):
            changed_value = value + 1
        elif isinstance(value, date):
            changed_value = date(value.year + 1, 1, 1)
        elif isinstance(value, dict):
            changed_value = {**value, "summary": "Anders."}
        else:  # None
            changed_value = 7 if f.name == "seed" else "x"
        changed = dataclasses.replace(command, **{f.name: changed_value})
        assert fingerprint(changed.payload(**bound)) != stored, f.name


def test_commands_built_from_the_request_schemas() -> None:
    body = CorrespondenceUpdate.model_validate({"address": "leraar@example.nl", "reminders": False})
    assert SetCorrespondence.build(body.model_dump()) == GOLDEN[4][0]
    sample = SampleCreate.model_validate(
        {
            "size": 10,
            "occurred_from": "2026-01-01",
            "occurred_until": "2026-06-30",
            "seed": 42,
            "reason": "Steekproef.",
        }
    )
    assert DrawSample.build(sample.model_dump()) == SAMPLING
    judgement = JudgementCreate.model_validate(
        {
            "teacher_id": str(TEACHER),
            "activity_id": "act-1",
            "outcome": "rejected",
            "reason": "Geen bewijs.",
        }
    )
    assert JudgeSampledActivity.build(judgement.model_dump()) == GOLDEN[9][0]
    adoption = AdoptionCreate.model_validate(
        {"effective_from": "2027-01-01", "consultation": CONSULTATION}
    )
    built = AdoptCriteria.build(
        {
            "version": 2,
            "effective_from": adoption.effective_from,
            "consultation": adoption.consultation.model_dump(mode="json", by_alias=True),
        }
    )
    assert built == ADOPTION
    assert fingerprint(built.payload(name="reregistration")) == GOLDEN[1][2]


#: Request fields that are no part of the command: the reason travels in the context.
CONTEXT_FIELDS = {"reason"}
#: Command fields the request names in its address, and request fields naming the target.
PATH_FIELDS = {"version"}
TARGET_FIELDS = {"teacher_id"}


@pytest.mark.parametrize(
    ("schema", "command"),
    [
        (AdoptionCreate, AdoptCriteria),
        (CorrespondenceUpdate, SetCorrespondence),
        (SampleCreate, DrawSample),
        (JudgementCreate, JudgeSampledActivity),
        (ErasureRequest, ErasePersonalData),
    ],
    ids=["adoption", "correspondence", "sample", "judgement", "erasure"],
)
def test_request_schema_has_the_commands_fields(
    schema: type[BaseModel], command: type[Command]
) -> None:
    """A field added to the command and not to its request schema (or the other way round)
    fails here; required and default agree."""
    fields = {f.name: f for f in dataclasses.fields(command)}
    asked = {n: f for n, f in fields.items() if n not in PATH_FIELDS}
    accepted = set(schema.model_fields) - CONTEXT_FIELDS - TARGET_FIELDS
    assert accepted == set(asked)
    for name in accepted:
        field, f = schema.model_fields[name], asked[name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert field.is_required() == required, name
        if not required:
            assert field.get_default(call_default_factory=True) == f.default, name


def test_the_participation_body_is_the_commands() -> None:
    """A JSON delivery's body names the delivery id and the rows (as ``participants``)."""
    names = {f.name for f in dataclasses.fields(DeliverParticipation)} - {"spreadsheet"}
    assert set(ParticipationCreate.model_fields) == (names - {"rows"}) | {"participants"}


def test_commands_whose_request_is_no_json_body() -> None:
    """A draft is the request's exact bytes; a confirmation names the participation in its
    address; the token commands are the CLI's `token issue` and `token revoke`."""
    assert {f.name for f in dataclasses.fields(DraftCriteria)} == {"raw"}
    assert {f.name for f in dataclasses.fields(ConfirmParticipation)} == {"participation_id"}
    args = build_parser().parse_args(
        ["token", "issue", "--role", "teacher", "--subject", "t-1", "--expires-in-days", "3"]
    )
    given = {"role", "subject", "expires_in_days", "note"}
    assert given <= set(vars(args))
    # the CLI asks a number of days; the command holds the moment it expires
    issued = {f.name for f in dataclasses.fields(IssueToken)}
    assert issued == (given - {"expires_in_days"}) | {"expires_at"}
    revoke = build_parser().parse_args(["token", "revoke", "tok-1"])
    assert RevokeToken(token_or_id=revoke.token).token_or_id == "tok-1"


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (r.CriteriaDrafted, CriteriaDrafted),
        (r.CorrespondenceAnswer, CorrespondenceAnswer),
        (r.ParticipationDelivered, ParticipationAnswer),
        (r.SampleDrawn, SampleCreated),
        (r.ActivityJudged, JudgementCreated),
        (r.Erased, ErasureAnswer),
    ],
    ids=["draft", "correspondence", "participation", "sample", "judgement", "erasure"],
)
def test_answer_schema_has_the_datas_keys(data: type, answer: type[BaseModel]) -> None:
    """Each answer is the command's data with the write's version and position."""
    keys = set(get_type_hints(data))
    assert keys <= set(answer.model_fields)
    assert set(answer.model_fields) - keys <= {"version", "position", "repeated", "status"}
