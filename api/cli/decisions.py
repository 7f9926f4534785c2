"""Command line for decisions and criteria: `run-due`, `criteria ...`, `decision ...`."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from api.cli.common import CLI_ACTOR, Progress, fail, services_for
from api.cli.privacy import print_retention
from api.impact_worker import follow, worker_name
from api.presenters import present_impact_run
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.register import Context


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


#: The cyclic collector's thresholds during a run-due: a run folds and drops thousands of
#: files' objects a page at a time, and with Python's defaults (700, 10, 10) it spends about a
#: quarter of its CPU re-examining objects that live until the page is done.
RUN_DUE_GC_THRESHOLDS = (20_000, 50, 100)


def cmd_run_due(args: argparse.Namespace) -> int:
    services = services_for(args)
    # What is alive now (modules, the services) lives as long as the command: out of the
    # collector's way; the pages' objects are collected less often, memory stays bounded.
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RUN_DUE_GC_THRESHOLDS)
    try:
        on = args.date or services.register.clock()
        report = services.register.run_due(
            on,
            ctx=Context(CLI_ACTOR, reason=f"run-due {on.isoformat()}"),
            progress=Progress("run-due"),
        )
        data = report.to_dict()
        rate = data["decided"] / data["seconds"] if data["seconds"] else 0.0
        print(
            f"decided {data['decided']} re-registrations due on {data['on']} in "
            f"{data['seconds']:.1f}s ({rate:,.0f}/s); {data['files_read']} files read, "
            f"{data['writes']} writes, {data['conflicts']} conflicts"
        )
        for outcome, count in data["outcomes"].items():
            print(f"  {outcome}: {count}")
        print_retention(services, data, on)
        print(
            f"  strike-offs proposed (the teacher is heard first): {data['proposed']};"
            f" awaiting the hearing: {data['awaiting_hearing']};"
            f" proposal withdrawn, left to the registrar: {data['left_to_registrar']}"
        )
        print(
            f"  pre-register terms passed (may not teach on that basis):"
            f" {data['preregister_expired']}"
        )
        reminders = data.get("reminders") or {}
        issued = reminders.get("issued") or {}
        print(
            f"  period-end reminders issued: {issued.get('6', 0)} at six months,"
            f" {issued.get('3', 0)} at three months"
        )
        return 0
    finally:
        services.close()
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def cmd_review_past_decisions(args: argparse.Namespace) -> int:
    """Read-only: past decisions today's rules would decide otherwise, one JSON object a line."""
    services = services_for(args)
    try:
        found = 0
        for item in services.register.review_past_decisions():
            print(json.dumps(item, ensure_ascii=False))
            found += 1
        print(f"{found} past decisions would be decided otherwise today; nothing was changed")
        return 0
    finally:
        services.close()


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None


def cmd_criteria(args: argparse.Namespace) -> int:
    services = services_for(args)
    register = services.register
    ctx = Context(CLI_ACTOR, reason=getattr(args, "reason", None))
    try:
        command = args.criteria_command
        if command == "list":
            for v in register.criteria_versions():
                print(
                    f"{v['name']:<15} v{v['version']:<3} {v['status']:<8} "
                    f"from {v['effective_from'] or '-':<10} {v['sha256']}"
                )
            return 0
        if command == "show":
            sys.stdout.write(register.criteria_version(args.name, args.version).document)
            return 0
        if command == "init":
            written = register.ensure_criteria_books(ctx)
            print("adopted the shipped defaults: " + (", ".join(written) or "none needed"))
            return 0
        if command == "draft":
            result = register.draft_criteria(DraftCriteria(raw=_read_file(args.file)), ctx=ctx)
            print(
                f"drafted {result.data['name']} v{result.data['version']} {result.data['sha256']}"
            )
            return 0
        if command == "adopt":
            consultation = {"with": args.consulted, "held_on": args.held_on.isoformat()}
            if args.summary:
                consultation["summary"] = args.summary
            command = AdoptCriteria(
                version=args.version,
                effective_from=args.effective_from,
                consultation=consultation,
            )
            result = register.adopt_criteria(args.name, command, ctx=ctx)
            print(f"adopted {args.name} v{args.version} from {args.effective_from.isoformat()}")
            return 0
        if command == "impact-run":
            return _impact_run(args, services, ctx)
        start = args.due_from or register.clock()
        analysis = register.impact(
            _read_file(args.file),
            due_from=start,
            due_to=args.due_to or start + timedelta(days=365),
            effective_from=args.effective_from,
            progress=Progress("impact"),
        )
        if not args.full:
            analysis = {k: v for k, v in analysis.items() if k != "changes"}
        _print(analysis)
        return 0
    finally:
        services.close()


