"""Two real server processes on one store and one data folder: a scrape of either answers the
requests of both, and the same store gauges; a process killed with `kill -9` keeps its counts,
folded into the archive by the next process that starts.

Injected: two `lerarenregister serve` processes (as in test_two_processes.py), requests spread
over both, then `kill -9` of one and a third process started.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from subprocess import Popen

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.bootstrap import Services
from tests.api.test_metrics import Samples, value
from tests.api.test_teachers import ADMISSION
from tests.faults.helpers import server_env, start_server, stop_server, tokens_for

pytestmark = pytest.mark.slow
TEMPLATE = "/api/public/register/{register_number}"
REQUESTS = "lr_http_requests_total"


def scrape(url: str) -> Samples:
    answer = httpx.get(f"{url}/metrics", timeout=30)
    assert answer.status_code == 200, answer.text
    samples: Samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


@pytest.fixture
def servers(services: Services, tmp_path: Path) -> Iterator[list[tuple[Popen[bytes], str]]]:
    env = server_env(services.settings, LR_PROJECTIONS="off")
    started: list[tuple[Popen[bytes], str]] = []
    try:
        for n in range(2):
            started.append(start_server(env, tmp_path / f"server{n}.log"))
        yield started
    finally:
        for server, _ in started:
            stop_server(server)


def _lookups(url: str, count: int) -> None:
    for n in range(count):
        answer = httpx.get(f"{url}/api/public/register/{900000 + n}", timeout=30)
        assert answer.status_code == 404


def test_counts_of_two_processes_add_up_in_one_scrape(
    services: Services, servers: list[tuple[Popen[bytes], str]], tmp_path: Path
) -> None:
    (first, a), (_, b) = servers
    _lookups(a, 3)
    _lookups(b, 2)
    # An admission the servers' projections have not folded (they do not run): the same lag
    # on both, read from the store.
    registrar = tokens_for(services)("registrar")
    admitted = httpx.post(f"{a}/api/teachers", json=ADMISSION, headers=registrar, timeout=30)
    assert admitted.status_code == 201, admitted.text

    from_a, from_b = scrape(a), scrape(b)
    for samples in (from_a, from_b):
        assert value(samples, REQUESTS, method="GET", route=TEMPLATE, status="404") == 5
        assert value(samples, REQUESTS, method="POST", route="/api/teachers", status="201") == 1
        count = "lr_http_request_duration_seconds_count"
        assert value(samples, count, method="GET", route=TEMPLATE) == 5
        assert value(samples, "lr_projection_lag", projection="portfolio") > 0
    assert value(from_a, "lr_projection_lag", projection="portfolio") == value(
        from_b, "lr_projection_lag", projection="portfolio"
    )

    # kill -9 of one process: its counts stay, and the next process to start folds its files.
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    third, c = start_server(
        server_env(services.settings, LR_PROJECTIONS="off"), tmp_path / "server2.log"
    )
    try:
        _lookups(c, 1)
        folder = services.settings.data_dir / "metrics"
        names = sorted(p.name for p in folder.glob("*.db"))
        assert "counter_archive.db" in names
        assert "histogram_archive.db" in names
        assert len(names) == 2 + 2 * 2, names  # the archive, and a pair per live process
        from_c = scrape(c)
        assert value(from_c, REQUESTS, method="GET", route=TEMPLATE, status="404") == 6
        assert value(scrape(b), REQUESTS, method="GET", route=TEMPLATE, status="404") == 6
    finally:
        stop_server(third)
