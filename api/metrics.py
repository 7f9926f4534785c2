"""Request metrics shared by every server process, in Prometheus' multiprocess file format.

Each process counts its requests in two files of its own in the metrics folder
(`LR_METRICS_DIR`, default `LR_DATA_DIR/metrics`): `counter_<id>.db` and `histogram_<id>.db`,
memory-mapped, in the format of `prometheus_client`'s multiprocess mode, so a scrape of any
process reads all of them with `prometheus_client`'s `MultiProcessCollector` and answers the
sum over the processes. Recording a request is a dictionary look-up and three 8-byte writes
into the mapped file under an uncontended lock: no system call, no thread hop.

Processes come and go (restarts, `kill -9`): a process holds an exclusive `flock` on its
`live_<id>.lock` for as long as its app runs (`Metrics.start` to `Metrics.stop`), and a
process that starts folds the files of every process whose lock is free (a dead or stopped
one) into `counter_archive.db` and `histogram_archive.db` and removes them, so the folder holds
one pair of files per live process and the counters never go back. Scrapes read under a
shared lock of the folder, the fold under an exclusive one, so a scrape never sees a process
counted twice or not at all.

The files are allocated (`posix_fallocate`) before they are mapped: a full disk refuses a new
series instead of killing the process with SIGBUS when a page of a sparse file is touched.

Labels hold route templates (`/api/teachers/{teacher_id}`), never a concrete path, and a
method from a fixed set: no teacher id, BSN or token ever becomes a label, and no client can
make new series.
"""

from __future__ import annotations

import bisect
import fcntl
import math
import mmap
import os
import secrets
import struct
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import structlog
from prometheus_client.core import Metric
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.utils import floatToGoString

from api import faults

log = structlog.get_logger("lerarenregister.metrics")

REQUESTS: Final = "lr_http_requests"
REQUESTS_HELP: Final = "HTTP requests answered, by method, route template and status"
DURATION: Final = "lr_http_request_duration_seconds"
DURATION_HELP: Final = "Seconds from a request's arrival to the end of its answer"
UNAVAILABLE: Final = "lr_http_unavailable"
UNAVAILABLE_HELP: Final = "Answers 503, by cause"
#: Latency buckets (seconds): the public lookup sits in the first ones, the read and write
#: budgets (2 s, 5 s) at the end.
BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf)
#: The route label of a request no route matched (an unknown path), or that was refused
#: before routing (the public rate limit, the body limits).
UNMATCHED: Final = "unmatched"
#: Methods counted under their own name; any other is counted as `other`.
METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The cause of a 503 when nothing along the way named one.
OTHER_CAUSE: Final = "other"
#: The causes of a 503 the register tells apart (the problem types, and a pool without a free
#: connection): each is exported from the start, at 0 until it happens.
CAUSES: Final = (
    faults.UNAVAILABLE,
    faults.POOL_EXHAUSTED,
    faults.BUSY,
    faults.FULL,
    "access-log-unavailable",
    "not-consistent",
    "not-ready",
    OTHER_CAUSE,
)

_INITIAL_BYTES: Final = 64 * 1024
_HEADER: Final = struct.Struct("i")
_VALUE: Final = struct.Struct("d")
_ARCHIVE: Final = "archive"
_KINDS: Final = ("counter", "histogram")


