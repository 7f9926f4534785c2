"""The auditor's offline check of a bundle, as a command: files in, a verdict out.

Needs nothing of the register but this package and `cryptography` (`joserfc` too for
extracts): no database, no settings, no server. Runs as ``lerarenregister verify-bundle`` (or
``verify-proof``, ``verify-extract``) or, with only this package at hand, as::

    python -m projections.ledger verify-bundle BUNDLE --public-key KEY \\
        [--older-checkpoint FILE --consistency-proof FILE]
    python -m projections.ledger verify-extract EXTRACT --key VKEY

Exit status: 0 verified, 1 not verified (the problems are listed), 2 unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections.ledger.proof.bundle import verify_bundle
from projections.ledger.proof.checkpoint import Checkpoint, key_id, load_public_key
from projections.ledger.proof.extract import ExtractError, ExtractVerdict, verify_extract
from projections.ledger.proof.note import COSIGNATURE_V1, ED25519, NoteError, Verifier, parse_vkey
from projections.ledger.proof.policy import Policy, PolicyError, parse_policy
from projections.ledger.proof.proof_file import TlogProof, verify_tlog_proof

VERIFIED, DIFFERENT, REFUSED = 0, 1, 2


def refuse(message: str) -> int:
    sys.stderr.write(f"lerarenregister: {message}\n")
    return REFUSED


def read_json(path: str, what: str) -> Any:
    """A JSON file; ValueError with a plain message when it cannot be read or parsed."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"cannot read the {what} {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"the {what} {path} is not JSON: {error}") from None


def read_public_key(path: str) -> Ed25519PublicKey:
    try:
        return load_public_key(path)
    except (OSError, ValueError, TypeError) as error:
        raise ValueError(f"{path} does not hold an Ed25519 public key (PEM): {error}") from None


def consistency_hashes(document: Any) -> list[str]:
    """The proof's hashes, from a saved consistency answer or a bare JSON list."""
    proof = document.get("proof") if isinstance(document, dict) else document
    if not isinstance(proof, list) or not all(isinstance(h, str) for h in proof):
        raise ValueError("the consistency proof must be a JSON list of base64 hashes")
    return proof


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the bundle (JSON) from GET /api/audit/teachers/{id}/bundle")
    parser.add_argument("--public-key", required=True, metavar="KEY", help="the register's key")
    parser.add_argument(
        "--older-checkpoint", metavar="FILE", help="a checkpoint you kept before (JSON)"
    )
    parser.add_argument(
        "--consistency-proof",
        metavar="FILE",
        help="GET /api/public/ledger/consistency?from=OLD&to=NEW, saved (JSON)",
    )


def verify_bundle_files(args: argparse.Namespace) -> int:
    """Check a bundle file: signed checkpoint, every event's inclusion, versions without gaps,
    and, given an older checkpoint and a consistency proof, that the bundle's extends it."""
    if (args.older_checkpoint is None) != (args.consistency_proof is None):
        return refuse("give --older-checkpoint and --consistency-proof together")
    try:
        bundle = read_json(args.file, "bundle")
        public_key = read_public_key(args.public_key)
        older = (
            read_json(args.older_checkpoint, "older checkpoint") if args.older_checkpoint else None
        )
        proof = (
            consistency_hashes(read_json(args.consistency_proof, "consistency proof"))
            if args.consistency_proof
            else None
        )
    except ValueError as error:
        return refuse(str(error))
    report = verify_bundle(bundle, public_key, older, proof)
    if not report.ok:
        print(f"NOT VERIFIED: {args.file}")
        for problem in report.problems:
            print(f"  - {problem}")
        return DIFFERENT
    checkpoint = Checkpoint.from_dict(bundle["checkpoint"])
    print(
        f"VERIFIED: {report.events_verified} stored events of {bundle['teacher_id']} are "
        f"included, unaltered, in the ledger checkpoint of size {checkpoint.tree_size} signed "
        f"{checkpoint.timestamp} by key {key_id(public_key)}; each file's versions run from 1 "
        "without gaps."
    )
    if older is not None:
        print(
            f"VERIFIED: that checkpoint extends your older checkpoint of size "
            f"{older.get('tree_size')}: nothing before it was rewritten."
        )
    print(
        "Not proven: that no event of this file was stored after the checkpoint (a log has no "
        "proofs of absence); compare with a newer checkpoint to see later events."
    )
    return VERIFIED


