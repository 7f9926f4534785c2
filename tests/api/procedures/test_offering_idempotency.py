"""Over HTTP, the routes that now build the offering commands bind an Idempotency-Key to the
fingerprint the register stored before (the golden values of
tests/unit/test_commands_procedures_b.py, computed from the old hand-built payloads): a key
stored then still answers its retry, and the same key with other input is refused. Both
stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands.offerings import ApplyAsProvider, DecideProvider
from domain.errors import ConflictError
from domain.indexes import IdempotencyRecord, idempotency_id
from domain.register import Context
from domain.register.base import fingerprint
from domain.values import Actor
from tests.procedure_helpers import VALIDATOR, provider_answers
from tests.unit.test_commands_procedures_b import GOLDEN

Tokens = Callable[..., dict[str, str]]
STORED_APPLICATION = GOLDEN[2][2]
STORED_OFFERING = GOLDEN[5][2]
APPLICATION = {
    "name": " Academie Rekenen ",
    "kvk_number": "12345678",
    "staff_level": "hbo",
    "practice_alignment": " Met scholen samen.\n",
    "quality_monitoring": "Evaluaties per cursus. ",
    "complaints_procedure": {"in_place": True, "decision_days": 42},
}
OFFERING = {
    "title": "Rekendidactiek",
    "description": "Tien avonden.",
    "sector": "po",
    "competence_areas": ["didactics", "pedagogy"],
    "contact_hours": "12.5",
    "self_study_hours": "4",
    "has_assessment": True,
    "price": "250.00",
}


def _stored(services: Services, actor: Actor, key: str) -> str:
    record: IdempotencyRecord = services.register.repository.get(idempotency_id(actor, key))
    return record.fingerprint


def test_application_offering_and_validation_keys_are_the_ones_stored_before(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    provider = token_for("provider", "prov-1")
    applied = client.post(
        "/api/providers", json=APPLICATION, headers={**provider, "Idempotency-Key": "k-apply"}
    )
    assert applied.status_code == 201, applied.text
    assert _stored(services, Actor("provider", "prov-1"), "k-apply") == STORED_APPLICATION
    again = client.post(
        "/api/providers", json=APPLICATION, headers={**provider, "Idempotency-Key": "k-apply"}
    )
    assert again.status_code == 201, again.text
    assert again.json() == applied.json()
    other = {**APPLICATION, "quality_monitoring": "Anders."}
    refused = client.post(
        "/api/providers", json=other, headers={**provider, "Idempotency-Key": "k-apply"}
    )
    assert refused.status_code == 409, refused.text

    # refused on these answers; it applies again with answers that are admitted
    admit = DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True)
    services.register.decide_provider("prov-1", admit, ctx=VALIDATOR)
    better = ApplyAsProvider(**provider_answers())
    services.register.apply_as_provider("prov-1", better, ctx=Context(Actor("provider", "prov-1")))
    assert services.register.decide_provider("prov-1", admit, ctx=VALIDATOR).data["met"]
    submitted = client.post(
        "/api/offerings", json=OFFERING, headers={**provider, "Idempotency-Key": "k-offer"}
    )
    assert submitted.status_code == 201, submitted.text
    assert _stored(services, Actor("provider", "prov-1"), "k-offer") == STORED_OFFERING
    again = client.post(
        "/api/offerings", json=OFFERING, headers={**provider, "Idempotency-Key": "k-offer"}
    )
    assert again.json()["offering_id"] == submitted.json()["offering_id"]

    oid = submitted.json()["offering_id"]
    validator = {**token_for("validator", "v9"), "Idempotency-Key": "k-validate"}
    decided = client.post(f"/api/offerings/{oid}/validation", headers=validator)
    assert decided.status_code == 201, decided.text
    old_payload = {"command": "validate_offering", "offering": oid}
    assert _stored(services, Actor("validator", "v9"), "k-validate") == fingerprint(old_payload)
    again = client.post(f"/api/offerings/{oid}/validation", headers=validator)
    assert again.json()["decision_id"] == decided.json()["decision_id"]


def test_a_provider_decision_key_binds_the_reason_and_still_knows_keys_stored_before(
    services: Services,
) -> None:
    """The validator's reason is part of the decision (its receipt's inputs): the same key
    with another reason is refused. A key stored before the reason was bound (its
    fingerprint over the payload without it) still answers its retry."""
    register = services.register
    register.apply_as_provider(
        "prov-2", ApplyAsProvider(**provider_answers()), ctx=Context(Actor("provider", "prov-2"))
    )
    admit = DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True)
    keyed = replace(VALIDATOR, reason="voldoet", idempotency_key="k-decide")
    decided = register.decide_provider("prov-2", admit, ctx=keyed)
    assert register.decide_provider("prov-2", admit, ctx=keyed).data == decided.data
    with pytest.raises(ConflictError):
        register.decide_provider("prov-2", admit, ctx=replace(keyed, reason="iets anders"))

    # A record as the register stored it before: the fingerprint of the payload without
    # the reason. Its retry, with whatever reason, gets the first answer back.
    old = replace(VALIDATOR, reason="eerder", idempotency_key="k-old")
    record = IdempotencyRecord.create(
        old.actor,
        "k-old",
        fingerprint(admit.payload(provider="prov-2")),
        decided.to_dict(),
    )
    register.save(record)
    again = register.decide_provider("prov-2", admit, ctx=old)
    assert again.data == decided.data
