"""Command line: argument parsing, sub-commands and exit codes. No business logic lives here.

Exit codes: 0 success, 1 a failure while running, 2 a usage error (bad flag, unknown id,
unreadable input). Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mock_interviewer import __version__
from mock_interviewer.errors import MockInterviewerError, UsageError
from mock_interviewer.rubric import RubricPack, default_rubric_path, load_rubric

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _common_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """Options accepted both before and after the sub-command.

    Sub-parsers use SUPPRESS defaults so that `mock-interviewer --offline grade` and
    `mock-interviewer grade --offline` mean the same and neither overwrites the other.
    """

    def default(value: object) -> object:
        return value if top_level else argparse.SUPPRESS

    parser.add_argument(
        "--rubric", type=Path, default=default(None), metavar="PATH", help="rubric pack (TOML)"
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=default(False),
        help="use the offline engine even when an LLM is configured",
    )
    parser.add_argument(
        "--model", default=default(None), metavar="NAME", help="LLM model (gpt-4o-mini)"
    )
    parser.add_argument(
        "--base-url",
        default=default(None),
        metavar="URL",
        help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (Ollama)",
    )
    parser.add_argument(
        "--local-only",
        action="store_true",
        default=default(None),
        help="refuse any LLM endpoint that is not on this machine",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default(None),
        metavar="DIR",
        help="where sessions are saved (default: the user data dir)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mock-interviewer",
        description="Practise a product operations manager interview in your terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, top_level=True)
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, top_level=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("questions", parents=[common], help="list the question bank")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_questions)

    p = sub.add_parser("grade", parents=[common], help="grade one answer, or a batch")
    p.add_argument("--question", metavar="ID", help="question id (see `questions`)")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--answer", metavar="TEXT", help="the answer text")
    source.add_argument("--answer-file", metavar="PATH", help="read the answer from a file, or -")
    source.add_argument("--batch", type=Path, metavar="FILE", help="JSONL: question_id + answer")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_grade)

    p = sub.add_parser("schema", parents=[common], help="print the JSON Schema of a grade")
    p.add_argument("--session", action="store_true", help="a saved session's schema instead")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("eval", parents=[common], help="measure the grader on a labelled set")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.jsonl", help="labelled sets")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_eval)
    _session_commands(sub, common)
    return parser


def _session_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from mock_interviewer.commands import add_plan_options
    from mock_interviewer.session.export import FORMATS

    p = sub.add_parser("interview", parents=[common], help="a full mock interview")
    add_plan_options(p)
    p.add_argument("--plain", action="store_true", help="line-oriented prompts on stdin/stdout")
    p.set_defaults(handler=cmd_interview)

    p = sub.add_parser("practice", parents=[common], help="practise one question, retry freely")
    p.add_argument("question_id", nargs="?", metavar="ID", help="question id (default: random)")
    p.add_argument("--plain", action="store_true", help="line-oriented prompts on stdin/stdout")
    p.set_defaults(handler=cmd_practice)

    p = sub.add_parser("resume", parents=[common], help="continue an unfinished session")
    p.add_argument("session", nargs="?", metavar="SESSION", help="id (default: latest unfinished)")
    p.add_argument("--plain", action="store_true", help="line-oriented prompts on stdin/stdout")
    p.set_defaults(handler=cmd_resume)

    p = sub.add_parser("sessions", parents=[common], help="list saved sessions")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--delete", metavar="ID", help="delete one session")
    p.set_defaults(handler=cmd_sessions)

    p = sub.add_parser("report", parents=[common], help="export a session's graded transcript")
    p.add_argument("session", metavar="SESSION", help="session id, id prefix or file")
    p.add_argument("--format", choices=FORMATS, default="md", help="(md)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("progress", parents=[common], help="trends across finished sessions")
    p.set_defaults(handler=cmd_progress)


def _load_pack(args: argparse.Namespace) -> RubricPack:
    return load_rubric(args.rubric or default_rubric_path())


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_questions(args: argparse.Namespace) -> int:
    pack = _load_pack(args)
    if args.json:
        _print_json([q.model_dump(mode="json") for q in pack.questions])
        return EXIT_OK
    for q in pack.questions:
        print(f"{q.id:<34} [{q.level}] {q.text}")
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    from mock_interviewer.grading.batch import grade_batch
    from mock_interviewer.grading.inputs import read_answer
    from mock_interviewer.grading.render import render_grade
    from mock_interviewer.services import engine_for, settings_for

    pack = _load_pack(args)
    # offline, or llm/hybrid when an LLM is configured
    engine = engine_for(settings_for(args), pack)
    if args.batch is not None:
        if not args.json:
            raise UsageError("grade --batch writes JSON lines: add --json")
        with asyncio.Runner() as runner:  # one event loop, so the LLM client's pool stays valid
            lines = grade_batch(args.batch, lambda qid, text: runner.run(engine.grade(qid, text)))
            for line in lines:
                print(json.dumps(line, ensure_ascii=False), flush=True)
        return EXIT_OK
    if not args.question:
        raise UsageError("grade needs --question ID (see `mock-interviewer questions`)")
    question = pack.question(args.question)
    answer = read_answer(args.answer, args.answer_file)
    grade = asyncio.run(engine.grade(question.id, answer))
    if args.json:
        _print_json(grade.model_dump(mode="json"))
    else:
        print(render_grade(grade, pack))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from mock_interviewer.models import Grade
    from mock_interviewer.session.export import session_schema

    _print_json(session_schema() if args.session else Grade.model_json_schema())
    return EXIT_OK


def cmd_interview(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_interview_plain

    return run_interview_plain(args) if args.plain else _open_home(args)


def cmd_practice(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_practice_plain

    return run_practice_plain(args) if args.plain else _open_home(args)


def cmd_resume(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_resume

    return run_resume(args) if args.plain else _open_home(args)


def cmd_sessions(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_sessions

    return run_sessions(args)


def cmd_report(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_report

    return run_report(args)


def cmd_progress(args: argparse.Namespace) -> int:
    from mock_interviewer.commands import run_progress

    return run_progress(args)


def cmd_eval(args: argparse.Namespace) -> int:
    from mock_interviewer.grading.calibration import default_sets, evaluate, render_report

    pack = _load_pack(args)
    reports = [evaluate(pack, path) for path in (args.files or default_sets())]
    if args.json:
        _print_json([r.model_dump(mode="json") for r in reports])
    else:
        print("\n\n".join(render_report(r) for r in reports))
    return EXIT_OK


def _open_home(args: argparse.Namespace) -> int:
    """The Textual app: home, or `interview` / `practice` / `resume` by `args.command`
    (imported lazily, so the other commands never pay for Textual)."""
    from mock_interviewer.tui.launch import open_tui

    return open_tui(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _open_home)
    try:
        return handler(args)
    except UsageError as exc:
        print(f"mock-interviewer: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except MockInterviewerError as exc:
        print(f"mock-interviewer: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("mock-interviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
