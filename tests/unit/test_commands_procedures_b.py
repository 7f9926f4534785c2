"""Commands as values for deliveries, offerings (and providers), shares and peers: each payload
keeps the fingerprint the register stored before they were values, and each request schema
follows its command.

The golden fingerprints were computed by running the register's methods as they were before
(keyword arguments, payloads built by hand) on these very inputs, with an idempotency key, and
reading the fingerprint they bound; they are stored in `IdempotencyRecord`s (and, for a
delivery's content, in its `Delivery` record) and never change."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any, get_type_hints
from uuid import UUID

import pytest
from pydantic import BaseModel

from api.schemas.deliveries import ConfirmationAnswer, DeliveryAnswer, DisputeCreate
from api.schemas.offerings import (
    OfferingCreate,
    OfferingSubmitted,
    OtherDecision,
    ProviderApplied,
    ProviderCreate,
    ProviderDecisionCreate,
    RatingAnswer,
    RatingCreate,
    Revocation,
)
from api.schemas.peers import (
    PeerAnswerCreate,
    PeerAnswered,
    PeerRequestCreate,
    PeerRequestCreated,
)
from api.schemas.shares import ShareCreate, ShareWritten
from domain.commands import Command
from domain.commands.deliveries import (
    ConfirmAppointment,
    ConfirmationData,
    Deliver,
    DeliveryData,
    DisputeAppointment,
)
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    OfferingRevocationData,
    OfferingSubmittedData,
    OfferingValidationData,
    ProviderAppliedData,
    ProviderDecisionData,
    RateOffering,
    RatingData,
    RevokeOffering,
    SubmitOffering,
    ValidateOffering,
)
from domain.commands.peers import (
    AnswerPeerRequest,
    PeerRequestData,
    ReceivedRequestData,
    RequestPeerConfirmation,
)
from domain.commands.shares import RevokeShare, ShareData, ShareOverview
from domain.register.base import fingerprint

TEACHER = UUID("3f1c2a8e-5b7d-4e6f-9a0b-1c2d3e4f5a6b")
COLLEAGUE = UUID("7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
OFFERING = "5b0c3f6e-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
ROWS = [
    {
        "bsn": "111222333",
        "birth_date": "1985-05-01",
        "basis": "diploma",
        "brin": "01AB",
        "start": "2024-08-01",
        "end": None,
        "contract_start": None,
        "contract_end": None,
        "fte": "0.8",
        "gender": "V",
        "sector": "vo",
        "subjects": ["wiskunde"],
    },
    {
        "bsn": "123456782",
        "birth_date": "1990-01-31",
        "basis": "in_training",
        "brin": "02CD01",
        "start": "2023-08-01",
        "end": "2025-07-31",
        "contract_start": "2023-08-01",
        "contract_end": "2025-07-31",
        "fte": "1.0",
        "gender": "M",
    },
]
DELIVERY = Deliver(delivery_id="2024-08-a", rows=ROWS)
#: The content's fingerprint (kept by the `Delivery` record) and the payload's.
STORED_CONTENT = "d70470d8f844a096b3fb554bc61c1b83388f0b2fe53d67f36925374e3d3400d6"
STORED_DELIVERY = "cc175f8d720c220efe53ac73cb8ca9ec3d935ad430d090673e3182cc591da80a"

APPLICATION = ApplyAsProvider(
    name=" Academie Rekenen ",
    kvk_number="12345678",
    staff_level="hbo",
    practice_alignment=" Met scholen samen.\n",
    quality_monitoring="Evaluaties per cursus. ",
    complaints_procedure=True,
    complaint_decision_days=42,
)
OFFER = SubmitOffering(
    title="Rekendidactiek",
    description="Tien avonden.",
    sector="po",
    competence_areas=("didactics", "pedagogy"),
    contact_hours=Decimal("12.5"),
    self_study_hours=Decimal("4"),
    has_assessment=True,
    price=Decimal("250.00"),
)
SHARE = ShareOverview(
    board_number="41234",
    qualification_ids=("q-1",),
    activity_ids=("act-1", "act-2"),
    note="Voor het gesprek.",
    until=date(2027, 12, 31),
)

#: (command, what the register binds beside it, the fingerprint stored before).
GOLDEN: list[tuple[Command, dict[str, Any], str]] = [
    (
        ConfirmAppointment(appointment_id="app-1"),
        {"id": TEACHER},
        "749736851f6b4be64e2a05c39c7a28c0b195306761c01456a62449e612514729",
    ),
    (
        DisputeAppointment(appointment_id="app-1"),
        {"id": TEACHER, "reason": "nooit gewerkt"},
        "b322d8010fdd153f86bae266cd6147706bfe4cc975a71f54a2c55c7af6303938",
    ),
    (
        APPLICATION,
        {"provider": "prov-1"},
        "35fbc783a88c2abc5c7a851a0591134e4f5160a92561bf9b148efa56e314e091",
    ),
    (
        ApplyAsProvider(
            name="B.V.",
            kvk_number="87654321",
            staff_level="wo",
            practice_alignment="x",
            quality_monitoring="y",
            complaints_procedure=False,
        ),
        {"provider": "prov-2"},
        "d096136b155c39d3060e95df70ac05bc2bbb98b1f44b59d3f6dbe0f436b546c6",
    ),
    (
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=False),
        {"provider": "prov-1"},
        "6f2beb15fbdffb7cde50c2742183a4dd2e7f4c26804f8901a2272c4651a65172",
    ),
    (
        OFFER,
        {"provider": "prov-1"},
        "078a7dfb217509cef66300f7eb93cb8edba2fee46bb4c3859a1994a02563b1a1",
    ),
    (
        SubmitOffering(
            title="Lezen",
            competence_areas=("pedagogy",),
            contact_hours=Decimal("3"),
            self_study_hours=Decimal("0"),
            price=Decimal("0"),
        ),
        {"provider": "prov-1"},
        "291ab2d09cbcb0b9025339da9603916fe0bafc6251d2e3c9d0a89739ca38c5a5",
    ),
    (
        ValidateOffering(),
        {"offering": OFFERING},
        "a7e21a5acdf41922ebc54736fea5a38fb5748effbc57ab5fa97b0e1a062d9999",
    ),
    (
        RevokeOffering(),
        {"offering": OFFERING, "reason": "geen toetsing meer"},
        "6ec610717d6881a601f3dfe9caf1842477bf630448b38e6da552c00b82ef436f",
    ),
    (
        RateOffering(offering_id=OFFERING, score=4, comment="Nuttig."),
        {"id": TEACHER},
        "f9962b34e6a704acfd2692c5afba0c06eb4c6013b8f5bf023e2102c02405fbf0",
    ),
    (
        RateOffering(offering_id="off-2", score=1),
        {"id": TEACHER},
        "499930cfa976de090ad5a51dd6949e1cf39e83440251421470d8f69bd9e78bdd",
    ),
    (
        SHARE,
        {"id": TEACHER},
        "2e9e92afd1a6235ee770468cdf618bb3dda4e0ec9047c443ee36e2f9091f5303",
    ),
    (
        ShareOverview(board_number="41234", until=date(2027, 10, 1)),
        {"id": TEACHER},
        "f5045f0908068fff6a3e74f9bcd863a9bd95980638689ba1b9ac6b50fcb32e40",
    ),
    (
        RevokeShare(share_id="share-1"),
        {"id": TEACHER},
        "d70ebbf134759aa70c6641f20343e44d163faef239d7adba8efa16b8e703c063",
    ),
    (
        RequestPeerConfirmation(activity_id="act-1", colleague_register_number=" RN123456 "),
        {"id": TEACHER},
        "50d4aedcd854587c3883a80875d2682f15ac69562612a4c79d4a54a77b169164",
    ),
    (
        AnswerPeerRequest(request_id="req-1", answer="confirmed", remark="Klopt."),
        {"id": COLLEAGUE},
        "101ea79504d813aa90c69116909f242d0e20b6862fae41bad0f207319f6d9f84",
    ),
    (
        AnswerPeerRequest(request_id="req-1", answer="declined"),
        {"id": COLLEAGUE},
        "ebb748fa995edcc68c67730fad8bacaf95945f4d47c4cba1f49fab6af2dcec12",
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


def test_delivery_fingerprints_are_the_ones_stored_before() -> None:
    content = fingerprint(DELIVERY.content("41234"))
    assert content == STORED_CONTENT
    assert fingerprint(DELIVERY.payload(fingerprint=content)) == STORED_DELIVERY
    # the same rows from a spreadsheet are the same delivery (the payload had no media type)
    csv = dataclasses.replace(DELIVERY, spreadsheet=True)
    assert fingerprint(csv.content("41234")) == STORED_CONTENT
    other = dataclasses.replace(DELIVERY, rows=ROWS[:1])
    assert fingerprint(other.content("41234")) != STORED_CONTENT
    assert fingerprint(DELIVERY.content("41235")) != STORED_CONTENT


def test_delivery_holds_the_rows_as_given() -> None:
    """Many rows cost one tuple: the row dicts are the request's own, not copies."""
    rows = [dict(r) for r in ROWS]
    built = Deliver(delivery_id="d", rows=rows)
    assert isinstance(built.rows, tuple)
    assert all(a is b for a, b in zip(built.rows, rows, strict=True))


