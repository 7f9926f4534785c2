"""A small HTTP witness server (c2sp.org/tlog-witness): ``lerarenregister witness serve``.

Separate from the register's app and its database: the witness is meant to run elsewhere, by
someone else, with its own key and its own state file. Its submission and monitoring prefix
are the server's root:

- ``POST /add-checkpoint``: the protocol (``projections.ledger.proof.witness``);
- ``GET /<sha256 of the origin, hex>/checkpoint``: the latest checkpoint it cosigned for that
  log, with the log's signature and its own (404 when it never cosigned one);
- ``GET /healthz``: ``ok`` and the witness's vkey.

Refusals are ``text/plain`` with one line saying why; a 409 is the kept size in decimal as
``text/x.tlog.size``.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from projections.ledger.proof.witness import (
    MAX_BODY_BYTES,
    SIZE_CONTENT_TYPE,
    Witness,
    WitnessError,
)

TEXT = "text/plain; charset=utf-8"


def create_witness_app(witness: Witness) -> Starlette:
    """The witness's ASGI app."""

    async def add_checkpoint(request: Request) -> Response:
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > MAX_BODY_BYTES:
                return PlainTextResponse("the body is too large\n", status_code=413)
        try:
            lines = await run_in_threadpool(witness.add_checkpoint, bytes(body))
        except WitnessError as error:
            if error.status == 409:
                # Exactly this type, without a charset parameter (clients compare it whole).
                headers = {"Content-Type": SIZE_CONTENT_TYPE}
                return Response(f"{error.size}\n", 409, headers=headers)
            return PlainTextResponse(error.message + "\n", status_code=error.status)
        return Response(lines, media_type=TEXT)

    async def checkpoint(request: Request) -> Response:
        found = await run_in_threadpool(witness.latest, request.path_params["origin_hash"])
        if found is None:
            return PlainTextResponse("no checkpoint cosigned for that log\n", status_code=404)
        return Response(found, media_type=TEXT, headers={"Cache-Control": "no-cache"})

    async def healthz(_: Request) -> Response:
        return PlainTextResponse(f"ok {witness.verifier().vkey()}\n")

    return Starlette(
        routes=[
            Route("/add-checkpoint", add_checkpoint, methods=["POST"]),
            Route("/{origin_hash:str}/checkpoint", checkpoint, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
