"""`lerarenregister witness serve|vkey|submit`: run a witness, show its key, or submit the
register's newest checkpoint to the witnesses in LR_WITNESSES once.

`witness serve` and `witness vkey` need no register, no database and no LR_* settings: a
witness is run by someone other than the register, with its own key and state file.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from api.cli.common import fail, services_for
from projections.ledger.proof.checkpoint import load_or_create_key
from projections.ledger.proof.note import COSIGNATURE_V1, ED25519, NoteError, Signer, parse_vkey


def _signer(args: argparse.Namespace) -> Signer:
    return Signer(args.name, load_or_create_key(args.key_file), COSIGNATURE_V1)


def cmd_witness(args: argparse.Namespace) -> int:

    if args.witness_command == "submit":
        return _submit(args)
    try:
        signer = _signer(args)
    except NoteError as error:
        return fail(f"--name: {error}")
    if args.witness_command == "vkey":
        print(signer.verifier().vkey())
        return 0
    return _serve(args, signer)


def _serve(args: argparse.Namespace, signer: Signer) -> int:
    import uvicorn  # noqa: PLC0415

    from api.logging import configure_logging  # noqa: PLC0415
    from api.witness_server import create_witness_app  # noqa: PLC0415
    from projections.ledger.proof.witness import Witness, WitnessState  # noqa: PLC0415

    logs = []
    for given in args.log:
        if len(given) > 2:
            return fail("--log takes a vkey, or an origin and a vkey")
        try:
            verifier = parse_vkey(given[-1])
        except NoteError as error:
            return fail(f"--log: {error}")
        if len(given) == 2 and given[0] != verifier.name:
            return fail(f"--log: the vkey's name {verifier.name!r} is not the origin {given[0]!r}")
        if verifier.sig_type != ED25519:
            return fail(f"--log: {verifier.name} is not a log key (type 0x01)")
        logs.append(verifier)
    configure_logging("console", args.log_level or "info")
    witness = Witness(signer, logs, WitnessState(args.state))
    sys.stderr.write(
        f"witness {signer.verifier().vkey()}\n"
        f"logs: {', '.join(log.name for log in logs)}\n"
        f"state: {args.state}\n"
    )
    sys.stderr.flush()
    app = create_witness_app(witness)
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, timeout_graceful_shutdown=10)
    return 0


def _submit(args: argparse.Namespace) -> int:
    from api.witness_client import WitnessSubmitter  # noqa: PLC0415

    services = services_for(args)
    try:
        if not services.settings.witnesses.strip():
            return fail("LR_WITNESSES is empty: no witness to submit to")
        services.projections.catch_up("ledger")
        submitter = WitnessSubmitter(services.settings, services.projections.readers.connection)
        outcomes = submitter.round(force=True)
    finally:
        services.close()
    for name, outcome in outcomes.items():
        print(f"{name}: {outcome}")
    return 1 if any(o.startswith("failed") for o in outcomes.values()) else 0


def add_commands(sub: Any) -> None:
    """Register `witness` on the main parser."""
    witness = sub.add_parser(
        "witness", help="run a transparency-log witness (c2sp.org/tlog-witness), or submit to one"
    )
    witness_sub = witness.add_subparsers(dest="witness_command", required=True)
    serve = witness_sub.add_parser("serve", help="serve the add-checkpoint protocol")
    vkey = witness_sub.add_parser("vkey", help="print the witness's verifier key (type 0x04)")
    for parser in (serve, vkey):
        parser.add_argument(
            "--name", required=True, help="the witness's key name, e.g. witness.example.nl/w1"
        )
        parser.add_argument(
            "--key-file",
            required=True,
            help="its Ed25519 private key (PKCS#8 PEM), created with mode 0600 if missing",
        )
    serve.add_argument(
        "--state", required=True, help="SQLite file of the latest cosigned checkpoint per log"
    )
    serve.add_argument(
        "--log",
        action="append",
        nargs="+",
        required=True,
        metavar="[ORIGIN] VKEY",
        help="a log's verifier key (origin+keyid+base64; its name is the log's origin), "
        "optionally after the origin; repeat for more logs",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8010)
    witness_sub.add_parser(
        "submit", help="submit the register's newest checkpoint to LR_WITNESSES now"
    )
    witness.set_defaults(func=cmd_witness)