def test_descriptions_and_colleague_are_bound_as_the_register_keeps_them() -> None:
    """The payload binds what the register uses (stripped); other text is other input."""
    stripped = dataclasses.replace(
        APPLICATION,
        practice_alignment="Met scholen samen.",
        quality_monitoring="Evaluaties per cursus.",
    )
    assert fingerprint(stripped.payload(provider="prov-1")) == GOLDEN[2][2]
    other = dataclasses.replace(APPLICATION, practice_alignment="Met scholen samen!")
    assert fingerprint(other.payload(provider="prov-1")) != GOLDEN[2][2]
    plain = RequestPeerConfirmation(activity_id="act-1", colleague_register_number="RN123456")
    assert fingerprint(plain.payload(id=TEACHER)) == GOLDEN[14][2]


@pytest.mark.parametrize(
    ("command", "bound", "stored"),
    [g for g in GOLDEN if dataclasses.fields(g[0])],
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
        elif isinstance(value, tuple):
            changed_value = (*value, "x")
        else:  # None
            changed_value = 7 if f.name.endswith("days") else "x"
        changed = dataclasses.replace(command, **{f.name: changed_value})
        assert fingerprint(changed.payload(**bound)) != stored, f.name


def test_application_built_from_the_request_schema() -> None:
    body = ProviderCreate.model_validate(
        {
            "name": " Academie Rekenen ",
            "kvk_number": "12345678",
            "staff_level": "hbo",
            "practice_alignment": " Met scholen samen.\n",
            "quality_monitoring": "Evaluaties per cursus. ",
            "complaints_procedure": {"in_place": True, "decision_days": 42},
        }
    )
    assert ApplyAsProvider.build(body.model_dump()) == APPLICATION


def test_offering_and_share_built_from_the_request_schema() -> None:
    body = OfferingCreate.model_validate(
        {
            "title": "Rekendidactiek",
            "description": "Tien avonden.",
            "sector": "po",
            "competence_areas": ["didactics", "pedagogy"],
            "contact_hours": "12.5",
            "self_study_hours": "4",
            "has_assessment": True,
            "price": "250.00",
        }
    )
    assert SubmitOffering.build(body.model_dump()) == OFFER
    share = ShareCreate.model_validate(
        {
            "board_number": "41234",
            "qualification_ids": ["q-1"],
            "activity_ids": ["act-1", "act-2"],
            "note": "Voor het gesprek.",
            "until": "2027-12-31",
        }
    )
    assert ShareOverview.build(share.model_dump()) == SHARE


#: Request fields that are no part of the command: the reason travels in the context.
CONTEXT_FIELDS = {"reason"}
#: Command fields the request names in its address, not its body.
PATH_FIELDS = {"appointment_id", "offering_id", "share_id", "activity_id", "request_id"}
#: Request fields the command holds in other form (the complaints procedure's two fields).
NESTED = {
    ProviderCreate: {"complaints_procedure": ("complaints_procedure", "complaint_decision_days")}
}


@pytest.mark.parametrize(
    ("schema", "command"),
    [
        (DisputeCreate, DisputeAppointment),
        (ProviderCreate, ApplyAsProvider),
        (ProviderDecisionCreate, DecideProvider),
        (OfferingCreate, SubmitOffering),
        (Revocation, RevokeOffering),
        (RatingCreate, RateOffering),
        (ShareCreate, ShareOverview),
        (PeerRequestCreate, RequestPeerConfirmation),
        (PeerAnswerCreate, AnswerPeerRequest),
    ],
    ids=[
        "dispute",
        "application",
        "provider_decision",
        "offering",
        "revocation",
        "rating",
        "share",
        "peer_request",
        "peer_answer",
    ],
)
def test_request_schema_has_the_commands_fields(
    schema: type[BaseModel], command: type[Command]
) -> None:
    """A field added to the command and not to its request schema (or the other way round)
    fails here; required and default agree."""
    fields = {f.name: f for f in dataclasses.fields(command)}
    asked = {n: f for n, f in fields.items() if n not in PATH_FIELDS}
    nested = NESTED.get(schema, {})
    accepted = {n for n in schema.model_fields if n not in CONTEXT_FIELDS}
    flat = {m for n in accepted for m in nested.get(n, (n,))}
    assert flat == set(asked)
    for name, field in schema.model_fields.items():
        if name in CONTEXT_FIELDS or name in nested:
            continue
        f = asked[name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert field.is_required() == required, name
        if not required:  # a request's list is the command's tuple
            given = field.get_default(call_default_factory=True)
            given = tuple(given) if isinstance(given, list) else given
            assert given == f.default, name


def test_the_delivery_body_is_the_commands() -> None:
    """A JSON delivery's body names the delivery id and the rows (as ``appointments``)."""
    from api.schemas.deliveries import DeliveryCreate

    names = {f.name for f in dataclasses.fields(Deliver)} - {"spreadsheet"}
    assert set(DeliveryCreate.model_fields) == (names - {"rows"}) | {"appointments"}


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (DeliveryData, DeliveryAnswer),
        (OfferingSubmittedData, OfferingSubmitted),
        (ProviderAppliedData, ProviderApplied),
        (RatingData, RatingAnswer),
        (ShareData, ShareWritten),
        (ConfirmationData, ConfirmationAnswer),
        (PeerRequestData, PeerRequestCreated),
        (ReceivedRequestData, PeerAnswered),
    ],
    ids=[
        "delivery",
        "offering",
        "application",
        "rating",
        "share",
        "confirmation",
        "peer",
        "answer",
    ],
)
def test_answer_schema_has_the_datas_keys(data: type, answer: type[BaseModel]) -> None:
    """Each answer is the command's data with the write's version and position."""
    keys = set(get_type_hints(data))
    assert keys <= set(answer.model_fields)
    assert set(answer.model_fields) - keys <= {"version", "position", "repeated"}


@pytest.mark.parametrize(
    "data",
    [ProviderDecisionData, OfferingValidationData, OfferingRevocationData],
    ids=["provider", "validation", "revocation"],
)
def test_every_receipt_key_is_in_the_decision_schema(data: type) -> None:
    assert set(get_type_hints(data)) <= set(OtherDecision.model_fields)
