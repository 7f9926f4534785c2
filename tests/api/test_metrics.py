"""`/metrics` on both stores: requests counted per route template (ids collapsed, nothing
personal in a label), the store's gauges read at scrape time, and only for allowed addresses."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError

from api.app import create_app
from api.bootstrap import Services
from api.settings import Settings
from tests.api.test_teachers import ADMISSION, admit

Tokens = Callable[..., dict[str, str]]
LOOPBACK = ("127.0.0.1", 50000)
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> tuple[str, Samples]:
    """The text of `/metrics` and its samples by (name, labels)."""
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples: Samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return answer.text, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def local(services: Services) -> Iterator[TestClient]:
    """A client on the loopback address (the default of LR_METRICS_ALLOW)."""
    with TestClient(create_app(services), client=LOOPBACK) as c:
        yield c


def test_requests_are_counted_per_route_template_never_per_id(
    local: TestClient, token_for: Tokens
) -> None:
    tid = admit(local, token_for)["teacher_id"]
    registrar = token_for("registrar")
    unknown = str(uuid.uuid4())
    assert local.get(f"/api/teachers/{tid}", headers=registrar).status_code == 200
    assert local.get(f"/api/teachers/{unknown}", headers=registrar).status_code == 404
    lookup = local.post("/api/teachers/lookup", json={"bsn": ADMISSION["bsn"]}, headers=registrar)
    assert lookup.status_code == 200
    assert local.get("/no/such/page/" + unknown).status_code == 404

    text, samples = scrape(local)
    template = "/api/teachers/{teacher_id}"
    counted = "lr_http_requests_total"
    assert value(samples, counted, method="GET", route=template, status="200") == 1
    assert value(samples, counted, method="GET", route=template, status="404") == 1
    assert value(samples, counted, method="POST", route="/api/teachers", status="201") == 1
    assert value(samples, counted, method="GET", route="unmatched", status="404") == 1
    timed = "lr_http_request_duration_seconds_count"
    assert value(samples, timed, method="GET", route=template) == 2
    assert value(samples, "lr_http_request_duration_seconds_sum", method="GET", route=template) > 0
    # Nothing of a person or a token in the text: only templates and fixed words.
    for secret in (tid, unknown, ADMISSION["bsn"], registrar["Authorization"].split()[1]):
        assert secret not in text
    routes = {dict(labels).get("route") for _, labels in samples}
    assert all(r is None or r == "unmatched" or r.startswith("/") for r in routes)

    # A second scrape counts the first one, and counts on from where it was.
    _, again = scrape(local)
    assert value(again, counted, method="GET", route="/metrics", status="200") == 1
    assert value(again, counted, method="GET", route=template, status="200") == 1


def test_a_method_of_the_clients_choosing_is_counted_as_other(local: TestClient) -> None:
    assert local.request("BREW", "/healthz").status_code == 405
    text, samples = scrape(local)
    assert "BREW" not in text
    assert value(samples, "lr_http_requests_total", method="other", route="/healthz", status="405")


def test_projection_lag_shows_events_not_folded_and_zero_after_catch_up(
    services: Services, local: TestClient, token_for: Tokens
) -> None:
    """The fixture's projections do not run by themselves: an admission leaves them behind."""
    services.projections.catch_up_all()
    admit(local, token_for)
    head = services.register.head_position()
    _, behind = scrape(local)
    assert value(behind, "lr_store_up") == 1
    assert value(behind, "lr_log_head_position") == head
    for name in ("portfolio", "public_register"):
        assert value(behind, "lr_projection_lag", projection=name) > 0
        assert value(behind, "lr_projection_lag", projection=name) == head - value(
            behind, "lr_projection_position", projection=name
        )

    services.projections.catch_up_all()
    _, caught_up = scrape(local)
    for name in services.projections.projections:
        assert ("lr_projection_lag", frozenset({("projection", name)})) in caught_up
        assert value(caught_up, "lr_projection_lag", projection=name) == 0
    # The ledger signed a checkpoint while catching up: its age is there, and small.
    assert value(caught_up, "lr_ledger_checkpoint_tree_size") == head
    assert 0 <= value(caught_up, "lr_ledger_checkpoint_age_seconds") < 120
    # No reminders are due in this world: the outbox's statuses are there, at 0.
    for status in ("pending", "sending", "failed", "in_doubt"):
        assert ("lr_outbox_backlog", frozenset({("status", status)})) in caught_up
        assert value(caught_up, "lr_outbox_backlog", status=status) == 0


def test_every_cause_of_a_503_is_there_from_the_start(local: TestClient) -> None:
    _, samples = scrape(local)
    for cause in ("database-unavailable", "database-busy", "disk-full", "pool-exhausted"):
        assert ("lr_http_unavailable_total", frozenset({("cause", cause)})) in samples


def test_a_503_of_a_read_model_not_yet_there_is_counted_as_not_consistent(
    services: Services, local: TestClient, token_for: Tokens
) -> None:
    services.settings.min_position_wait = 0.1
    admit(local, token_for)  # the projections do not run: the register stays behind
    head = services.register.head_position()
    waited = local.get(
        "/api/public/register", params={"name": "Vries"}, headers={"X-Min-Position": str(head)}
    )
    assert waited.status_code == 503
    _, samples = scrape(local)
    assert value(samples, "lr_http_unavailable_total", cause="not-consistent") == 1
    assert value(samples, "lr_http_unavailable_total", cause="database-unavailable") == 0


def test_an_address_not_allowed_is_refused(services: Services) -> None:
    services.settings.metrics_allow = "10.0.0.0/8, 192.0.2.7"
    app = create_app(services)
    with TestClient(app, client=LOOPBACK) as loopback:
        refused = loopback.get("/metrics")
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        assert "lr_http" not in refused.text
    for address in ("10.1.2.3", "192.0.2.7", "::ffff:10.9.9.9"):
        with TestClient(app, client=(address, 50000)) as allowed:
            assert allowed.get("/metrics").status_code == 200, address
    with TestClient(app, client=("192.0.2.8", 50000)) as other:
        assert other.get("/metrics").status_code == 403


def test_the_default_allows_loopback_only(client: TestClient) -> None:
    """The test client's address is no IP address at all: refused, like any other."""
    assert client.get("/metrics").status_code == 403


def test_metrics_are_no_part_of_the_api_document(local: TestClient) -> None:
    assert "/metrics" not in local.get("/openapi.json").json()["paths"]


def test_a_malformed_allow_list_stops_the_start() -> None:
    with pytest.raises(ValidationError, match="metrics_allow"):
        Settings(metrics_allow="127.0.0.1, localhost")
    assert len(Settings(metrics_allow="").metrics_networks()) == 0
