"""Schemathesis over the whole OpenAPI document: no 5xx, every answer as documented.

Two kinds of run, each on SQLite and on PostgreSQL, against a register with demo data and
one of everything (`tests/api/world.py`):

- **One run per role** (and one without a token): every operation of the document gets
  generated valid and invalid requests with that role's token, so the fuzzing reaches the
  routes' own parsing and rules where the role may call them, and the 401/403 of the edge
  where it may not. Path parameters are, half the time, ids that exist (the world's files,
  decisions, offerings, objections, providers...), so requests also reach real objects.
- **A stateful run** that follows the document's `links` (`api/openapi.py`, `PRODUCERS`):
  an admission's `teacher_id` into the file's routes, a strike-off's decision into an
  objection, an offering into its validation, and so on. Each step is sent with the token
  of a caller who may make it (a staff role, or the teacher, provider or board the step is
  about), and writes are projected before the next step, so lists see what was made.

A failure names the check (server error, schema, status code, content type) and the request.
Both runs are marked `slow` (CI runs them; `-m "not slow"` leaves them out locally). They are
bounded (a few generated requests per operation and role); set
`LR_FUZZ_EXAMPLES` (requests per operation, role and mode; default 3) and `LR_FUZZ_SCENARIOS`
(stateful scenarios; default 12) higher to search longer, e.g. before a release.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky
from psycopg import sql
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.api.test_authorisation import RULES, bare_app, route_keys
from tests.api.world import BOARD, OTHER_BOARD, OTHER_PROVIDER, PROVIDER, World, build_world
from tests.conftest import PG_URL, require_postgres

#: Generated requests per operation, role and mode (valid, invalid).
EXAMPLES = int(os.environ.get("LR_FUZZ_EXAMPLES", "3"))
#: Requests per operation a role may not call (they end at the edge's 401/403).
EXAMPLES_REFUSED = max(1, EXAMPLES // 3)
#: Stateful scenarios, and steps per scenario.
SCENARIOS = int(os.environ.get("LR_FUZZ_SCENARIOS", "12"))
STEPS = 8

#: Every role of the register, and no token at all.
ROLES = (
    "none",
    "teacher",
    "employer",
    "provider",
    "validator",
    "registrar",
    "appeals",
    "auditor",
    "standards",
)
#: Roles not bound to a subject, in the order the stateful run prefers them.
STAFF = ("registrar", "appeals", "validator", "standards", "auditor")


#: The documented 503s of a register that is working as designed, each with `Retry-After`:
#: a read model not yet at X-Min-Position, and an extract whose entry's newest event awaits
#: its signed checkpoint (docs/api.md).
TRANSIENT_503 = (b"/problems/not-consistent", b"/problems/not-checkpointed")


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """Any 5xx fails, except the documented transient 503s (with `Retry-After`)."""
    if (
        response.status_code == 503
        and any(kind in response.content for kind in TRANSIENT_503)
        and "retry-after" in {name.lower() for name in response.headers}
    ):
        return None
    return not_a_server_error(ctx, response, case)  # type: ignore[no-any-return]


CHECKS = [
    no_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
#: Every operation of the document (the C2SP resources under /ledger/ are API routes outside it).
OPERATIONS = sorted(k for k, route in route_keys(bare_app()).items() if route.include_in_schema)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def fuzz_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    schema = None
    if request.param == "postgres":
        require_postgres()
        schema = f"lrt_fuzz_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        w = build_world(Path(tmp_path_factory.mktemp("fuzz")), demo_teachers=20, pg_schema=schema)
        yield w
        w.services.close()
    finally:
        if schema is not None:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )


@pytest.fixture(scope="module")
def fuzz_app(fuzz_world: World) -> Iterator[FastAPI]:
    app = create_app(fuzz_world.services)
    yield app
    app.state.access_log.close()


@pytest.fixture(scope="module")
def api_schema(fuzz_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


@pytest.fixture(scope="module")
def real_ids(fuzz_world: World) -> dict[str, list[Any]]:
    """Ids that exist, per path parameter name."""
    w = fuzz_world
    proposal_teacher, proposal_id = w.proposal()
    sample_id, _ = w.sampled_activity()
    w.services.projections.catch_up_all()
    return {
        "teacher_id": [w.teacher_id, w.other_teacher_id, proposal_teacher],
        "qualification_id": [w.qualification_id],
        "activity_id": [w.activity_id],
        "decision_id": [w.decision_id],
        "register_number": [w.register_number],
        "board_number": [BOARD, OTHER_BOARD],
        "provider_id": [PROVIDER, OTHER_PROVIDER],
        "offering_id": [w.offering_id],
        "objection_id": [w.objection_id],
        "proposal_id": [proposal_id],
        "sample_id": [sample_id],
        "name": ["reregistration"],
        "version": [1],
    }


def _callers(method: str, path: str) -> frozenset[str]:
    """The roles (not callers: `other_teacher` is a teacher) that pass the route's checks."""
    rule = RULES.get((method, path))
    return frozenset(c.removeprefix("other_") for c in rule.allowed) if rule else frozenset()


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    examples: int,
    headers: dict[str, str],
    ids: dict[str, list[Any]],
) -> None:
    @given(case=operation.as_strategy(mode), data=st.data(), use_real_ids=st.booleans())
    @_settings(examples)
    def run(case: Any, data: st.DataObject, use_real_ids: bool) -> None:
        if use_real_ids and case.path_parameters:
            case.path_parameters = {
                k: data.draw(st.sampled_from(ids[k])) if k in ids else v
                for k, v in case.path_parameters.items()
            }
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented_to(
    api_schema: Any, fuzz_world: World, real_ids: dict[str, list[Any]], role: str
) -> None:
    """No generated request of this role gets a 5xx or an answer the document does not
    describe; every operation is tried, and every failure is reported at the end."""
    headers = fuzz_world.auth(role)
    failures: list[str] = []
    for method, path in OPERATIONS:
        operation = api_schema[path][method]
        may_call = role in _callers(method, path)
        inputs = (operation.path_parameters, operation.query, operation.headers, operation.body)
        modes = [GenerationMode.POSITIVE]
        if may_call and any(len(i) for i in inputs):
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            examples = EXAMPLES if may_call else EXAMPLES_REFUSED
            try:
                _fuzz(operation, mode, examples, headers, real_ids)
            except Exception as exc:  # collected, so one run names every failing operation
                failures.append(f"{method} {path} ({mode.value}):\n{_described(exc)}")
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)