def read_vkey(text_or_path: str) -> Verifier:
    """A verifier key given as text (``name+id+base64``) or as a file holding it."""
    text = text_or_path
    if "+" not in text_or_path:
        try:
            text = Path(text_or_path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read the verifier key {text_or_path}: {error}") from None
    try:
        verifier = parse_vkey(text)
    except ValueError as error:
        raise ValueError(f"not a verifier key: {error}") from None
    if verifier.sig_type != ED25519:
        raise ValueError(f"{verifier.name} is not a log key (signature type 0x01)")
    return verifier


def read_policy(path: str) -> Policy:
    """A c2sp.org/tlog-policy file; ValueError (PolicyError) naming the file and the line."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ValueError(f"cannot read the policy {path}: {error.strerror}") from None
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise PolicyError(f"{path}: {error}") from None


def read_witness(text: str) -> Verifier:
    """A witness's verifier key (signature type 0x04) given as text."""
    try:
        verifier = parse_vkey(text)
    except ValueError as error:
        raise ValueError(f"not a witness key: {error}") from None
    if verifier.sig_type != COSIGNATURE_V1:
        raise ValueError(f"{verifier.name} is not a witness key (signature type 0x04)")
    return verifier


def add_proof_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="tlog-proof files")
    parser.add_argument(
        "--vkey",
        default=None,
        metavar="VKEY",
        help="the register's verifier key (name+keyid+base64, or a file holding it); may be "
        "left out when the --policy lists the log",
    )
    parser.add_argument(
        "--policy",
        default=None,
        metavar="FILE",
        help="a c2sp.org/tlog-policy file: the checkpoint must be cosigned by a quorum of its "
        "witnesses",
    )


def verify_proof_files(args: argparse.Namespace) -> int:
    """Check tlog-proof files: the checkpoint signed by the log key, the entry in its tree."""
    try:
        policy = read_policy(args.policy) if args.policy else None
        logs = [read_vkey(args.vkey)] if args.vkey else []
        documents = [(path, Path(path).read_bytes()) for path in args.files]
    except OSError as error:
        return refuse(f"cannot read {error.filename}: {error.strerror}")
    except ValueError as error:
        return refuse(str(error))
    if not logs:
        if policy is None or not policy.logs:
            return refuse("give the log's --vkey, or a --policy that lists the log")
        logs = policy.log_verifiers()
    elif policy is not None and policy.logs and not _listed(logs[0], policy):
        return refuse(f"the --vkey {logs[0].name} is not a log of the policy")
    witnesses = policy.witness_verifiers() if policy is not None else []
    status = VERIFIED
    for path, data in documents:
        try:
            proof = TlogProof.parse(data)
            log = _log_for(proof, logs)
            verdict = verify_tlog_proof(proof, log, witnesses)
            cosigners = _quorum(policy, verdict.witnesses)
        except NoteError as error:
            print(f"NOT VERIFIED: {path}: {error}")
            status = DIFFERENT
            continue
        entry, checkpoint = verdict.entry, verdict.checkpoint
        assert entry is not None
        print(
            f"VERIFIED: {path}: the event at position {entry.position} (version {entry.version} "
            f"of {entry.originator_id}, {entry.topic}) is in the checkpoint of size "
            f"{checkpoint.tree_size} signed by {checkpoint.origin}{cosigners}"
        )
    return status


def _listed(log: Verifier, policy: Policy) -> bool:
    return log.vkey() in {known.vkey() for known in policy.log_verifiers()}


def _log_for(proof: TlogProof, logs: Sequence[Verifier]) -> Verifier:
    """The log key whose name is the checkpoint's origin (the first, if only one is given)."""
    if len(logs) == 1:
        return logs[0]
    origin = proof.checkpoint.split("\n", 1)[0]
    for log in logs:
        if log.name == origin:
            return log
    raise NoteError(f"the policy lists no log of origin {origin!r}")


