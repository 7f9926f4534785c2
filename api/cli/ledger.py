"""Command line of the audit ledger: verify, verify-bundle, and `ledger checkpoint|key|bundle`.

`verify-bundle` is the auditor's offline check (`projections.ledger.proof.offline`): it reads
files and uses only the pure `projections.ledger.proof` package (hashing, proofs, Ed25519),
never the database or settings; `python -m projections.ledger verify-bundle` runs the same check
without the rest of the register. The commands that do read the register import what they need when
they run.

Exit status: 0 verified, 1 a difference was found (named on stdout), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.common import Progress, services_for
from projections.ledger.proof.checkpoint import Checkpoint, key_id
from projections.ledger.proof.offline import (
    DIFFERENT,
    VERIFIED,
    add_arguments,
    add_extract_arguments,
    add_proof_arguments,
    read_json,
    read_policy,
    read_public_key,
    refuse,
    verify_bundle_files,
    verify_extract_file,
    verify_proof_files,
)

if TYPE_CHECKING:
    from projections.ledger.proof.policy import Policy
    from projections.ledger.verify import Finding


def cmd_verify(args: argparse.Namespace) -> int:
    """Recompute every leaf from the events table and hold ledger and checkpoints to it."""
    from api.ledger_setup import ledger_key  # noqa: PLC0415
    from projections.ledger.verify import verify_ledger  # noqa: PLC0415

    try:
        keys = [read_public_key(path) for path in args.public_key]
        trusted = [
            (path, Checkpoint.from_dict(read_json(path, "checkpoint")))
            for path in args.trusted_checkpoint
        ]
        policy = read_policy(args.policy) if args.policy else None
    except ValueError as error:
        return refuse(str(error))
    services = services_for(args)
    try:
        if not args.public_key:
            keys = [ledger_key(services.settings).public_key()]
        report = verify_ledger(services.store, keys, trusted, progress=Progress("verify"))
        quorum = _policy_findings(services, policy) if policy is not None else []
    finally:
        services.close()
    problems = report.problems(allow_pending=args.allow_pending) + quorum
    print(
        f"events: {report.events}; ledger leaves matched: {report.leaves} (ledger at position "
        f"{report.ledger_position}); checkpoints: {report.checkpoints}; trusted checkpoints: "
        f"{len(trusted)}"
    )
    if not problems:
        pending = f"; {report.pending} event(s) not in the ledger yet" if report.pending else ""
        print(f"VERIFIED: every stored event is in the ledger unaltered and in order{pending}.")
        return VERIFIED
    print(f"NOT VERIFIED: {problems[0].message}")
    for finding in problems[1:]:
        print(f"  also: {finding.message}")
    return DIFFERENT


def _policy_findings(services: Any, policy: Policy) -> list[Finding]:
    """The policy's verdict on the kept checkpoints: the register's key must be one of its logs
    (when it lists logs), and a checkpoint must be cosigned by a quorum of its witnesses. The
    checkpoint found is one that the full verification held to the recomputed tree."""
    from api.ledger_setup import ledger_key, note_signer  # noqa: PLC0415
    from projections.ledger import queries as ledger_queries  # noqa: PLC0415
    from projections.ledger import sql as ledger_sql  # noqa: PLC0415
    from projections.ledger.verify import Finding  # noqa: PLC0415

    signer = note_signer(services.settings)
    log = signer.verifier()
    if policy.logs and log.vkey() not in {known.vkey() for known in policy.log_verifiers()}:
        return [Finding("policy", f"the register's key {log.vkey()} is not a log of the policy")]
    with services.projections.readers.connection() as db:
        if not db.table_exists(ledger_sql.COSIGNATURES):
            return [Finding("policy", "the ledger has no checkpoint yet")]
        verdict = ledger_queries.quorum_checkpoint(
            db, signer, ledger_key(services.settings).public_key(), policy
        )
    if verdict.checkpoint is None:
        return [
            Finding(
                "policy",
                f"no checkpoint is cosigned by a quorum of the policy's witnesses "
                f"(quorum {policy.quorum}; {verdict.examined} checkpoint(s) with cosignatures)",
            )
        ]
    who = ", ".join(verdict.cosigners) or "no witness needed (quorum none)"
    print(
        f"policy: the checkpoint of size {verdict.checkpoint.tree_size} is signed by the log "
        f"and cosigned by {who}: quorum met"
    )
    return []


def cmd_ledger(args: argparse.Namespace) -> int:
    from api.ledger_setup import ledger_signer  # noqa: PLC0415

    services = services_for(args)
    try:
        signer = ledger_signer(services.settings)
        if args.ledger_command == "key":
            print(signer.public_key_pem(), end="")
            sys.stderr.write(f"key id {key_id(signer.key)}\n")
            return VERIFIED
        if args.ledger_command == "vkey":
            from api.ledger_setup import log_verifier  # noqa: PLC0415

            print(log_verifier(services.settings).vkey())
            return VERIFIED
        if args.ledger_command == "checkpoint":
            return _checkpoint(services, signer)
        if args.ledger_command == "proof":
            return _proof(services, args)
        return _bundle(services, args)
    finally:
        services.close()


def _checkpoint(services: Any, signer: Any) -> int:
    from projections.ledger.projection import checkpoint_now  # noqa: PLC0415

    services.projections.catch_up("ledger")
    with services.projections.readers.connection() as db, db.transaction():
        checkpoint = checkpoint_now(db, signer, force=True)
    if checkpoint is None:
        return refuse("the ledger is empty: nothing to sign")
    print(json.dumps(checkpoint.to_dict(), indent=2))
    return VERIFIED


def _proof(services: Any, args: argparse.Namespace) -> int:
    from api.routes.ledger_tiles import proof_text  # noqa: PLC0415

    with services.projections.readers.connection() as db:
        text = proof_text(db, services.register, services, args.position, args.tree_size)
    _write(text, args.out)
    return VERIFIED


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {out}\n")
    else:
        sys.stdout.write(text)


def _bundle(services: Any, args: argparse.Namespace) -> int:
    from uuid import UUID  # noqa: PLC0415

    from projections.ledger import queries as ledger_queries  # noqa: PLC0415

    try:
        teacher_id = UUID(args.teacher_id)
    except ValueError:
        return refuse(f"{args.teacher_id!r} is not a teacher id")
    register = services.register
    register.get_teacher(teacher_id)
    with services.projections.readers.connection() as db:
        document, pending = ledger_queries.bundle(
            db, str(teacher_id), register.events_with_positions(teacher_id), args.tree_size
        )
    if args.tlog_proofs:
        from api.routes.ledger_tiles import proof_text  # noqa: PLC0415

        folder = Path(args.tlog_proofs)
        folder.mkdir(parents=True, exist_ok=True)
        size = document["checkpoint"]["tree_size"]
        with services.projections.readers.connection() as db:
            for event in document["events"]:
                name = folder / f"event-{event['position']}.tlog-proof"
                name.write_text(
                    proof_text(db, register, services, event["position"], size), encoding="utf-8"
                )
        sys.stderr.write(f"wrote {len(document['events'])} tlog-proof files to {folder}\n")
    text = json.dumps(document, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        sys.stderr.write(f"wrote {args.out}\n")
    else:
        print(text)
    if pending:
        sys.stderr.write(f"{pending} newer event(s) are not in a checkpoint yet\n")
    return VERIFIED


def add_commands(sub: Any) -> None:
    """Register `verify`, `verify-bundle` and `ledger` on the main parser."""
    verify = sub.add_parser(
        "verify", help="recompute the ledger from the events table and check every checkpoint"
    )
    verify.add_argument(
        "--public-key",
        action="append",
        default=[],
        metavar="FILE",
        help="public key(s) the checkpoints may be signed with (default: the register's own)",
    )
    verify.add_argument(
        "--trusted-checkpoint",
        action="append",
        default=[],
        metavar="FILE",
        help="a checkpoint kept outside the register (JSON); the events must reproduce it",
    )
    verify.add_argument(
        "--policy",
        default=None,
        metavar="FILE",
        help="a c2sp.org/tlog-policy file: a checkpoint must be cosigned by a quorum of its "
        "witnesses (and the register's key be one of its logs, if it lists logs)",
    )
    verify.add_argument(
        "--allow-pending",
        action="store_true",
        help="do not fail on events after the ledger's position (a running register)",
    )
    verify.set_defaults(func=cmd_verify)

    offline = sub.add_parser(
        "verify-bundle", help="verify a teacher's audit bundle offline with the public key"
    )
    add_arguments(offline)
    offline.set_defaults(func=verify_bundle_files)

    proofs = sub.add_parser(
        "verify-proof", help="verify c2sp.org/tlog-proof@v1 files offline with the verifier key"
    )
    add_proof_arguments(proofs)
    proofs.set_defaults(func=verify_proof_files)

    extract = sub.add_parser(
        "verify-extract",
        help="verify a teacher's register extract offline with the register's verifier key",
    )
    add_extract_arguments(extract)
    extract.set_defaults(func=verify_extract_file)

    ledger = sub.add_parser("ledger", help="the audit ledger: sign a checkpoint, show the key")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", required=True)
    ledger_sub.add_parser("checkpoint", help="bring the ledger up to date and sign it now")
    ledger_sub.add_parser("key", help="print the public key (PEM) that signs checkpoints")
    ledger_sub.add_parser("vkey", help="print the log's verifier key (C2SP signed-note format)")
    proof = ledger_sub.add_parser("proof", help="write one event as a c2sp.org/tlog-proof@v1 file")
    proof.add_argument("position", type=int, help="the event's log position")
    proof.add_argument("--tree-size", type=int, default=None, help="a checkpoint's size")
    proof.add_argument("--out", default=None, help="file to write (default: stdout)")
    bundle = ledger_sub.add_parser("bundle", help="write a teacher's audit bundle")
    bundle.add_argument("teacher_id")
    bundle.add_argument("--tree-size", type=int, default=None, help="a checkpoint's size")
    bundle.add_argument("--out", default=None, help="file to write (default: stdout)")
    bundle.add_argument(
        "--tlog-proofs",
        default=None,
        metavar="DIR",
        help="also write each event as DIR/event-<position>.tlog-proof (c2sp.org/tlog-proof@v1)",
    )
    ledger.set_defaults(func=cmd_ledger)