class _MappedFile:
    """One `<kind>_<id>.db` file of the multiprocess format, written by this process only.

    The layout (as `prometheus_client.mmap_dict` reads it): a 4-byte used length and 4 bytes of
    padding; then per key a 4-byte length, the UTF-8 key padded to 8 bytes, the value and a
    timestamp (two doubles). Not thread-safe: the recorder holds its lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            size = max(os.fstat(self._fd).st_size, _INITIAL_BYTES)
            os.posix_fallocate(self._fd, 0, size)
            self._capacity = size
            self.map = mmap.mmap(self._fd, size)
        except BaseException:
            os.close(self._fd)
            raise
        self._used: int = _HEADER.unpack_from(self.map, 0)[0]
        self.positions: dict[str, int] = {}
        if self._used == 0:
            self._used = 8
            self.map[0:4] = _HEADER.pack(self._used)
        else:
            for key, _value, position in _entries(path):
                self.positions[key] = position
        #: The values as written, by position (increments need no read of the map).
        self.values = {p: _VALUE.unpack_from(self.map, p)[0] for p in self.positions.values()}

    def slot(self, key: str) -> int:
        """The position of `key`'s value, adding the key (at 0) when new. OSError when the disk
        cannot hold it."""
        position = self.positions.get(key)
        if position is not None:
            return position
        encoded = key.encode("utf-8")
        padded = encoded + b" " * (8 - (len(encoded) + 4) % 8)
        entry = struct.pack(f"i{len(padded)}sdd", len(encoded), padded, 0.0, 0.0)
        if self._used + len(entry) > self._capacity:
            capacity = self._capacity
            while self._used + len(entry) > capacity:
                capacity *= 2
            os.posix_fallocate(self._fd, 0, capacity)
            self.map.close()
            self.map = mmap.mmap(self._fd, capacity)
            self._capacity = capacity
        self.map[self._used : self._used + len(entry)] = entry
        self._used += len(entry)
        # The entry is complete before the length that makes readers see it.
        self.map[0:4] = _HEADER.pack(self._used)
        position = self._used - 16
        self.positions[key] = position
        self.values[position] = 0.0
        return position

    def add(self, position: int, amount: float) -> None:
        value = self.values[position] + amount
        self.values[position] = value
        self.map[position : position + 8] = _VALUE.pack(value)

    def close(self) -> None:
        self.map.close()
        os.close(self._fd)


def _entries(path: Path) -> list[tuple[str, float, int]]:
    """(key, value, position of the value) of every entry of a file."""
    found = MmapedDict.read_all_values_from_file(str(path))  # type: ignore[no-untyped-call]
    return [(str(key), float(value), int(position)) for key, value, _ts, position in found]


def _le(bound: float) -> str:
    """A bucket's bound as the `le` label (Go's float format, as `prometheus_client` writes)."""
    return str(floatToGoString(bound))  # type: ignore[no-untyped-call]


def _counter_key(name: str, labels: dict[str, str], help_text: str) -> str:
    return str(mmap_key(name, name + "_total", list(labels), list(labels.values()), help_text))


class Recorder:
    """This process's request counts in one metrics folder (one per folder and process:
    `Recorder.acquire`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pid = os.getpid()
        self.id = f"{self.pid}-{secrets.token_hex(4)}"
        self._lock = threading.Lock()
        #: Per (method, route template, status): the positions of the request counter, of
        #: the latency buckets and of the latency sum.
        self._slots: dict[tuple[str, str | None, int], tuple[int, list[int], int]] = {}
        self._durations: dict[tuple[str, str], tuple[list[int], int]] = {}
        self._causes: dict[str, int] = {}
        #: The running apps of this process that use this recorder (`acquire`, `release`).
        self.users = 0
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(folder, exclusive=True):
            fold_dead_processes(folder)
            self._live = os.open(folder / f"live_{self.id}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._live, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._counter = _MappedFile(folder / f"counter_{self.id}.db")
            self._histogram = _MappedFile(folder / f"histogram_{self.id}.db")
            for cause in CAUSES:
                self._cause_slot(cause)

    _open: dict[Path, Recorder] = {}
    _open_lock = threading.Lock()

    @classmethod
    def acquire(cls, folder: Path) -> Recorder:
        """The recorder of this process for `folder`, for one more running app (several apps
        in one process, as in tests, share it); `release` it when the app stops."""
        key = folder.resolve()
        with cls._open_lock:
            recorder = cls._open.get(key)
            if recorder is None or recorder.pid != os.getpid():
                recorder = cls._open[key] = cls(key)
            recorder.users += 1
            return recorder

    def release(self) -> None:
        """One app less; the last one closes the files (they stay for a later process to
        fold)."""
        with Recorder._open_lock:
            self.users -= 1
            if self.users > 0:
                return
            if Recorder._open.get(self.folder) is self:
                del Recorder._open[self.folder]
        self.close()

    def request(
        self, method: str, route: str | None, status: int, seconds: float, cause: str | None
    ) -> None:
        """Count one answered request (and its 503 cause). Never raises.

        On the hot path: one dictionary look-up and three 8-byte writes into the mapped files
        (the adds are written out here rather than called)."""
        if method not in METHODS:
            method = "other"
        key = (method, route, status)
        pack = _VALUE.pack
        try:
            with self._lock:
                slots = self._slots.get(key)
                if slots is None:
                    slots = self._slots[key] = self._new_slots(method, route, status)
                counted, buckets, total = slots
                counter, histogram = self._counter, self._histogram
                value = counter.values[counted] + 1.0
                counter.values[counted] = value
                counter.map[counted : counted + 8] = pack(value)
                bucket = buckets[bisect.bisect_left(BUCKETS, seconds)]
                value = histogram.values[bucket] + 1.0
                histogram.values[bucket] = value
                histogram.map[bucket : bucket + 8] = pack(value)
                value = histogram.values[total] + seconds
                histogram.values[total] = value
                histogram.map[total : total + 8] = pack(value)
                if status == 503:
                    cause = cause or OTHER_CAUSE
                    slot = self._causes.get(cause)
                    if slot is None:
                        slot = self._cause_slot(cause)
                    counter.add(slot, 1.0)
        except OSError:
            # The disk cannot hold a new series: the request is answered all the same.
            log.warning("metrics_not_recorded", route=route)

    def _new_slots(self, method: str, route: str | None, status: int) -> tuple[int, list[int], int]:
        route = route or UNMATCHED
        labels = {"method": method, "route": route, "status": str(status)}
        counted = self._counter.slot(_counter_key(REQUESTS, labels, REQUESTS_HELP))
        timed = self._durations.get((method, route))
        if timed is None:
            timed = self._duration_slots(method, route)
        return counted, *timed

    def _cause_slot(self, cause: str) -> int:
        key = _counter_key(UNAVAILABLE, {"cause": cause}, UNAVAILABLE_HELP)
        slot = self._causes[cause] = self._counter.slot(key)
        return slot

    def _duration_slots(self, method: str, route: str) -> tuple[list[int], int]:
        names = ["method", "route", "le"]
        buckets = [
            self._histogram.slot(
                mmap_key(
                    DURATION,
                    DURATION + "_bucket",
                    names,
                    [method, route, _le(bound)],
                    DURATION_HELP,
                )
            )
            for bound in BUCKETS
        ]
        total = self._histogram.slot(
            mmap_key(DURATION, DURATION + "_sum", names[:2], [method, route], DURATION_HELP)
        )
        self._durations[(method, route)] = (buckets, total)
        return buckets, total

    def close(self) -> None:
        """Close the files (tests; a process's files stay until a later process folds them)."""
        with self._lock:
            self._counter.close()
            self._histogram.close()
            os.close(self._live)


@contextmanager
def folder_lock(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """The folder's lock: shared for a scrape, exclusive while files are folded or made."""
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def _is_alive(folder: Path, process: str) -> bool:
    """Whether the process `process` still holds its live lock."""
    try:
        fd = os.open(folder / f"live_{process}.lock", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def fold_dead_processes(folder: Path) -> list[str]:
    """Add the counts of dead processes to the archive files and remove their files (under
    the folder's exclusive lock). Returns the ids of the processes folded."""
    dead: set[str] = set()
    for path in folder.glob("*_*.db"):
        kind, _, process = path.stem.partition("_")
        if kind in _KINDS and process != _ARCHIVE and not _is_alive(folder, process):
            dead.add(process)
    for path in folder.glob("live_*.lock"):
        process = path.stem.partition("_")[2]
        if process not in dead and not _is_alive(folder, process):
            path.unlink(missing_ok=True)
    for process in sorted(dead):
        for kind in _KINDS:
            source = folder / f"{kind}_{process}.db"
            if not source.exists():
                continue
            try:
                entries = _entries(source)
            except Exception:
                # Damaged (a disk that filled up under it): set aside, out of every scrape.
                log.exception("metrics_file_damaged", file=source.name)
                source.rename(source.with_suffix(".damaged"))
                continue
            archive = _MappedFile(folder / f"{kind}_{_ARCHIVE}.db")
            try:
                for key, value, _pos in entries:
                    archive.add(archive.slot(key), value)
            finally:
                archive.close()
            source.unlink()
        (folder / f"live_{process}.lock").unlink(missing_ok=True)
    return sorted(dead)


class Metrics:
    """An app's handle on the request metrics: a recorder while the app runs (its lifespan),
    none before or after, so a stopped app holds no file open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.recorder: Recorder | None = None

    def start(self) -> None:
        try:
            self.recorder = Recorder.acquire(self.folder)
        except Exception as exc:
            # No folder for the counts (read-only, full, damaged): the register serves all the
            # same, without request figures.
            log.warning("metrics_unavailable", error=f"{type(exc).__name__}: {exc}")

    def stop(self) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            recorder.release()


def collect_requests(folder: Path) -> Iterable[Metric]:
    """The request metrics summed over every process (live and folded) of the folder."""
    if not folder.is_dir():
        return []
    with folder_lock(folder, exclusive=False):
        files = [str(p) for p in folder.glob("*.db")]
        merged = MultiProcessCollector.merge(files, accumulate=True)  # type: ignore[no-untyped-call]
        return list(merged)
