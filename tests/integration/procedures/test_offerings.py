"""Providers and offerings on both stores: admission in term, validation with a trace,
validity and revocation, the catalogue, ratings, and what counts as validated."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from api.bootstrap import Services
from domain.commands import RecordActivity
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    RateOffering,
    RevokeOffering,
    ValidateOffering,
)
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.register import Context
from domain.values import Actor
from projections import catalogue as catalogue_model
from tests.decision_helpers import EVIDENCE, MovableClock, admit, record
from tests.procedure_helpers import (
    PROVIDER,
    PROVIDER_ID,
    VALIDATOR,
    admitted_provider,
    offering,
    provider_answers,
)


def test_a_provider_applies_and_a_validator_admits_it_with_a_receipt(services: Services) -> None:
    register = services.register
    applied = register.apply_as_provider(
        PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER
    )
    assert applied.data == {
        "provider_id": PROVIDER_ID,
        "status": "submitted",
        "decide_by": "2026-12-14",
    }
    decided = register.decide_provider(
        PROVIDER_ID,
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=VALIDATOR,
    ).data
    assert decided["outcome"] == "admitted"
    assert decided["in_time"] is True
    assert decided["policy"]["name"] == "provider_admission"
    assert all(entry["passed"] for entry in decided["trace"])
    assert register.get_provider(PROVIDER_ID).status == "admitted"


def test_a_provider_whose_staff_is_below_hbo_is_refused_and_may_apply_again(
    services: Services,
) -> None:
    register = services.register
    register.apply_as_provider(
        PROVIDER_ID, ApplyAsProvider(**provider_answers(staff_level="mbo")), ctx=PROVIDER
    )
    refused = register.decide_provider(
        PROVIDER_ID,
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=VALIDATOR,
    ).data
    assert refused["outcome"] == "refused"
    assert any("staff_level" in line for line in refused["reasons"]["en"])
    again = register.apply_as_provider(
        PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER
    )
    assert again.data["status"] == "submitted"


def test_no_second_decision_on_an_application_and_no_second_provider_per_kvk(
    services: Services,
) -> None:
    register = services.register
    admitted_provider(register)
    with pytest.raises(ConflictError, match="already decided"):
        register.decide_provider(
            PROVIDER_ID,
            DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
            ctx=VALIDATOR,
        )
    with pytest.raises(ConflictError, match="already applied"):
        register.apply_as_provider(PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER)
    other = Context(Actor("provider", "other"))
    with pytest.raises(ConflictError, match="KvK"):
        register.apply_as_provider("other", ApplyAsProvider(**provider_answers()), ctx=other)


def test_a_malformed_kvk_number_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.register.apply_as_provider(
            PROVIDER_ID, ApplyAsProvider(**provider_answers(kvk_number="1234")), ctx=PROVIDER
        )
    assert refused.value.errors[0].field == "kvk_number"


def test_overdue_applications_are_listed_for_validators(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    register.apply_as_provider(PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER)
    clock.today += timedelta(days=10)
    register.apply_as_provider(
        "b",
        ApplyAsProvider(**provider_answers(kvk_number="87654321")),
        ctx=Context(Actor("provider", "b")),
    )
    clock.today += timedelta(days=7)  # past Monday 14 December, the Atw last day
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        due = catalogue_model.due(db, "providers", on=clock.today)
    assert [(d["provider_id"], d["overdue"]) for d in due] == [(PROVIDER_ID, True), ("b", False)]
    late = register.decide_provider(
        PROVIDER_ID,
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=VALIDATOR,
    )
    assert late.data["in_time"] is False


def test_only_an_admitted_provider_submits_offerings(services: Services) -> None:
    register = services.register
    with pytest.raises(NotFoundError):
        offering(register)
    register.apply_as_provider(PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER)
    with pytest.raises(ConflictError, match="only an admitted provider submits offerings"):
        offering(register)


def test_an_offering_is_validated_against_the_criteria_in_force_with_a_trace(
    services: Services,
) -> None:
    register = services.register
    admitted_provider(register)
    oid = offering(register)
    receipt = register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR).data
    assert receipt["outcome"] == "validated"
    assert receipt["policy"]["name"] == "validation"
    assert receipt["policy"]["version"] == 1
    assert receipt["validity"] == {"from": "2026-11-28", "until": "2029-11-27"}
    assert {e["criterion"] for e in receipt["trace"]} >= {
        "total_hours",
        "hours_split",
        "assessment",
    }
    assert receipt["trace"][0]["evidence"] == [f"{oid}/1"]
    with pytest.raises(ConflictError, match="validated once"):
        register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)


def test_an_offering_mostly_self_study_without_a_test_is_refused(services: Services) -> None:
    register = services.register
    admitted_provider(register)
    oid = offering(register, contact_hours=Decimal(2), self_study_hours=Decimal(10))
    receipt = register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR).data
    assert receipt["outcome"] == "refused"
    assert [e["criterion"] for e in receipt["trace"] if not e["passed"]] == ["assessment"]
    assert receipt["validity"] is None


def test_an_offering_of_a_provider_no_longer_admitted_is_not_validated(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule is checked at validation too, not only at submission."""
    register = services.register
    admitted_provider(register)
    oid = offering(register)
    provider = register.get_provider(PROVIDER_ID)
    provider.status = "refused"  # as if the admission had been lost meanwhile
    monkeypatch.setattr(register, "get_provider", lambda _pid: provider)
    with pytest.raises(ConflictError, match="unadmitted provider"):
        register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)


