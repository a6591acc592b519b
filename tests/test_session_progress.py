"""Progress: per-signal and per-question trends across finished sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from session_factories import make_grade

from mock_interviewer.models import Grade, InterviewPlan, QuestionRecord, Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.progress import (
    finished_for,
    question_trends,
    render_progress,
    signal_trends,
    sparkline,
)

Q1, Q9 = "q01_why_product_ops", "q09_data_background"


def finished(pack: RubricPack, day: int, grades: list[Grade], *, done: bool = True) -> Session:
    return Session(
        id=f"202503{day:02d}-090000-0000",
        mode="interview",
        created_at=datetime(2025, 3, day, 9, tzinfo=UTC),
        rubric_id=pack.id,
        rubric_hash=pack.sha256,
        plan=InterviewPlan(question_ids=[g.question_id for g in grades]),
        records=[QuestionRecord(question_id=g.question_id, grade=g) for g in grades],
        finished=done,
    )


def three_sessions(pack: RubricPack) -> list[Session]:
    return [
        finished(pack, 3, [make_grade(pack, Q1, score=4, default="hit")]),
        finished(pack, 1, [make_grade(pack, Q1, score=2, default="miss")]),
        finished(
            pack,
            2,
            [
                make_grade(pack, Q1, score=3, hits={"role_motivation": "hit"}, default="partial"),
                make_grade(pack, Q9, score=5, default="hit"),
            ],
        ),
        finished(pack, 4, [make_grade(pack, Q1, score=5, default="hit")], done=False),
    ]


def test_trends_run_oldest_first_over_finished_sessions_only(pack: RubricPack) -> None:
    sessions = finished_for(three_sessions(pack), pack)
    assert [s.created_at.day for s in sessions] == [1, 2, 3]
    signals = {t.key: t.values for t in signal_trends(sessions, pack)}
    assert signals["role_motivation"] == [0.0, 1.0, 1.0]
    assert signals["pm_collaboration"] == [0.0, 0.5, 1.0]
    assert signals["data_fluency"] == [None, 1.0, None]
    questions = {t.key: t for t in question_trends(sessions, pack)}
    assert questions[Q1].values == [2.0, 3.0, 4.0] and questions[Q1].change == 2.0
    assert questions[Q9].change is None


def test_sparkline_scales_and_marks_gaps() -> None:
    assert sparkline([1.0, 3.0, 5.0, None], 1.0, 5.0) == "▁▅█·"
    assert sparkline([0.0, 0.5, 1.0], 0.0, 1.0) == "▁▅█"


def test_render_shows_bars_sparklines_and_changes(pack: RubricPack) -> None:
    text = render_progress(three_sessions(pack), pack)
    assert text.startswith("Progress over 3 finished session(s), 2025-03-01 to 2025-03-03")
    lines = {
        line.split("  ")[1].strip(): line for line in text.splitlines() if line.startswith("  ")
    }
    assert "▁██  ██████████ 100%  +100 pts" in lines["Motivation for product ops"]
    assert "·█·" in lines["Data fluency"]
    q1 = pack.question(Q1).text[:35] + "…"
    assert lines[q1].endswith("▃▅▆  4/5  +2")


def test_render_without_finished_sessions_says_so(pack: RubricPack) -> None:
    text = render_progress([finished(pack, 1, [make_grade(pack, Q1)], done=False)], pack)
    assert text.startswith("No finished sessions yet")
