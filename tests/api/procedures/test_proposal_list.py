"""GET /api/strike-off-proposals on both stores: the hearings that await a decision, those
that may be decided now first, paged with a cursor; the read model folds the log incrementally
to what a rebuild gives."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import valid_bsn
from domain.commands import AdmitTeacher
from domain.commands.hearings import DecideProposal, GiveView, ProposeStrikeOff, WithdrawProposal
from domain.commands.objections import FileObjection, RuleOnObjection
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import MovableClock
from tests.projection_helpers import dump

Tokens = Callable[..., dict[str, str]]
LIST = "/api/strike-off-proposals"
REGISTRAR = Context(Actor("registrar", "tests"), reason="tuchtmaatregel")
_bsn = random.Random(41)


def _admit(services: Services, family_name: str) -> tuple[UUID, str]:
    result = services.register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(_bsn),
            name=Name("B.", "Bo", "van", family_name),
            birth_date=date(1981, 3, 4),
            qualifications=[{"sector": "vo", "subject": "biologie", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    return result.aggregate_id, result.data["qualifications"][0]["qualification_id"]


def _propose(services: Services, family_name: str) -> tuple[UUID, str]:
    tid, qid = _admit(services, family_name)
    proposed = services.register.propose_strike_off(
        tid, ProposeStrikeOff(qualification_id=qid, ground="disciplinary_measure"), ctx=REGISTRAR
    )
    return tid, str(proposed.data["proposal_id"])


def _hearings(services: Services, clock: MovableClock) -> dict[str, tuple[UUID, str]]:
    """Term passed (proposed in October), view given, awaiting the view, withdrawn."""
    clock.today = date(2026, 10, 1)
    made = {"passed": _propose(services, "Oktober")}
    clock.today = date(2026, 11, 20)
    made["viewed"] = _propose(services, "Zienswijze")
    made["waiting"] = _propose(services, "Wachtend")
    made["withdrawn"] = _propose(services, "Ingetrokken")
    clock.today = date(2026, 11, 21)
    tid, pid = made["viewed"]
    services.register.give_view(
        tid, GiveView(proposal_id=pid, view="Ik was ziek."), ctx=Context(Actor("teacher", str(tid)))
    )
    tid, pid = made["withdrawn"]
    services.register.withdraw_proposal(tid, WithdrawProposal(proposal_id=pid), ctx=REGISTRAR)
    clock.today = date(2026, 11, 28)
    services.projections.catch_up_all()
    return made


def _get(client: TestClient, headers: dict[str, str], query: str = "") -> Any:
    answer = client.get(LIST + query, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_open_proposals_that_may_be_decided_come_first(
    services: Services, clock: MovableClock, client: TestClient, token_for: Tokens
) -> None:
    made = _hearings(services, clock)
    data = _get(client, token_for("registrar"))["data"]
    ids = {pid: name for name, (_, pid) in made.items()}
    assert [ids[p["proposal_id"]] for p in data] == ["passed", "viewed", "waiting"]
    assert [p["may_be_decided"] for p in data] == [True, True, False]
    first = data[0]
    tid, _ = made["passed"]
    teacher = services.register.get_teacher(tid)
    assert first["teacher_id"] == str(tid)
    assert first["person"] == {
        "register_number": teacher.register_number,
        "initials": "B.",
        "prefix": "van",
        "family_name": "Oktober",
    }
    assert (first["sector"], first["subject"]) == ("vo", "biologie")
    assert first["ground"] == "disciplinary_measure"
    assert first["proposed_on"] == "2026-10-01"
    assert first["view_due"] < "2026-11-28" < data[2]["view_due"]
    assert first["view_given_on"] is None
    assert data[1]["view_given_on"] == "2026-11-21"
    every = _get(client, token_for("auditor"), "?status=all")["data"]
    assert [ids[p["proposal_id"]] for p in every] == ["passed", "viewed", "waiting", "withdrawn"]
    assert every[-1]["status"] == "withdrawn"
    assert every[-1]["may_be_decided"] is False


def test_a_decided_proposal_leaves_the_open_list(
    services: Services, clock: MovableClock, client: TestClient, token_for: Tokens
) -> None:
    made = _hearings(services, clock)
    tid, pid = made["passed"]
    decided = services.register.decide_proposal(
        tid, DecideProposal(proposal_id=pid, effective_on=date(2026, 11, 28)), ctx=REGISTRAR
    )
    services.projections.catch_up_all()
    headers = token_for("registrar")
    assert pid not in [p["proposal_id"] for p in _get(client, headers)["data"]]
    row = next(p for p in _get(client, headers, "?status=all")["data"] if p["proposal_id"] == pid)
    assert row["status"] == "decided"
    assert row["decision_id"] == decided.data["decision_id"]


def test_pages_follow_the_cursor_in_the_same_order(
    services: Services, clock: MovableClock, client: TestClient, token_for: Tokens
) -> None:
    _hearings(services, clock)
    headers = token_for("registrar")
    whole = [p["proposal_id"] for p in _get(client, headers, "?status=all")["data"]]
    seen: list[str] = []
    query = "?status=all&limit=1"
    while True:
        page = _get(client, headers, query)
        seen += [p["proposal_id"] for p in page["data"]]
        if page["next_cursor"] is None:
            break
        query = f"?status=all&limit=1&cursor={page['next_cursor']}"
    assert seen == whole
    assert len(seen) == 4
    foreign = client.get(LIST + "?cursor=WyJhIiwiYiIsImMiXQ", headers=headers)  # ["a","b","c"]
    assert foreign.status_code == 400
    assert foreign.headers["content-type"].startswith("application/problem+json")


def test_the_list_is_for_the_registrar_and_auditors_and_logs_the_files_read(
    services: Services, clock: MovableClock, client: TestClient, token_for: Tokens
) -> None:
    made = _hearings(services, clock)
    for role in ("appeals", "standards"):
        assert client.get(LIST, headers=token_for(role)).status_code == 403
    tid, _ = made["waiting"]
    assert client.get(LIST, headers=token_for("teacher", str(tid))).status_code == 403
    assert client.get(LIST + "?status=closed", headers=token_for("registrar")).status_code == 422
    _get(client, token_for("registrar"))
    log = client.app.state.access_log  # type: ignore[attr-defined]
    assert log.read(teacher_id=str(tid), before=None, limit=10)


def test_the_read_model_folded_in_small_batches_equals_a_rebuild(
    services: Services, clock: MovableClock
) -> None:
    """Proposals, views and closings folded one event at a time give what a rebuild gives."""
    runner = services.projections
    runner.batch_size = 1
    made = _hearings(services, clock)
    tid, pid = made["viewed"]
    services.register.decide_proposal(
        tid, DecideProposal(proposal_id=pid, effective_on=date(2026, 11, 28)), ctx=REGISTRAR
    )
    runner.catch_up_all()
    incremental = dump(runner)
    assert len(incremental["proposal_list"]) == 4
    runner.rebuild_batch_size = 3
    runner.rebuild(["proposals"])
    assert dump(runner) == incremental


def test_a_strike_off_revoked_on_objection_marks_its_proposal_revoked(
    services: Services, clock: MovableClock, client: TestClient, token_for: Tokens
) -> None:
    """The strike-off that closed a proposal is revoked on a well-founded objection: the
    proposal shows `revoked`, not `decided`; other proposals are untouched."""
    made = _hearings(services, clock)
    tid, pid = made["passed"]
    decided = services.register.decide_proposal(
        tid, DecideProposal(proposal_id=pid, effective_on=date(2026, 11, 28)), ctx=REGISTRAR
    )
    decision_id = str(decided.data["decision_id"])
    filed = services.register.file_objection(
        FileObjection(decision_id=decision_id, grounds="De maatregel was al vernietigd."),
        ctx=Context(Actor("teacher", str(tid))),
    )
    services.register.rule_on_objection(
        RuleOnObjection(
            objection_id=str(filed.data["objection_id"]),
            outcome="well_founded",
            reasoning="De grond voor de doorhaling is vervallen.",
        ),
        ctx=Context(Actor("appeals", "commissie")),
    )
    services.projections.catch_up_all()
    rows = {
        p["proposal_id"]: p for p in _get(client, token_for("registrar"), "?status=all")["data"]
    }
    assert rows[pid]["status"] == "revoked"
    assert rows[pid]["decision_id"] == decision_id
    assert rows[made["withdrawn"][1]]["status"] == "withdrawn"
    assert rows[made["waiting"][1]]["status"] == "open"