def test_a_revocation_needs_reasons_and_ends_the_validation_from_today(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    admitted_provider(register)
    oid = offering(register)
    with pytest.raises(ConflictError, match="only a validated offering"):
        register.revoke_offering(oid, RevokeOffering(), ctx=replace(VALIDATOR, reason="klachten"))
    register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
    clock.today += timedelta(days=30)
    with pytest.raises(InvalidInputError):
        register.revoke_offering(oid, RevokeOffering(), ctx=replace(VALIDATOR, reason=" "))
    revoked = register.revoke_offering(
        oid, RevokeOffering(), ctx=replace(VALIDATOR, reason="klachten")
    ).data
    assert revoked["revoked_on"] == "2026-12-28"
    found = register.get_offering(oid)
    assert found.validated_on(date(2026, 12, 27))
    assert not found.validated_on(date(2026, 12, 28))


def test_an_activity_counts_as_validated_only_if_the_offering_was_validated_that_day(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    admitted_provider(register)
    oid = offering(register)
    me = Context(Actor("teacher", str(teacher.teacher_id)))

    def activity(on: date) -> str:
        return str(
            register.record_activity(
                teacher.teacher_id,
                RecordActivity(
                    kind="course",
                    title="cursus",
                    occurred_on=on,
                    contact_hours=Decimal(8),
                    self_study_hours=Decimal(4),
                    competence_areas=["didactics"],
                    offering_id=oid,
                    evidence=EVIDENCE,
                ),
                ctx=me,
            ).data["activity_id"]
        )

    before = activity(date(2026, 11, 1))
    register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
    clock.today = date(2027, 1, 10)
    during = activity(date(2027, 1, 5))
    register.revoke_offering(oid, RevokeOffering(), ctx=replace(VALIDATOR, reason="klachten"))
    clock.today = date(2027, 2, 1)
    after = activity(date(2027, 1, 20))
    file = register.get_teacher(teacher.teacher_id)
    counted = {
        a: register.activity_validated(file, file.activities[a]) for a in (before, during, after)
    }
    assert counted == {before: False, during: True, after: False}
    unknown = record(register, teacher.teacher_id, on=date(2026, 10, 1))
    assert not register.activity_validated(
        file, register.get_teacher(teacher.teacher_id).activities[unknown]
    )


def test_the_catalogue_shows_validated_offerings_with_ratings(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    admitted_provider(register)
    shown = offering(register, title="Formatief evalueren")
    refused = offering(
        register,
        title="Zelfstudie zonder toets",
        contact_hours=Decimal(1),
        self_study_hours=Decimal(9),
    )
    pending = offering(register, title="Nog niet beoordeeld")
    register.validate_offering(shown, ValidateOffering(), ctx=VALIDATOR)
    register.validate_offering(refused, ValidateOffering(), ctx=VALIDATOR)
    teachers = [admit(register) for _ in range(3)]
    for t, score in zip(teachers, (5, 4, 4), strict=True):
        me = Context(Actor("teacher", str(t.teacher_id)))
        register.record_activity(
            t.teacher_id,
            RecordActivity(
                kind="course",
                title="cursus",
                occurred_on=date(2026, 11, 28),
                contact_hours=Decimal(8),
                self_study_hours=Decimal(4),
                competence_areas=["didactics"],
                offering_id=shown,
                evidence=EVIDENCE,
            ),
            ctx=me,
        )
        register.rate_offering(
            t.teacher_id,
            RateOffering(offering_id=shown, score=score, comment="nuttig" if score == 5 else None),
            ctx=me,
        )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        listed = catalogue_model.public_offerings(db, on=clock.today)
        assert [o["offering_id"] for o in listed] == [shown]
        assert listed[0]["rating"] == {"count": 3, "average": "4.3"}
        assert catalogue_model.public_offerings(db, on=clock.today, q="formatief ACME")
        assert catalogue_model.public_offerings(db, on=clock.today, q="wiskunde-onbekend") == []
        assert catalogue_model.comments(db, shown) == [{"score": 5, "comment": "nuttig"}]
        assert catalogue_model.due(db, "offerings", on=clock.today)[0]["offering_id"] == pending
        later = catalogue_model.public_offerings(db, on=date(2029, 11, 28))
    assert later == []


def test_a_teacher_rates_only_an_offering_followed_and_only_once(services: Services) -> None:
    register = services.register
    teacher = admit(register)
    admitted_provider(register)
    oid = offering(register)
    me = Context(Actor("teacher", str(teacher.teacher_id)))
    with pytest.raises(ConflictError, match="only an offering you followed"):
        register.rate_offering(
            teacher.teacher_id, RateOffering(offering_id=oid, score=4, comment=None), ctx=me
        )
    register.record_activity(
        teacher.teacher_id,
        RecordActivity(
            kind="course",
            title="cursus",
            occurred_on=date(2026, 11, 1),
            contact_hours=Decimal(8),
            self_study_hours=Decimal(0),
            competence_areas=["didactics"],
            offering_id=oid,
            evidence=EVIDENCE,
        ),
        ctx=me,
    )
    with pytest.raises(InvalidInputError):
        register.rate_offering(
            teacher.teacher_id, RateOffering(offering_id=oid, score=6, comment=None), ctx=me
        )
    register.rate_offering(
        teacher.teacher_id, RateOffering(offering_id=oid, score=4, comment=None), ctx=me
    )
    with pytest.raises(ConflictError, match="given once"):
        register.rate_offering(
            teacher.teacher_id, RateOffering(offering_id=oid, score=5, comment=None), ctx=me
        )
