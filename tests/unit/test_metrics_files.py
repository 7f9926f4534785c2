"""The metrics folder: each process's counts in files of its own, summed by a scrape; a dead
process's files folded into the archive by the next process that starts, a live one's kept."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
from pathlib import Path

from api.metrics import Recorder, collect_requests

RECORD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from api.metrics import Recorder
    recorder = Recorder(Path(sys.argv[1]))
    for _ in range(int(sys.argv[2])):
        recorder.request("GET", "/api/x/{id}", 200, 0.003, None)
    recorder.request("GET", None, 503, 0.2, "database-busy")
    print("ready", flush=True)
    sys.stdin.readline()  # lives until told
    """
)


def _process(folder: Path, requests: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", RECORD, str(folder), str(requests)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def _totals(folder: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in collect_requests(folder)
        for s in family.samples
    }


def _requests(totals: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> float:
    key = (
        "lr_http_requests_total",
        (("method", "GET"), ("route", "/api/x/{id}"), ("status", "200")),
    )
    return totals.get(key, 0.0)


def test_a_dead_process_is_folded_and_a_live_one_kept(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    dead = _process(folder, 3)
    dead.kill()  # kill -9: no chance to tidy up
    dead.communicate(timeout=30)  # closes its pipes
    alive = _process(folder, 2)
    try:
        mine = Recorder(folder)
        mine.request("GET", "/api/x/{id}", 200, 0.02, None)
        files = sorted(p.name for p in folder.glob("*.db"))
        assert "counter_archive.db" in files
        assert len(files) == 2 + 2 + 2, files  # the archive, the live child's pair, mine
        assert len(list(folder.glob("live_*.lock"))) == 2

        totals = _totals(folder)
        assert _requests(totals) == 3 + 2 + 1
        count = (
            "lr_http_request_duration_seconds_count",
            (("method", "GET"), ("route", "/api/x/{id}")),
        )
        assert totals[count] == 6
        busy = ("lr_http_unavailable_total", (("cause", "database-busy"),))
        assert totals[busy] == 2
        unmatched = (
            "lr_http_requests_total",
            (("method", "GET"), ("route", "unmatched"), ("status", "503")),
        )
        assert totals[unmatched] == 2
        mine.close()
    finally:
        alive.communicate("\n", timeout=30)

    # Every process gone: the next one folds them all; nothing is counted twice or lost.
    later = Recorder(folder)
    try:
        assert sorted(p.name for p in folder.glob("*.db")) == sorted(
            [
                "counter_archive.db",
                "histogram_archive.db",
                *(f"{k}_{later.id}.db" for k in ("counter", "histogram")),
            ]
        )
        assert _requests(_totals(folder)) == 6
    finally:
        later.close()


def test_a_503_without_a_named_cause_is_counted_as_other(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    try:
        recorder.request("GET", "/x", 503, 0.1, None)
        recorder.request("BREW", "/x", 200, 0.1, None)
        totals = _totals(tmp_path)
        assert totals[("lr_http_unavailable_total", (("cause", "other"),))] == 1
        assert totals[("lr_http_unavailable_total", (("cause", "disk-full"),))] == 0
        key = ("lr_http_requests_total", (("method", "other"), ("route", "/x"), ("status", "200")))
        assert totals[key] == 1
    finally:
        recorder.close()


def test_a_damaged_file_is_set_aside_and_never_stops_a_start(tmp_path: Path) -> None:
    """A file cut short (its header claims more than it holds) is moved out of the scrapes."""
    damaged = tmp_path / "counter_12345-deadbeef.db"
    damaged.write_bytes(struct.pack("i", 4096) + b"\x00" * 60)
    recorder = Recorder(tmp_path)
    try:
        recorder.request("GET", "/x", 200, 0.1, None)
        assert not damaged.exists()
        assert damaged.with_suffix(".damaged").exists()
        key = ("lr_http_requests_total", (("method", "GET"), ("route", "/x"), ("status", "200")))
        assert _totals(tmp_path)[key] == 1
    finally:
        recorder.close()