def _quorum(policy: Policy | None, cosigners: Sequence[Verifier]) -> str:
    """The verdict's tail: who cosigned; NoteError when the policy's quorum is not met."""
    if policy is None:
        return ""
    ids = {(c.name, c.key_id) for c in cosigners}
    names = sorted(
        w.name for w in policy.witnesses.values() if (w.verifier.name, w.verifier.key_id) in ids
    )
    if not policy.satisfied(cosigners):
        who = ", ".join(names) or "no witness of the policy"
        raise NoteError(f"cosigned by {who}: the policy's quorum ({policy.quorum}) is not met")
    return f", cosigned by {', '.join(names)} (quorum met)" if names else " (quorum none)"


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the register extract (JSON)")
    parser.add_argument(
        "--key",
        required=True,
        metavar="KEY",
        help="the register's verifier key (name+keyid+base64, or a file holding it), as "
        "GET /api/ledger/key serves it",
    )
    parser.add_argument(
        "--witness",
        action="append",
        default=[],
        metavar="VKEY",
        help="a witness's verifier key (cosignature, type 0x04), to report its cosignature",
    )


def describe_extract(verdict: ExtractVerdict) -> list[str]:
    """What a verified extract says, in plain lines (the command and the page say the same)."""
    payload, entry = verdict.payload, verdict.entry
    name = entry.get("name", {})
    lines = [
        f"Register number {entry.get('register_number')}: {name.get('display', '')}",
        *(
            f"  {q.get('sector')} {q.get('subject') or ''}".rstrip()
            + f": {q.get('status')} since {q.get('since')}"
            for q in entry.get("qualifications", [])
        ),
        *(
            f"  {a.get('kind')} on {a.get('on')} ({a.get('sector')} {a.get('subject') or ''})"
            for a in entry.get("annotations", [])
        ),
    ]
    checkpoint = payload.get("checkpoint", {})
    cosigned = f", cosigned by {', '.join(verdict.witnesses)}" if verdict.witnesses else ""
    lines += [
        f"Issued {payload.get('issued_at')} (the register's date {payload.get('issued_on')}), "
        f"signed by the register's key {verdict.key}.",
        f"It rests on {len(payload.get('events', []))} recorded event(s), each proven to be in "
        f"the ledger's checkpoint of size {verdict.checkpoint.tree_size} (signed "
        f"{checkpoint.get('signed_at')}){cosigned}.",
        "Not proven: that the entry still reads so today. The extract is the entry as of its "
        "issue; look the register number up in the public register for the entry as it stands.",
    ]
    return lines


def verify_extract_file(args: argparse.Namespace) -> int:
    """Check a register extract: the register's signature, the checkpoint, every proof."""
    try:
        verifier = read_vkey(args.key)
        witnesses = [read_witness(vkey) for vkey in args.witness]
        data = Path(args.file).read_bytes()
    except OSError as error:
        return refuse(f"cannot read {error.filename}: {error.strerror}")
    except ValueError as error:
        return refuse(str(error))
    try:
        verdict = verify_extract(data, verifier, witnesses)
    except ExtractError as error:
        print(f"NOT VERIFIED: {args.file}: {error}")
        return DIFFERENT
    print(f"VERIFIED: {args.file} is a register extract signed by the register.")
    for line in describe_extract(verdict):
        print(line)
    return VERIFIED


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m projections.ledger",
        description="Offline checks of the Lerarenregister's audit ledger.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add_arguments(sub.add_parser("verify-bundle", help="verify a teacher's audit bundle"))
    add_proof_arguments(sub.add_parser("verify-proof", help="verify tlog-proof files"))
    add_extract_arguments(sub.add_parser("verify-extract", help="verify a register extract"))
    args = parser.parse_args(argv)
    if args.command == "verify-proof":
        return verify_proof_files(args)
    if args.command == "verify-extract":
        return verify_extract_file(args)
    return verify_bundle_files(args)
