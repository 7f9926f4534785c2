"""`/metrics`: the register's health in Prometheus' text format, for operators only.

Two kinds of figures (docs/operations.md, "Metrics"):

- request counts, latencies and 503s by cause, summed over every server process on this
  host from the multiprocess files of `api.metrics`;
- gauges read from the store at scrape time (projection lag, checkpoint age, outbox backlog),
  so every process answers the same; within `LR_READ_TIMEOUT`, else `lr_store_up 0` and the
  request figures alone.

Only callers whose address is in `LR_METRICS_ALLOW` (default: loopback) get an answer; others
get 403. Not in the OpenAPI document, like the C2SP ledger paths: it is no part of the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from ipaddress import IPv6Address, ip_address
from typing import Any

import anyio
import anyio.to_thread
import structlog
from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

from api.bootstrap import Services
from api.metrics import collect_requests
from api.problems import problem
from projections.store_gauges import StoreGauges, read_gauges

log = structlog.get_logger("lerarenregister.metrics")

router = APIRouter(tags=["operations"], include_in_schema=False)
#: The text exposition format every Prometheus version reads.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def allowed(request: Request, services: Services) -> bool:
    """Whether the caller's address is in `LR_METRICS_ALLOW`."""
    client = request.client
    if client is None:
        return False
    try:
        address = ip_address(client.host)
    except ValueError:
        return False
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in services.settings.metrics_networks())


def _read_store(services: Services) -> StoreGauges:
    with services.projections.readers.connection() as db:
        return read_gauges(db, services.projections.projections)


def store_families(gauges: StoreGauges | None, now: datetime) -> list[Metric]:
    """The gauges read from the store (only `lr_store_up 0` when it could not be read)."""
    up = GaugeMetricFamily(
        "lr_store_up", "Whether this scrape could read the store within LR_READ_TIMEOUT"
    )
    up.add_metric([], 0 if gauges is None else 1)
    if gauges is None:
        return [up]
    head = GaugeMetricFamily("lr_log_head_position", "Position of the newest event in the log")
    head.add_metric([], gauges.head)
    lag = GaugeMetricFamily(
        "lr_projection_lag",
        "Log positions a read model is behind the head of the log (0: caught up)",
        labels=["projection"],
    )
    position = GaugeMetricFamily(
        "lr_projection_position", "Log position a read model has folded", labels=["projection"]
    )
    for name in sorted(gauges.positions):
        lag.add_metric([name], gauges.lag(name))
        position.add_metric([name], gauges.positions[name])
    backlog = GaugeMetricFamily(
        "lr_outbox_backlog",
        "Messages in the outbox not delivered yet, by status",
        labels=["status"],
    )
    for status, count in sorted(gauges.outbox.items()):
        backlog.add_metric([status], count)
    families: list[Metric] = [up, head, lag, position, backlog]
    if gauges.checkpoint_signed_at is not None and gauges.checkpoint_size is not None:
        age = GaugeMetricFamily(
            "lr_ledger_checkpoint_age_seconds",
            "Seconds since the newest signed ledger checkpoint was signed",
        )
        age.add_metric([], max(0.0, (now - gauges.checkpoint_signed_at).total_seconds()))
        size = GaugeMetricFamily(
            "lr_ledger_checkpoint_tree_size", "Tree size of the newest signed ledger checkpoint"
        )
        size.add_metric([], gauges.checkpoint_size)
        families += [age, size]
    return families


class _Families:
    """A collector of families gathered beforehand (the registry only renders them)."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterable[Metric]:
        return self.families


def render(families: Iterable[Metric]) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(families))  # type: ignore[arg-type]
    return bytes(generate_latest(registry))


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """The metrics of every process on this host and of the store (Prometheus text format)."""
    services: Services = request.app.state.services
    if not allowed(request, services):
        return problem(
            403,
            "Forbidden",
            "the metrics are served only to the addresses in LR_METRICS_ALLOW",
            kind="metrics-not-allowed",
        )
    gauges: Any = None
    try:
        with anyio.move_on_after(services.settings.read_timeout):
            gauges = await anyio.to_thread.run_sync(_read_store, services, abandon_on_cancel=True)
    except Exception as exc:
        log.warning("metrics_store_unreadable", error=type(exc).__name__)
    folder = services.settings.metrics_folder()
    requests: list[Metric] = []
    try:
        requests = list(await anyio.to_thread.run_sync(collect_requests, folder))
    except Exception:
        # A damaged file of the folder: the store's figures all the same, never a 500.
        log.exception("metrics_files_unreadable", folder=str(folder))
    body = render([*requests, *store_families(gauges, datetime.now(UTC))])
    return Response(body, media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})
