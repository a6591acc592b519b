"""The TUI's pure parts (bars, escaping, feedback text, ordering, CLI launch) without an app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from session_factories import make_grade

from mock_interviewer.cli import build_parser, main
from mock_interviewer.engine import OfflineEngine
from mock_interviewer.models import Evidence, SignalResult
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import attempt_diff
from mock_interviewer.session.plan import PlanOptions
from mock_interviewer.session.store import SessionSummary
from mock_interviewer.tui import launch
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.screens.home import order_sessions, session_label
from mock_interviewer.tui.screens.practice_pick import ANY, matching
from mock_interviewer.tui.widgets.bars import bar
from mock_interviewer.tui.widgets.feedback import change_markdown, grade_markdown, graders_used
from mock_interviewer.tui.widgets.status import format_seconds
from mock_interviewer.tui.widgets.transcript import escape_markdown

Q4 = "q04_process_reengineering"


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0, "░░░░░"), (0.5, "███░░"), (0.4, "██░░░"), (1, "█████"), (1.7, "█████"), (-1, "░░░░░")],
)
def test_bar_rounds_to_whole_cells_and_clamps(fraction: float, expected: str) -> None:
    assert bar(fraction, 5) == expected


def test_escape_markdown_keeps_an_answer_literal() -> None:
    assert escape_markdown("# 50% *really* <b>[x](y)") == r"\# 50% \*really\* \<b\>\[x\]\(y\)"


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (75.9, "1:15"), (-3, "0:00")])
def test_format_seconds(seconds: float, shown: str) -> None:
    assert format_seconds(seconds) == shown


def test_grade_markdown_lists_key_signals_first_with_quotes(pack: RubricPack) -> None:
    grade = make_grade(pack, Q4, score=3, hits={"process_improvement": "hit"})
    grade.signals[0].evidence = [Evidence(quote="I *cut* two steps", start=0, end=17)]
    grade.signals.append(SignalResult(id="scalability", hit="not_probed"))
    grade.signals.insert(0, SignalResult(id="data_fluency", hit="partial"))
    text = grade_markdown(pack, pack.question(Q4), grade)
    lines = text.splitlines()
    signal_lines = [line for line in lines if line.startswith("- **")]
    assert signal_lines[0] == "- **✔ hit** · Process analysis and re-engineering (key)"
    assert signal_lines[-1] == "- **◐ partial** · Data fluency", "non-key signals come last"
    assert "    - “I \\*cut\\* two steps”" in lines
    assert "Scalability" not in text, "an unprobed non-key signal is left out"
    assert "## Score 3/5 `███░░`" in text


def test_change_markdown_names_gained_and_lost_signals(pack: RubricPack) -> None:
    before = make_grade(pack, Q4, score=2, hits={"concrete_example": "hit"})
    after = make_grade(pack, Q4, score=4, hits={"process_improvement": "hit"})
    text = change_markdown(pack, attempt_diff(before, after), attempt=2)
    assert text == (
        "**Compared with attempt 1:** score 2 → 4 (+2); gained Process analysis and "
        "re-engineering; lost Concrete example."
    )
    same = change_markdown(pack, attempt_diff(before, before), attempt=3)
    assert same == "**Compared with attempt 2:** no change in score or signals."


def test_graders_used_counts_calls_per_grader(pack: RubricPack) -> None:
    grade = make_grade(pack, Q4)
    assert graders_used(grade) == "offline"
    grade.grader = "hybrid"
    grade.signals[0].grader = "llm"
    grade.signals[1].grader = "llm"
    assert graders_used(grade) == "hybrid (llm 2, offline 1)"


def test_matching_filters_by_level_and_signal(pack: RubricPack) -> None:
    assert matching(pack.questions, ANY, ANY) == pack.questions
    advanced = matching(pack.questions, "advanced", "process_improvement")
    assert [q.id for q in advanced] == ["q12_impactful_process_areas", "q15_launch_process"]


def summary(
    sid: str, hours: int, *, finished: bool, mode: str = "interview", answered: int = 1
) -> SessionSummary:
    at = datetime(2025, 5, 14, tzinfo=UTC) + timedelta(hours=hours)
    return SessionSummary(sid, Path(sid), at, at, mode, answered, 6, None, finished)  # type: ignore[arg-type]


def test_home_puts_unfinished_interviews_first_then_newest() -> None:
    rows = [
        summary("old-done", 1, finished=True),
        summary("old-open", 2, finished=False),
        summary("new-done", 5, finished=True),
        summary("practice-open", 6, finished=False, mode="practice"),
        summary("new-open", 4, finished=False),
        summary("left-empty", 7, finished=True, mode="practice", answered=0),
    ]
    ordered = [s.id for s in order_sessions(rows)]
    assert ordered == ["new-open", "old-open", "practice-open", "new-done", "old-done"]
    assert "unfinished" in str(session_label(rows[1]))
    assert "unfinished" not in str(session_label(rows[0]))


def test_cli_interview_without_flags_shows_setup_and_with_flags_starts() -> None:
    parser = build_parser()

    def start(*argv: str) -> Start:
        args = parser.parse_args(list(argv))
        return launch.start_for(args, launch.services_for(args))

    assert start("interview").options is None
    started = start("interview", "--questions", "3")
    assert started.kind == "interview" and started.options == PlanOptions(questions=3)
    practice = start("practice", Q4)
    assert (practice.kind, practice.question_id) == ("practice", Q4)
    assert start().kind == "home"


def test_cli_builds_offline_services_and_runs_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    ran = []
    monkeypatch.setattr("mock_interviewer.tui.app.run_tui", lambda s, st: ran.append((s, st)) or 0)
    assert main(["practice", Q4]) == 0
    services, start = ran[0]
    assert isinstance(services.engine, OfflineEngine) and start.question_id == Q4


def test_cli_unknown_practice_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practice", "no_such_question"]) == 2
    assert "unknown question id 'no_such_question'" in capsys.readouterr().err
