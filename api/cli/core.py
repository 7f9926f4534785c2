"""The core commands: serve, demo, token, projections, replay."""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from api.bootstrap import Services
from api.cli.common import CLI_ACTOR, Progress, fail, services_for
from api.logging import configure_logging
from api.presenters import audit_event, teacher_file
from api.settings import Settings
from domain.commands.tokens import IssueToken, RevokeToken
from domain.register import Context
from domain.values import Role
from projections.ledger.projection import checkpoints_summarised
from projections.projection import RebuildBusyError


def _positive_days(text: str) -> int:
    """`--expires-in-days`: a whole number of days, at least 1 (0 once meant "never")."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 36600:
        msg = "a token expires in 1 to 36600 days; leave the option out for no expiry"
        raise argparse.ArgumentTypeError(msg)
    return days


def serve_options(args: argparse.Namespace) -> dict[str, Any]:
    """Uvicorn's options for `serve`: forwarded headers (`X-Forwarded-For`, the client address
    the rate limit counts) are trusted only from the proxies named in `--forwarded-allow-ips`;
    by default from none, so no client can choose the address it is counted under."""
    proxies = (args.forwarded_allow_ips or "").strip()
    return {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "timeout_graceful_shutdown": 10,
        "workers": None,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
    }


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415  (only the server needs it)

    from api.app import create_app  # noqa: PLC0415

    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    app = create_app(settings=settings)
    uvicorn.run(app, **serve_options(args))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from api.demo import load_demo  # noqa: PLC0415

    services = services_for(args)
    try:
        if args.if_empty and services.register.head_position() > 0:
            print("the store already holds events; no demo data loaded")
            return 0
        # The progress bars own stderr: checkpoints signed meanwhile are summed up at the end.
        with checkpoints_summarised():
            fresh = services.register.head_position() == 0
            started = time.perf_counter()
            try:
                # Each write is folded into the read models and the ledger as it is saved, from
                # the events in memory: the load ends with the register ready.
                summary = load_demo(
                    services.register,
                    args.teachers,
                    args.seed,
                    progress=Progress("demo (write and project)"),
                    on_saved=services.projections.fold_saved,
                    background=True,
                )
            except IntegrityError:
                return fail("demo data for this seed is already in the store; use another --seed")
            elapsed = time.perf_counter() - started
            print(
                f"loaded {summary.teachers} teachers, {summary.events} events in {elapsed:.1f}s "
                f"({summary.events / elapsed:,.0f} events/s); log position {summary.position}"
            )
            print("sample register numbers: " + ", ".join(summary.sample_register_numbers))
            if fresh and args.teachers > 0:
                _demo_procedures(services)
            services.projections.catch_up_all(progress=Progress("read models and ledger"))
        return 0
    finally:
        services.close()


def _demo_procedures(services: Services) -> None:
    """Work for every role's pages (only on a store the demo filled from empty)."""
    from api.demo_procedures import load_procedures  # noqa: PLC0415

    made = load_procedures(services.register)
    print(
        f"demo procedures: providers {', '.join(made.providers)} "
        f"({made.offerings_validated} offerings validated, {made.offerings_awaiting} awaiting "
        f"validation); {len(made.decisions)} decisions, {len(made.objections)} under "
        f"objection; {len(made.proposals)} intended strike-off; {made.disputes} disputed "
        f"appointment (board {', '.join(made.boards) or '-'})"
    )


def cmd_token(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        if args.token_command == "issue":  # noqa: S105
            expires = (
                datetime.now(UTC) + timedelta(days=args.expires_in_days)
                if args.expires_in_days is not None
                else None
            )
            command = IssueToken(
                role=args.role, subject=args.subject, expires_at=expires, note=args.note
            )
            token, token_id = services.register.issue_token(
                command, ctx=Context(CLI_ACTOR, reason=args.note)
            )
            print(
                f"token id: {token_id} (role {args.role}"
                + (f", subject {args.subject}" if args.subject else "")
                + (f", expires {expires.isoformat()}" if expires else "")
                + ")"
            )
            print("store it now: it is shown once and kept only as a hash")
            print(token)
            return 0
        token_id = services.register.revoke_token(
            RevokeToken(token_or_id=args.token), ctx=Context(CLI_ACTOR, reason=args.reason)
        )
        print(f"revoked token {token_id}")
        return 0
    finally:
        services.close()


def cmd_projections(args: argparse.Namespace) -> int:
    services = services_for(args)
    runner = services.projections
    try:
        if args.projections_command == "status":
            rows = runner.status()
            print(
                f"{'projection':<20} {'gen':>4} {'live':>5} {'position':>10} {'head':>10} "
                f"{'lag':>8} code"
            )
            for r in rows:
                print(
                    f"{r['projection']:<20} {r['generation']:>4} {r['live']!s:>5} "
                    f"{r['position']:>10} {r['head']:>10} {r['lag']:>8} "
                    f"v{r['code_version']}/v{r['current_code_version']}"
                    + ("" if r["live"] else "  (rebuild under way)")
                )
            return 0
        if args.projections_command == "rebuild":
            names = [args.name] if args.name else list(runner.projections)
            for name in names:
                if name not in runner.projections:
                    known = sorted(runner.projections)
                    return fail(f"no projection named {name!r}; one of {known}")
            if args.batch_size:
                runner.rebuild_batch_size = args.batch_size
            label = f"rebuild {args.name}" if args.name else "rebuild all"
            try:
                with checkpoints_summarised():
                    result = runner.rebuild(names, progress=Progress(label))
            except RebuildBusyError as exc:
                return fail(str(exc))
            rate = result["events"] / result["seconds"] if result["seconds"] else 0.0
            generations = ", ".join(f"{n} g{g}" for n, g in result["projections"].items())
            print(
                f"rebuilt {generations}; live at position {result['position']}; "
                f"{result['events']:,} events in {result['seconds']:.1f}s ({rate:,.0f} events/s)"
            )
            return 0
        # run: follow the log until stopped (one active worker per projection on PostgreSQL);
        # projections whose code version changed are rebuilt side by side by the lock holder.
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())

        def acquired(names: list[str]) -> None:
            print(f"active for: {', '.join(names)}", flush=True)

        mode = "waiting for the advisory locks" if services.store.is_postgres else "embedded"
        print(f"following the log ({mode}); Ctrl-C to stop", flush=True)
        runner.run(stop=stop, on_acquire=acquired)
        return 0
    finally:
        services.close()