def _impact_run(args: argparse.Namespace, services: Any, ctx: Context) -> int:
    """Start (or join) a version's impact run and run it here, in the foreground; a run that
    another worker holds is followed until it ends. Prints the run; 1 when it failed."""
    register = services.register
    if args.page_rows is not None and args.page_rows < 1:
        return fail("--page-rows must be at least 1")
    if args.run:
        run = register.impact_run(args.run)
    elif args.version is None:
        return fail("name a version (criteria impact-run VERSION) or a run (--run ID)")
    else:
        run, new, _ = register.start_impact_run(
            args.name,
            args.version,
            due_from=args.due_from,
            due_to=args.due_to,
            effective_from=args.effective_from,
            ctx=ctx,
        )
        sys.stderr.write(f"impact run {run.run_id} ({'new' if new else 'open already'})\n")
    if run.is_open:
        ran = register.run_impact_run(
            run.id,
            worker_name(),
            lease_seconds=services.settings.impact_lease,
            page_rows=args.page_rows,
            on_progress=Progress("impact run"),
        )
        if ran is None:
            sys.stderr.write(f"impact run {run.run_id} is another worker's: following it\n")
        run = follow(register, run.id)
    shown = present_impact_run(run).model_dump(mode="json")
    if shown["result"] is not None and not args.full:
        shown["result"] = {k: v for k, v in shown["result"].items() if k != "changes"}
    _print(shown)
    return 0 if run.status == "completed" else 1


def cmd_decision(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        if args.decision_command == "show":
            _print(services.register.get_decision(args.decision_id))
            return 0
        answer = services.register.reproduce(args.decision_id)
        _print(answer)
        return 0 if answer["reproduced"] else 1
    finally:
        services.close()


def add_commands(sub: Any) -> None:
    """`run-due`, `criteria` and `decision`."""
    run_due = sub.add_parser(
        "run-due", help="decide every re-registration due on the register's date"
    )
    run_due.add_argument(
        "--date",
        type=_date,
        default=None,
        help="YYYY-MM-DD; may only name the register's date (LR_TODAY or today), the default",
    )
    run_due.set_defaults(func=cmd_run_due)

    review = sub.add_parser(
        "review-past-decisions",
        help="list (read-only) past decisions that today's rules would decide otherwise, and why",
    )
    review.set_defaults(func=cmd_review_past_decisions)

    criteria = sub.add_parser("criteria", help="criteria documents: list, show, draft, adopt")
    csub = criteria.add_subparsers(dest="criteria_command", required=True)
    csub.add_parser("list", help="every version: status, effective date, sha256")
    show = csub.add_parser("show", help="print a version's exact document")
    show.add_argument("name")
    show.add_argument("version", type=int)
    csub.add_parser("init", help="adopt the shipped defaults now if never written")
    draft = csub.add_parser("draft", help="draft a document from a JSON file")
    draft.add_argument("file")
    draft.add_argument("--reason", default=None)
    adopt = csub.add_parser("adopt", help="adopt a drafted version")
    adopt.add_argument("name")
    adopt.add_argument("version", type=int)
    adopt.add_argument("--effective-from", type=_date, required=True)
    adopt.add_argument("--consulted", action="append", required=True, help="party consulted")
    adopt.add_argument("--held-on", type=_date, required=True, help="date of the consultation")
    adopt.add_argument("--summary", default=None)
    adopt.add_argument("--reason", default=None)
    impact = csub.add_parser("impact", help="weigh a draft document against the register")
    impact.add_argument("file")
    impact.add_argument("--from", dest="due_from", type=_date, default=None)
    impact.add_argument("--to", dest="due_to", type=_date, default=None)
    impact.add_argument(
        "--effective-from",
        dest="effective_from",
        type=_date,
        default=None,
        help="the day the draft would take effect (default tomorrow)",
    )
    impact.add_argument("--full", action="store_true", help="list every changed file too")
    run = csub.add_parser(
        "impact-run",
        help="weigh a drafted version as a job, here in the foreground (or resume --run ID)",
    )
    run.add_argument("version", type=int, nargs="?", default=None)
    run.add_argument("--name", default="reregistration")
    run.add_argument("--run", default=None, help="run (or follow) this impact run instead")
    run.add_argument("--from", dest="due_from", type=_date, default=None)
    run.add_argument("--to", dest="due_to", type=_date, default=None)
    run.add_argument("--effective-from", dest="effective_from", type=_date, default=None)
    run.add_argument("--reason", default=None)
    run.add_argument("--full", action="store_true", help="list every changed file too")
    run.add_argument(
        "--page-rows", type=int, default=None, help="events read per query (default 20,000)"
    )
    criteria.set_defaults(func=cmd_criteria)

    decision = sub.add_parser("decision", help="show or reproduce a decision")
    dsub = decision.add_subparsers(dest="decision_command", required=True)
    for name, text in (("show", "print the decision record"), ("reproduce", "decide again")):
        command = dsub.add_parser(name, help=text)
        command.add_argument("decision_id")
    decision.set_defaults(func=cmd_decision)
