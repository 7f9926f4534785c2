"""A real TCP proxy (asyncio, in the test process) between the register and PostgreSQL that
can lose the reply to a COMMIT: the commit reaches the server and is carried out, its answer
never reaches the client, and the connection is cut.

It reads the frontend protocol as it passes (untyped start-up packets, then typed messages)
and recognises a COMMIT sent as a simple query (`Q`) or prepared in the extended protocol
(`P`). While `armed`, each COMMIT is cut with probability `rate` (a seeded generator); every
other byte passes unchanged, both ways.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from concurrent.futures import Future

PROTOCOL_3 = 196608  # the StartupMessage's version; SSL/GSS/cancel requests have others


def _query_of(message: bytes) -> bytes | None:
    """The SQL text of a simple query or a Parse message, else None."""
    kind, body = message[:1], message[5:]
    if kind == b"Q":
        return body.split(b"\x00", 1)[0]
    if kind == b"P":
        parts = body.split(b"\x00", 2)
        return parts[1] if len(parts) > 1 else None
    return None


def is_commit(message: bytes) -> bool:
    query = _query_of(message)
    return query is not None and query.strip().upper().rstrip(b";").strip() in {b"COMMIT", b"END"}


class CommitCuttingProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`upstream`; see the module docstring."""

    def __init__(self, upstream: int, *, rate: float = 0.3, seed: int = 14) -> None:
        self.upstream = upstream
        self.rate = rate
        self.armed = threading.Event()
        self.commits = 0
        self.cuts = 0
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    def start(self) -> CommitCuttingProxy:
        self._thread.start()
        future: Future[asyncio.Server] = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._accept, "127.0.0.1", 0), self._loop
        )
        self._server = future.result(timeout=10)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in list(self._tasks):
                task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _cut_now(self) -> bool:
        self.commits += 1
        if self.armed.is_set() and self._rng.random() < self.rate:
            self.cuts += 1
            return True
        return False

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            client_w.close()
            self._tasks.discard(task)
            return
        swallow = asyncio.Event()  # the COMMIT is on its way: drop whatever the server says
        replied = asyncio.Event()  # ... and the server has said it: the commit went through

        async def upstream() -> None:
            buffer = b""
            started = False
            while data := await client_r.read(65536):
                buffer += data
                out = bytearray()
                cut = False
                while True:
                    if not started:
                        if len(buffer) < 8 or len(buffer) < int.from_bytes(buffer[:4], "big"):
                            break
                        size = int.from_bytes(buffer[:4], "big")
                        started = int.from_bytes(buffer[4:8], "big") == PROTOCOL_3
                    else:
                        if len(buffer) < 5 or len(buffer) < 1 + int.from_bytes(buffer[1:5], "big"):
                            break
                        size = 1 + int.from_bytes(buffer[1:5], "big")
                    message, buffer = buffer[:size], buffer[size:]
                    out += message
                    if started and is_commit(message) and self._cut_now():
                        cut = True
                        break
                if cut:
                    swallow.set()  # before the COMMIT leaves: its answer cannot slip through
                    server_w.write(bytes(out))
                    await server_w.drain()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(replied.wait(), 10)
                    return
                if out:
                    server_w.write(bytes(out))
                    await server_w.drain()

        async def downstream() -> None:
            while data := await server_r.read(65536):
                if swallow.is_set():
                    replied.set()
                    continue
                client_w.write(data)
                await client_w.drain()

        pumps = [asyncio.ensure_future(upstream()), asyncio.ensure_future(downstream())]
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
            for writer in (client_w, server_w):
                with contextlib.suppress(Exception):
                    writer.close()
            self._tasks.discard(task)
