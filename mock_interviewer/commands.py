"""The session sub-commands behind the CLI: sessions, report, progress, resume, plain runs.

`cli.py` only parses arguments and calls these with the parsed namespace; each returns an
exit code and raises `MockInterviewerError`s for the CLI to print as one line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mock_interviewer import services
from mock_interviewer.config import Settings
from mock_interviewer.errors import UsageError
from mock_interviewer.files import SHARED, write_atomic
from mock_interviewer.locations import shipped
from mock_interviewer.models import Session
from mock_interviewer.rubric import DEFAULT_RUBRIC, RubricPack, default_rubric_path, load_rubric
from mock_interviewer.services import settings_for
from mock_interviewer.session.export import render
from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.session.plan import (
    DEFAULT_QUESTIONS,
    PlanOptions,
    build_plan,
    new_practice_session,
    new_session,
)
from mock_interviewer.session.progress import render_progress
from mock_interviewer.session.store import Problem, SessionStore, SessionSummary, StoreError

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """The `interview` setup flags (the TUI setup form asks the same questions)."""
    parser.add_argument(
        "--questions", type=int, default=DEFAULT_QUESTIONS, metavar="N", help="how many (6)"
    )
    parser.add_argument(
        "--level", choices=("common", "advanced", "mixed"), default="common", help="(common)"
    )
    parser.add_argument("--shuffle", action="store_true", help="shuffle instead of guide order")
    parser.add_argument("--seed", type=int, metavar="N", help="shuffle with this seed")
    parser.add_argument("--no-follow-ups", action="store_true", help="never ask follow-ups")
    parser.add_argument(
        "--max-follow-ups", type=int, metavar="N", help="per question (1, or the config file's)"
    )


def plan_options(args: argparse.Namespace, settings: Settings) -> PlanOptions:
    """The interview plan from flags, with the follow-up limit from settings (flag > config)."""
    return PlanOptions(
        questions=args.questions,
        level=args.level,
        shuffle=args.shuffle or args.seed is not None,
        seed=args.seed,
        follow_ups=not args.no_follow_ups,
        max_follow_ups=settings.max_follow_ups,
    )


def open_store(args: argparse.Namespace) -> SessionStore:
    """For the commands that need only the store (no engine, no plan)."""
    return services.open_store(settings_for(args))


def pack_for(args: argparse.Namespace, session: Session | None = None) -> RubricPack:
    """--rubric when given, else the pack the session was made with (shipped packs only)."""
    rubric = getattr(args, "rubric", None)
    if rubric is not None:
        pack = load_rubric(rubric)
    elif session is None or session.rubric_id == DEFAULT_RUBRIC:
        pack = load_rubric(default_rubric_path())
    else:
        path = shipped("rubrics") / f"{session.rubric_id}.toml"
        if not path.is_file():
            raise UsageError(
                f"session {session.id} uses rubric {session.rubric_id!r}; pass --rubric PATH"
            )
        pack = load_rubric(path)
    if session is not None and session.rubric_id != pack.id:
        raise UsageError(
            f"session {session.id} was made with rubric {session.rubric_id!r}, not {pack.id!r}"
        )
    return pack


def _warn(problems: list[Problem], err: TextIO) -> None:
    """Unreadable files are named on stderr and left alone (never fixed or deleted)."""
    for problem in problems:
        err.write(f"mock-interviewer: skipped unreadable session file {problem}\n")


# ---------------------------------------------------------------------- listing, export


def _table(summaries: list[SessionSummary]) -> str:
    rows = [("ID", "DATE", "MODE", "ANSWERED", "SCORE", "STATUS")]
    for s in sorted(summaries, key=lambda s: s.created_at, reverse=True):
        rows.append(
            (
                s.id,
                f"{s.created_at:%Y-%m-%d %H:%M}",
                s.mode,
                f"{s.answered}/{s.planned}" if s.mode == "interview" else str(s.answered),
                "-" if s.score is None else f"{s.score:.1f}",
                "finished" if s.finished else "unfinished",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def run_sessions(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    store = open_store(args)
    if args.delete:
        path = store.delete(args.delete)
        out.write(f"Deleted session {args.delete} ({path})\n")
        return 0
    summaries, problems = store.list_sessions()
    _warn(problems, err)
    if args.json:
        out.write(json.dumps([s.as_json() for s in summaries], indent=2) + "\n")
    elif summaries:
        out.write(_table(summaries) + "\n")
    else:
        out.write(f"No sessions yet in {store.directory}.\n")
    return 0


def run_report(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    session = open_store(args).resolve(args.session)
    text = render(session, pack_for(args, session), args.format)
    if args.output is None or str(args.output) == "-":
        out.write(text)
        return 0
    target = Path(args.output)
    write_atomic(target, text.encode("utf-8"), StoreError, mode=SHARED)
    out.write(f"Wrote {target}\n")
    return 0


def run_progress(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    store = open_store(args)
    sessions, problems = store.scan()
    _warn(problems, err)
    out.write(render_progress([s for s, _ in sessions], pack_for(args)) + "\n")
    return 0


# ---------------------------------------------------------------------- plain-mode runs


def _run_plain(flow: InterviewFlow, engine: Engine) -> int:
    from mock_interviewer.plain import run_plain

    return run_plain(flow, engine)


def run_interview_plain(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    pack = pack_for(args)
    plan = build_plan(pack, plan_options(args, settings))
    engine = services.engine_for(settings, pack)
    session = new_session(pack, plan, engine=engine.name)
    return _run_plain(InterviewFlow(session, pack, services.open_store(settings)), engine)


def run_practice_plain(args: argparse.Namespace) -> int:
    pack = pack_for(args)
    question_id = args.question_id or random.choice(pack.questions).id
    settings = settings_for(args)
    engine = services.engine_for(settings, pack)
    session = new_practice_session(pack, question_id, engine=engine.name)
    return _run_plain(InterviewFlow(session, pack, services.open_store(settings)), engine)


def resume_target(args: argparse.Namespace, store: SessionStore) -> Session:
    """The named session, or the unfinished one touched last; finished ones are refused."""
    if args.session:
        session = store.resolve(args.session)
    else:
        found = store.latest_unfinished()
        if found is None:
            _warn(store.scan()[1], sys.stderr)
            raise UsageError("no unfinished session to resume (see `mock-interviewer sessions`)")
        session = found
    if session.finished:
        raise UsageError(
            f"session {session.id} is finished; see it with `mock-interviewer report {session.id}`"
        )
    return session


def run_resume(args: argparse.Namespace) -> int:
    """Continue a session in plain mode, exactly where it stopped."""
    settings = settings_for(args)
    store = services.open_store(settings)
    session = resume_target(args, store)
    pack = pack_for(args, session)
    unknown = [q for q in session.plan.question_ids if not pack.has_question(q)]
    if unknown:
        raise UsageError(f"the rubric no longer has questions {', '.join(unknown)}")
    return _run_plain(InterviewFlow(session, pack, store), services.engine_for(settings, pack))
