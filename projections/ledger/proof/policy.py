"""Transparency-log trust policies (c2sp.org/tlog-policy): which logs, which witnesses, and the
quorum of cosignatures a checkpoint needs before a verifier accepts it.

A policy file is line based::

    # comments and blank lines are ignored
    log <vkey> [<url>]
    witness <name> <vkey> [<url>]
    group <name> all|any|<k> <name>...
    quorum <name>|none

Items are separated by ASCII spaces and tabs; a group or the quorum may only name witnesses and
groups defined on earlier lines, each member at most once; exactly one quorum line; no two logs
or two witnesses with the same public key (even under other names). Log keys are type 0x01
(tlog-checkpoint), witness keys type 0x04 (tlog-cosignature, Ed25519): the only types this
register signs or checks. Names are opaque bytes; non-ASCII is allowed in names, URLs and
comments, control characters other than tab and newline are not.

Pure code: no database, no settings.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from projections.ledger.proof.note import (
    COSIGNATURE_V1,
    ED25519,
    NoteError,
    Verifier,
    parse_vkey,
    raw_public,
)

MAX_ITEMS = 32
"""Logs, witnesses and groups accepted of each (the spec asks for at least 32)."""
_WHITESPACE = " \t"


class PolicyError(ValueError):
    """A policy file that does not follow c2sp.org/tlog-policy; the message names the line."""


@dataclass(frozen=True)
class Log:
    verifier: Verifier
    url: str | None = None


@dataclass(frozen=True)
class Witness:
    name: str
    verifier: Verifier
    url: str | None = None


@dataclass(frozen=True)
class Group:
    name: str
    threshold: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """A parsed policy; ``quorum`` is None for ``quorum none``."""

    logs: tuple[Log, ...]
    witnesses: dict[str, Witness]
    groups: dict[str, Group]
    quorum: str | None

    def witness_verifiers(self) -> list[Verifier]:
        return [w.verifier for w in self.witnesses.values()]

    def log_verifiers(self) -> list[Verifier]:
        return [log.verifier for log in self.logs]

    def satisfied(self, cosigners: Collection[Verifier]) -> bool:
        """Does a checkpoint cosigned (verified) by ``cosigners`` meet the quorum?"""
        if self.quorum is None:
            return True
        return self._witnessed(self.quorum, {(v.name, v.key_id) for v in cosigners})

    def _witnessed(self, name: str, cosigners: set[tuple[str, int]]) -> bool:
        witness = self.witnesses.get(name)
        if witness is not None:
            return (witness.verifier.name, witness.verifier.key_id) in cosigners
        group = self.groups[name]
        count = sum(1 for member in group.members if self._witnessed(member, cosigners))
        return count >= group.threshold


def _split(line: str) -> list[str]:
    for char in _WHITESPACE[1:]:
        line = line.replace(char, " ")
    return [item for item in line.split(" ") if item]


def _vkey(text: str, sig_type: int, what: str) -> Verifier:
    try:
        verifier = parse_vkey(text)
    except NoteError as error:
        raise PolicyError(f"{what}: {error}") from None
    if verifier.sig_type != sig_type:
        raise PolicyError(f"{what}: a vkey of signature type {sig_type:#04x} is needed")
    return verifier


def parse_policy(data: str | bytes) -> Policy:
    """Parse a policy file; PolicyError naming the line when it is not valid."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    bad = next((b for b in data if (b < 0x20 and b not in (0x09, 0x0A)) or b == 0x7F), None)
    if bad is not None:
        raise PolicyError(f"a policy holds no control characters but tab and newline ({bad:#04x})")
    # Octets with the high bit set are opaque: surrogateescape keeps them byte for byte.
    text = data.decode("utf-8", errors="surrogateescape")
    logs: list[Log] = []
    witnesses: dict[str, Witness] = {}
    groups: dict[str, Group] = {}
    keys: set[bytes] = set()
    log_keys: set[bytes] = set()
    quorum: str | None = None
    seen_quorum = False
    for number, raw in enumerate(text.split("\n"), start=1):
        items = _split(raw)
        where = f"line {number}"
        if not items or items[0].startswith("#"):
            continue
        keyword, args = items[0], items[1:]
        if keyword == "log":
            if len(args) not in (1, 2):
                raise PolicyError(f"{where}: log <vkey> [<url>]")
            verifier = _vkey(args[0], ED25519, where)
            if _material(verifier) in log_keys:
                raise PolicyError(f"{where}: a log with this public key is listed already")
            log_keys.add(_material(verifier))
            logs.append(Log(verifier, args[1] if len(args) == 2 else None))
        elif keyword == "witness":
            if len(args) not in (2, 3):
                raise PolicyError(f"{where}: witness <name> <vkey> [<url>]")
            name = args[0]
            _new_name(name, witnesses, groups, where)
            verifier = _vkey(args[1], COSIGNATURE_V1, where)
            material = _material(verifier)
            if material in keys:
                raise PolicyError(f"{where}: a witness with this public key is listed already")
            keys.add(material)
            witnesses[name] = Witness(name, verifier, args[2] if len(args) == 3 else None)
        elif keyword == "group":
            if len(args) < 3:
                raise PolicyError(f"{where}: group <name> all|any|<k> <name>...")
            name, rule, members = args[0], args[1], tuple(args[2:])
            _new_name(name, witnesses, groups, where)
            for member in members:
                if member not in witnesses and member not in groups:
                    raise PolicyError(f"{where}: {member!r} is not defined on an earlier line")
            if len(set(members)) != len(members):
                raise PolicyError(f"{where}: a member is listed at most once")
            groups[name] = Group(name, _threshold(rule, len(members), where), members)
        elif keyword == "quorum":
            if len(args) != 1:
                raise PolicyError(f"{where}: quorum <name>")
            if seen_quorum:
                raise PolicyError(f"{where}: a policy has exactly one quorum line")
            seen_quorum = True
            if args[0] != "none":
                if args[0] not in witnesses and args[0] not in groups:
                    raise PolicyError(f"{where}: {args[0]!r} is not defined on an earlier line")
                quorum = args[0]
        else:
            raise PolicyError(f"{where}: unknown keyword {keyword!r}")
        if max(len(logs), len(witnesses), len(groups)) > MAX_ITEMS:
            raise PolicyError(f"{where}: more than {MAX_ITEMS} logs, witnesses or groups")
    if not seen_quorum:
        raise PolicyError("a policy has exactly one quorum line; none was found")
    return Policy(tuple(logs), witnesses, groups, quorum)


def _material(verifier: Verifier) -> bytes:
    """The public key itself: two vkeys of it under other names or ids are duplicates."""
    return raw_public(verifier.public_key)


def _new_name(
    name: str, witnesses: dict[str, Witness], groups: dict[str, Group], where: str
) -> None:
    if name == "none":
        raise PolicyError(f"{where}: 'none' is a predefined name")
    if name in witnesses or name in groups:
        raise PolicyError(f"{where}: the name {name!r} is defined already")


def _threshold(rule: str, members: int, where: str) -> int:
    if rule == "all":
        return members
    if rule == "any":
        return 1
    if not rule.isascii() or not rule.isdigit() or (rule.startswith("0") and rule != "0"):
        raise PolicyError(f"{where}: the threshold is all, any or a decimal number")
    threshold = int(rule)
    if not 1 <= threshold <= members:
        raise PolicyError(f"{where}: the threshold must be between 1 and {members}")
    return threshold