def cmd_replay(args: argparse.Namespace) -> int:
    services = services_for(args)
    register = services.register
    try:
        try:
            teacher_id = UUID(args.teacher_id)
        except ValueError:
            return fail(f"{args.teacher_id!r} is not a teacher id")
        current = register.get_teacher(teacher_id)
        version = args.version
        if args.at:
            try:
                at = datetime.fromisoformat(args.at)
            except ValueError:
                return fail("--at must be an ISO 8601 time, e.g. 2026-01-31T12:00:00+01:00")
            if at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
            version = register.version_at(teacher_id, at)
            if version == 0:
                return fail("the file did not exist at that time")
        if version is not None:
            if not 1 <= version <= current.version:
                return fail(f"version must be between 1 and {current.version}")
            state = teacher_file(register.get_teacher(teacher_id, version=version), show_bsn=True)
            print(
                json.dumps(
                    state.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False
                )
            )
            return 0
        for pos, ver, topic, raw in register.events_with_positions(teacher_id):
            event = register.mapper.to_domain_event(
                StoredEvent(
                    originator_id=teacher_id, originator_version=ver, topic=topic, state=raw
                )
            )
            item = audit_event(pos, event)
            actor = item.actor or {}
            who = actor.get("role", "?") + (f":{actor['subject']}" if actor.get("subject") else "")
            reason = f" reason={item.reason!r}" if item.reason else ""
            print(
                f"v{item.version:<3} #{item.position:<8} {item.recorded_at.isoformat()} "
                f"{item.type:<32} by {who}{reason}"
            )
            print("      " + json.dumps(item.data, ensure_ascii=False, sort_keys=True))
        return 0
    finally:
        services.close()


def add_commands(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the HTTP API (and, embedded, the projections)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="comma-separated addresses of the proxies whose X-Forwarded-For is trusted "
        "(default: none)",
    )
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="load a realistic synthetic register")
    demo.add_argument("--teachers", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--if-empty", action="store_true", help="only when the store is empty")
    demo.set_defaults(func=cmd_demo)

    token = sub.add_parser("token", help="issue or revoke access tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    issue = token_sub.add_parser("issue", help="print a new token as the last line")
    issue.add_argument("--role", required=True, choices=[r.value for r in Role if r != Role.SYSTEM])
    issue.add_argument("--subject", default=None, help="teacher id, board number or provider id")
    issue.add_argument(
        "--expires-in-days",
        type=_positive_days,
        default=None,
        help="days until the token expires (1 or more; leave out for a token without expiry)",
    )
    issue.add_argument("--note", default=None, help="what the token is for")
    revoke = token_sub.add_parser("revoke", help="revoke a token by its id (or the token)")
    revoke.add_argument("token")
    revoke.add_argument("--reason", default=None)
    token.set_defaults(func=cmd_token)

    proj = sub.add_parser("projections", help="read models: status, rebuild, run")
    proj_sub = proj.add_subparsers(dest="projections_command", required=True)
    proj_sub.add_parser("status", help="position, head and lag of each read model")
    rebuild = proj_sub.add_parser("rebuild", help="rebuild side by side, then switch over")
    rebuild.add_argument("name", nargs="?", default=None)
    rebuild.add_argument("--batch-size", type=int, default=None, help="events per transaction")
    proj_sub.add_parser("run", help="follow the log as a worker process")
    proj.set_defaults(func=cmd_projections)

    replay = sub.add_parser("replay", help="print a teacher's history, or the file at a version")
    replay.add_argument("teacher_id")
    replay.add_argument("--version", type=int, default=None)
    replay.add_argument("--at", default=None, help="ISO 8601 time")
    replay.set_defaults(func=cmd_replay)