def _described(exc: BaseException) -> str:
    """The failure in full: when a request failed once and passed when Hypothesis sent it
    again (`FlakyFailure`), its message alone would hide what the first answer was."""
    if isinstance(exc, BaseExceptionGroup):
        inner = "\n".join(f"  first failure: {e!r}\n{e}" for e in exc.exceptions)
        return f"{exc}\n{inner}"
    return str(exc)


#: Writes that start chains but whose generated bodies almost never pass the domain's checks
#: (a BSN passes the elfproef, hours are decimals, dates in order): every other step of these
#: sends the body the authorisation table sends, so scenarios reach the routes behind them.
SEEDED = (
    ("POST", "/api/teachers"),
    ("POST", "/api/providers"),
    ("POST", "/api/offerings"),
    ("POST", "/api/activity-samples"),
    ("POST", "/api/teachers/{teacher_id}/activities"),
    ("POST", "/api/teachers/{teacher_id}/appointments"),
    ("POST", "/api/teachers/{teacher_id}/leave"),
    ("POST", "/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off"),
    ("POST", "/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off-proposal"),
)


class _Tokens:
    """The token a stateful step is sent with: a staff role that may make the call, else the
    teacher, provider or board the step is about (known from earlier answers)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.teachers = {world.teacher_id, world.other_teacher_id}
        self.teacher_of_decision: dict[str, str] = {}
        self.providers = 0
        self.seeded = 0

    def seed(self, case: Any) -> None:
        """Two of three steps of a `SEEDED` write get a body the domain accepts. No step
        sends a generated `If-Match` (it would name another version; the per-role runs try
        those), so a chain is not cut short by 412."""
        if case.headers:
            case.headers = {k: v for k, v in case.headers.items() if k.lower() != "if-match"}
        key = (case.method.upper(), case.path)
        if key not in SEEDED:
            return
        self.seeded += 1
        if self.seeded % 3:
            body = RULES[key].request(self.world).json
            if isinstance(body, dict):
                case.body = body

    def learn(self, case: Any, answer: Any) -> None:
        """Remember the files and decisions a successful answer names."""
        if not 200 <= answer.status_code < 300:
            return
        try:
            body = answer.json()
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get("teacher_id"), str):
            self.teachers.add(body["teacher_id"])
            if isinstance(body.get("decision_id"), str):
                self.teacher_of_decision[body["decision_id"]] = body["teacher_id"]

    def headers(self, case: Any) -> dict[str, str]:
        allowed = _callers(case.method.upper(), case.path)
        for role in STAFF:
            if role in allowed:
                return self.world.auth(role)
        params = case.path_parameters or {}
        body = case.body if isinstance(case.body, dict) else {}
        if "teacher" in allowed:
            teacher = str(params.get("teacher_id") or "")
            if teacher not in self.teachers:
                teacher = self.teacher_of_decision.get(str(body.get("decision_id")), "")
            return self.world.token("teacher", teacher or self.world.teacher_id)
        if "provider" in allowed:
            provider = str(params.get("provider_id") or "")
            if case.path == "/api/providers":  # an application: a provider not yet known
                self.providers += 1
                provider = f"provider-fuzz-{self.providers}"
            if provider not in (PROVIDER, OTHER_PROVIDER) and not provider.startswith(
                "provider-fuzz-"
            ):
                provider = PROVIDER
            return self.world.token("provider", provider)
        if "employer" in allowed:
            board = str(params.get("board_number") or "")
            return self.world.token("employer", board if board == OTHER_BOARD else BOARD)
        return {}


@pytest.mark.slow
def test_stateful_runs_follow_the_links(fuzz_app: FastAPI, fuzz_world: World) -> None:
    """Scenarios of linked steps (made id, then used) get no 5xx and only documented answers.
    Steps are valid requests (the per-role runs send the invalid ones), so chains go deep."""
    api_schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    api_schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    tokens = _Tokens(fuzz_world)
    failures: list[str] = []
    started = [0]
    reached: set[str] = set()
    projections = fuzz_world.services.projections

    class Scenario(api_schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            started[0] += 1

        def before_call(self, case: Any) -> None:
            tokens.seed(case)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": tokens.headers(case)}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            tokens.learn(case, response)
            if "{" in case.path and 200 <= response.status_code < 300:
                reached.add(f"{case.method} {case.path}")
            if case.method.upper() != "GET" and response.status_code < 300:
                projections.catch_up_all()

        def validate_response(
            self,
            response: Any,
            case: Any,
            additional_checks: Any = None,
            **kwargs: Any,
        ) -> None:
            # Collected, not raised: a replay by Hypothesis would meet a register that has
            # moved on, so every failure is reported from the one run that found it.
            try:
                case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)
            except Exception as exc:
                failures.append(f"{case.method} {case.path}:\n{exc}")

    # Hypothesis stops a run with `Flaky` when the same steps meet different answers (the
    # register moved on: files made, decisions taken); the run then goes on afresh until
    # SCENARIOS scenarios ran. What failed is collected above, so nothing is lost.
    for _ in range(SCENARIOS):
        if started[0] >= SCENARIOS:
            break
        try:
            Scenario.run(
                settings=settings(
                    max_examples=SCENARIOS - started[0],
                    stateful_step_count=STEPS,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    derandomize=True,
                    database=None,
                    phases=[Phase.generate],
                )
            )
        except Flaky:
            continue
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)
    # Ids in paths are only real when a link supplied them: the links were followed.
    assert reached, "no step reached an object through a link"
