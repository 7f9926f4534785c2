"""The composition root: builds the store, the `Register` and the projections, once.

The CLI, the HTTP app and the tests all build their services here, so that what is tested is
what runs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import structlog
from eventsourcing.persistence import Notification

from api.ledger_setup import configure_ledger
from api.privacy_setup import data_keys, store_env
from api.settings import Settings
from domain.clock import register_clock
from domain.register import Register
from domain.store import StoreConfig
from projections.identity_check import IdentityCheck
from projections.projection import Projection
from projections.registry import all_projections
from projections.runner import ProjectionRunner

log = structlog.get_logger("lerarenregister")


@dataclass
class Services:
    """Everything a process of the register needs, built once."""

    settings: Settings
    store: StoreConfig
    register: Register
    projections: ProjectionRunner

    def close(self) -> None:
        self.projections.stop()
        self.register.close()


def build_store(settings: Settings) -> StoreConfig:
    store = StoreConfig.from_settings(
        settings.database_url,
        settings.data_dir,
        settings.database_schema,
        read_timeout=settings.read_timeout,
        write_timeout=settings.write_timeout,
    )
    store.prepare()
    return store


def build_services(
    settings: Settings | None = None,
    *,
    clock: Callable[[], date] | None = None,
    rng: random.Random | None = None,
    projections: Sequence[Projection] | None = None,
    start_projections: bool | None = None,
    personal_data_keys: bool = True,
) -> Services:
    """Build the services for one process; in-process projections start unless told not to.

    ``clock`` is the register's date (tests pass their own); by default it comes from the
    settings: ``LR_TODAY`` when set (with a warning), else today in Europe/Amsterdam.

    `personal_data_keys=False` (benches only: never in a running register) writes personal
    fields in plain form, to measure what the encryption costs.
    """
    settings = settings or Settings()
    if clock is None:
        clock = register_clock(settings.today)
        if settings.today is not None:
            log.warning(
                "register_date_fixed",
                today=settings.today.isoformat(),
                detail="LR_TODAY is set: for test and acceptance environments only",
            )
    store = StoreConfig.from_settings(
        settings.database_url,
        settings.data_dir,
        settings.database_schema,
        read_timeout=settings.read_timeout,
        write_timeout=settings.write_timeout,
    )
    # Processes starting together on a fresh store make its tables one at a time.
    with store.setup_lock():
        store.prepare()
        register = Register(
            store_env(store) if personal_data_keys else store.eventsourcing_env(),
            secret=settings.secret(),
            clock=clock,
            rng=rng,
            keys=data_keys(settings, store) if personal_data_keys else None,
        )
        store.protect_events_table()
    recorder: Any = register.recorder

    def read(start: int, stop: int, limit: int, topics: Sequence[str]) -> Sequence[Notification]:
        return recorder.select_notifications(  # type: ignore[no-any-return]
            start=start, limit=limit, stop=stop, topics=list(topics), inclusive_of_start=False
        )

    runner = ProjectionRunner(
        store,
        register.mapper,
        read,
        register.head_position,
        list(projections) if projections is not None else all_projections(),
    )
    configure_ledger(runner.projections.values(), settings)
    for projection in runner.projections.values():
        if isinstance(projection, IdentityCheck):
            projection.configure(register.secret)
    services = Services(settings=settings, store=store, register=register, projections=runner)
    run_now = (
        settings.projections == "inprocess" if start_projections is None else start_projections
    )
    if run_now:
        register.add_listener(runner.wake)
        runner.start()
    return services
