"""Old history must keep loading: golden stored events of every type, read by today's code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain import correspondence, indexes, teacher, tokens
from domain.teacher import Teacher

GOLDEN = sorted((Path(__file__).parent.parent / "golden").glob("events_v*.json"))


def _stored(item: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def _event_classes() -> set[str]:
    """Every concrete event class of the domain's aggregates, as stored topics."""
    abstract = {"Event", "Created", "Decided", "Snapshot"}
    topics = set()
    for module, aggregate in [
        (teacher, Teacher),
        (indexes, indexes.PersonIndex),
        (indexes, indexes.RegisterNumberIndex),
        (indexes, indexes.IdempotencyRecord),
        (tokens, tokens.AccessToken),
        (correspondence, correspondence.Correspondence),
    ]:
        for name, value in vars(aggregate).items():
            if (
                isinstance(value, type)
                and issubclass(value, Aggregate.Event)
                and name not in abstract
            ):
                topics.add(f"{module.__name__}:{aggregate.__name__}.{name}")
    return topics


def test_every_event_type_has_a_golden_example() -> None:
    """A new event type without a golden example fails here: add one with make_golden.py."""
    stored = {item["topic"] for path in GOLDEN for item in json.loads(path.read_text())["events"]}
    assert _event_classes() <= stored


def test_golden_history_loads_into_todays_aggregate(services: Services) -> None:
    """Stored as older code wrote them, the events load and replay to the expected file."""
    register = services.register
    for path in GOLDEN:
        doc = json.loads(path.read_text())
        register.recorder.insert_events([_stored(item) for item in doc["events"]])
        # Files that hold a teacher's history hold the same one (events_v1's, copied); a
        # file of other aggregates only (impact runs) has its own test of what it replays to.
        if "teacher_id" in doc:
            file = register.get_teacher(UUID(doc["teacher_id"]))
            assert file.name.prefix == "van den"
            assert file.birth_date == date(1980, 2, 29)
            assert file.activities["a1"].withdrawn
            vo = next(q for q in file.qualifications.values() if q.sector == "vo")
            assert vo.status == "struck_off"  # reinstatement was revoked
            assert [d["decision_id"] for d in file.decisions] == ["d1", "d2", "d3", "d4", "d5"]
            assert file.period_end(vo.qualification_id) > vo.period_start
        for item in doc["events"]:
            event = register.mapper.to_domain_event(_stored(item))
            assert event.originator_version == item["version"]


def test_strike_off_proposals_load_with_and_without_their_assessment(services: Services) -> None:
    """StrikeOffProposed gained `assessment`: the older shape (events_v2.json) loads with
    None, a proposal made at re-registration (events_v3.json) with the assessment it rests on."""
    register = services.register
    shapes: dict[str, object] = {}
    for name in ("events_v2.json", "events_v3.json"):
        doc = json.loads((Path(__file__).parent.parent / "golden" / name).read_text())
        register.recorder.insert_events([_stored(item) for item in doc["events"]])
        file = register.get_teacher(UUID(doc["teacher_id"]))
        (proposal,) = file.proposals.values()
        assert proposal.status == "withdrawn"
        shapes[name] = proposal.assessment
    assert shapes["events_v2.json"] is None
    assessment = shapes["events_v3.json"]
    assert isinstance(assessment, dict)
    assert assessment["kind"] == "re_registration"
    assert assessment["policy"]["name"] == "reregistration"
    assert assessment["period"] == {"start": "2024-07-01", "end": "2028-06-30"}
    assert {s["criterion"] for s in assessment["shortfalls"]} >= {"total_hours"}


def test_leave_loads_as_approved_before_the_check_and_as_checked_after(services: Services) -> None:
    """Leave stored before the check (events_v1.json, no status) loads as approved: it was
    accepted under the rules of its day. events_v4_leave.json holds the teacher's reports, one
    approved and one rejected, and a pre-register term that passed."""
    register = services.register
    golden = Path(__file__).parent.parent / "golden"
    old = json.loads((golden / "events_v1.json").read_text())
    register.recorder.insert_events([_stored(item) for item in old["events"]])
    old_file = register.get_teacher(UUID(old["teacher_id"]))
    assert old_file.leaves
    assert all(leave.status == "approved" for leave in old_file.leaves.values())
    new = json.loads((golden / "events_v4_leave.json").read_text())
    register.recorder.insert_events([_stored(item) for item in new["events"]])
    file = register.get_teacher(UUID(new["teacher_id"]))
    assert file.leaves[new["approved_leave_id"]].status == "approved"
    rejected = file.leaves[new["rejected_leave_id"]]
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "geen verklaring")
    approved_spans = {(lv.start, lv.end) for lv in file.leaves.values() if lv.approved}
    assert set(file.leave_periods()) == approved_spans
    assert (rejected.start, rejected.end) not in approved_spans
    assert file.qualifications["q-golden-preregister"].status == "preregister_expired"


