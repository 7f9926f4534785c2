"""The register's side of c2sp.org/tlog-witness: submit each new checkpoint to the witnesses in
``LR_WITNESSES`` and keep their cosignatures beside the checkpoint.

``LR_WITNESSES`` lists witnesses as ``<vkey> <submission prefix URL>`` pairs separated by
commas; the vkey (type 0x04, c2sp.org/tlog-cosignature) names the witness and checks its
cosignatures. A round, per witness: when the newest kept checkpoint is larger than the newest
one that witness cosigned, send it (``POST <prefix>/add-checkpoint``) with the old size the
register believes the witness has and the consistency proof from it; on 409 the witness's own
size is taken from the answer and the request is made once more from there. Verified
cosignatures are kept in ``ledger_cosignatures`` (a plain table, like the checkpoints), and
``GET /ledger/checkpoint`` then serves the newest cosigned checkpoint with them.

Nothing here is on a request's path: ``serve`` runs the rounds in a background thread
(``LR_WITNESS_SUBMITTER=inprocess``, the default when witnesses are configured), and
``lerarenregister witness submit`` runs one. A witness that is away is tried again after
``LR_WITNESS_RETRY_SECONDS``; the checkpoint is never lost, since it is kept whether or not a
witness answers, and the next round submits the newest one (the proof covers everything in
between). Several processes may submit at once: the witness serialises them, and a process
that loses the race gets 409 and catches up.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog

from api.ledger_setup import ledger_key, note_signer
from api.settings import Settings
from domain.errors import RegisterError
from projections.db import Db
from projections.ledger import queries as ledger_queries
from projections.ledger import sql
from projections.ledger.proof.note import Note, NoteError, Verifier, parse_vkey
from projections.ledger.proof.witness import SIZE_CONTENT_TYPE, AddCheckpoint, cosignatures_from

log = structlog.get_logger("lerarenregister.witness")
TIMEOUT = 10.0
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class WitnessTarget:
    """One witness the register submits to."""

    verifier: Verifier
    url: str

    @property
    def name(self) -> str:
        return self.verifier.name


def parse_witnesses(text: str) -> list[WitnessTarget]:
    """``LR_WITNESSES``: ``<vkey> <url>`` pairs separated by commas; ValueError if malformed."""
    targets: list[WitnessTarget] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        parts = item.split()
        if len(parts) != 2 or not parts[1].startswith(("http://", "https://")):
            raise ValueError(f"LR_WITNESSES: {item[:60]!r} is not '<vkey> <http(s) URL>'")
        try:
            verifier = parse_vkey(parts[0])
        except NoteError as error:
            raise ValueError(f"LR_WITNESSES: {error}") from None
        if verifier.sig_type != 0x04:
            raise ValueError(f"LR_WITNESSES: {verifier.name} is not a cosignature key (type 0x04)")
        if any(t.verifier.key_id == verifier.key_id for t in targets):
            raise ValueError(f"LR_WITNESSES: {verifier.name} is listed twice")
        targets.append(WitnessTarget(verifier, parts[1].rstrip("/")))
    return targets


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str


def post_add_checkpoint(url: str, body: bytes, timeout: float = TIMEOUT) -> Answer:
    """``POST <url>/add-checkpoint``; connection failures raise OSError."""
    request = urllib.request.Request(  # noqa: S310 (the operator's configured http(s) URL)
        url + "/add-checkpoint",
        data=body,
        method="POST",
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(MAX_ANSWER_BYTES)
            return Answer(response.status, data.decode("utf-8", "replace"), _type(response))
    except urllib.error.HTTPError as error:
        data = error.read(MAX_ANSWER_BYTES)
        return Answer(error.code, data.decode("utf-8", "replace"), _type(error))


def _type(response: Any) -> str:
    return str(response.headers.get("Content-Type", "")).split(";")[0].strip()


class WitnessSubmitter:
    """Submits the newest checkpoint to each witness that has not cosigned it yet."""

    def __init__(
        self,
        settings: Settings,
        connection: Callable[[], Any],
        post: Callable[[str, bytes], Answer] = post_add_checkpoint,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.targets = parse_witnesses(settings.witnesses)
        self.signer = note_signer(settings)
        self.log_key = ledger_key(settings).public_key()
        self.connection = connection
        self.post = post
        self.clock = clock
        self.retry = settings.witness_retry_seconds
        self._next_try: dict[int, float] = {}

    def round(self, *, force: bool = False) -> dict[str, str]:
        """One round over the witnesses; what happened with each (for the log and the CLI)."""
        outcomes: dict[str, str] = {}
        with self.connection() as db:
            if not db.table_exists(sql.CHECKPOINTS):
                return {t.name: "no checkpoint yet" for t in self.targets}
            for target in self.targets:
                if not force and self.clock() < self._next_try.get(target.verifier.key_id, 0.0):
                    outcomes[target.name] = "waiting to retry"
                    continue
                try:
                    outcome = self._submit(db, target)
                except (OSError, RegisterError, NoteError) as error:
                    outcome = f"failed: {error}"
                if outcome.startswith("failed"):
                    self._next_try[target.verifier.key_id] = self.clock() + self.retry
                    log.warning("witness_submission_failed", witness=target.name, why=outcome)
                else:
                    self._next_try.pop(target.verifier.key_id, None)
                    if outcome.startswith("cosigned"):
                        log.info("witness_cosigned", witness=target.name, outcome=outcome)
                outcomes[target.name] = outcome
        return outcomes

    def _submit(self, db: Db, target: WitnessTarget) -> str:
        latest = sql.latest_checkpoint(db)
        if latest is None:
            return "no checkpoint yet"
        old = sql.newest_cosigned_by(db, target.name, target.verifier.key_id) or 0
        if old >= latest.tree_size:
            return f"up to date at size {old}"
        full = ledger_queries.checkpoint_note(db, self.signer, self.log_key, latest)
        note = Note(full.text, full.signatures[:1])  # the log's own signature only
        for _ in range(2):
            proof = ledger_queries.consistency(db, old, latest.tree_size).proof if old else []
            body = AddCheckpoint(old, tuple(proof), note.render()).render()
            answer = self.post(target.url, body)
            if answer.status == 200:
                signatures = cosignatures_from(answer.body, note.text, target.verifier)
                if not signatures:
                    return "failed: the answer holds no cosignature of this witness"
                with db.transaction():
                    sql.insert_cosignatures(db, latest.tree_size, signatures)
                return f"cosigned size {latest.tree_size}"
            if answer.status == 409 and answer.content_type == SIZE_CONTENT_TYPE:
                theirs = _size(answer.body)
                if theirs is None or theirs == old:
                    return f"failed: 409 with an unusable size {answer.body[:40]!r}"
                if theirs > latest.tree_size:
                    return (
                        f"failed: the witness holds size {theirs}, beyond the register's newest "
                        f"checkpoint ({latest.tree_size}): a fork or a lost checkpoint"
                    )
                old = theirs
                continue
            return f"failed: HTTP {answer.status}: {answer.body.strip()[:200]}"
        return "failed: the witness's size changed twice during the round"

    def start(self, poll: float = 2.0) -> Callable[[], None]:
        """Run rounds in a background thread (inside ``serve``); returns the function that
        stops it."""
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(poll):
                try:
                    self.round()
                except Exception:  # a database away: try again next round
                    log.exception("witness_round_failed")

        thread = threading.Thread(target=run, name="witness-submitter", daemon=True)
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=TIMEOUT + 5)

        return halt


def _size(text: str) -> int | None:
    line = text[:-1] if text.endswith("\n") else text
    return int(line) if line.isascii() and line.isdigit() else None


def start_witness_submitter(services: Any) -> Callable[[], None] | None:
    """Inside ``serve``: submit checkpoints to the witnesses from this process when
    ``LR_WITNESSES`` is set (and ``LR_WITNESS_SUBMITTER`` is not ``off``)."""
    settings: Settings = services.settings
    if not settings.witnesses.strip() or settings.witness_submitter == "off":
        return None
    submitter = WitnessSubmitter(settings, services.projections.readers.connection)
    log.info("witness_submitter_started", witnesses=[t.name for t in submitter.targets])
    return submitter.start()