def test_sealed_personal_fields_of_an_erased_person_load_as_placeholders(
    services: Services,
) -> None:
    """events_v4_privacy.json: fields sealed in the `_personal` envelope, whose key is gone,
    load as the documented placeholders; dates, hours and statuses as stored."""
    from domain.erased import ERASED_DATE, ERASED_NAME, ERASED_TEXT

    register = services.register
    doc = json.loads(
        (Path(__file__).parent.parent / "golden" / "events_v4_privacy.json").read_text()
    )
    assert all("Goudvink" not in item["state"] for item in doc["events"])
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    file = register.get_teacher(UUID(doc["erased_teacher_id"]))
    assert (file.name, file.bsn, file.birth_date) == (ERASED_NAME, "", ERASED_DATE)
    assert file.erased_on is not None
    (activity,) = file.activities.values()
    assert (activity.title, activity.reflection) == (ERASED_TEXT, ERASED_TEXT)
    assert activity.contact_hours == 4
    assert [q.status for q in file.qualifications.values()] == ["struck_off"]
    assert file.registered_on == date(2012, 9, 1)


def test_sealed_pending_appointments_of_an_erased_person_load_as_placeholders(
    services: Services,
) -> None:
    """events_v7_pending_privacy.json: what an employer delivered before the admission
    (gender, date of birth, masked BSN) sealed under the waiting record's own key, an evidence
    reference and the teacher's words on leave sealed under the teacher's; both keys gone."""
    from domain.delivery import PendingAppointments
    from domain.erased import ERASED_DATE, ERASED_TEXT

    register = services.register
    doc = json.loads(
        (Path(__file__).parent.parent / "golden" / "events_v7_pending_privacy.json").read_text()
    )
    for secret in ("1970-06-01", "******602", "Goudvink", "goudvink", "Zorg voor", "Akkoord"):
        assert all(secret not in item["state"] for item in doc["events"]), secret
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    pending: PendingAppointments = register.repository.get(UUID(doc["pending_id"]))
    assert (pending.gender, pending.birth_date, pending.bsn_masked) == ("", ERASED_DATE, "")
    assert sorted(a["brin"] for a in pending.appointments.values()) == ["01AB", "02CD"]
    assert pending.teacher_id == UUID(doc["erased_teacher_id"])
    file = register.get_teacher(UUID(doc["erased_teacher_id"]))
    (activity,) = file.activities.values()
    assert (activity.evidence_reference, activity.contact_hours) == (ERASED_TEXT, 4)
    assert [leave.kind for leave in file.leaves.values()] == ["care"]
    assert len(file.appointments) == 2
    # the decision after the hearing, the consent to a deferral, the answers kept for retries
    struck = next(
        i
        for i in doc["events"]
        if i["originator_id"] == doc["erased_teacher_id"] and i["topic"].endswith("StruckOff")
    )
    record = register.mapper.to_domain_event(_stored(struck)).decision
    assert record["decision_id"] == doc["decision_id"]
    assert record["inputs"]["hearing"]["view"] == ERASED_TEXT
    assert record["reasons"] == {"nl": [ERASED_TEXT], "en": [ERASED_TEXT]}
    assert record["outcome"] == "struck_off"
    assert register.get_objection(doc["objection_id"]).grounds == ERASED_TEXT
    consent = register.mapper.to_domain_event(
        next(_stored(i) for i in doc["events"] if i["topic"].endswith("DeferredWithConsent"))
    )
    assert consent.consent == ERASED_TEXT
    for answer in doc["answer_ids"]:
        assert register.repository.get(UUID(answer)).result == {"erased": True}
