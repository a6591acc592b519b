"""Builders shared by the session, plain-mode and export tests (grades made by hand, so these
tests do not depend on the offline grader's judgement)."""

from __future__ import annotations

from datetime import UTC, datetime

from mock_interviewer.models import (
    Evidence,
    Grade,
    HitStatus,
    InterviewPlan,
    Provenance,
    Session,
    SignalResult,
)
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import InterviewFlow


class MemoryStore:
    """A store that keeps a deep copy of the session at every save, to check what was saved."""

    def __init__(self) -> None:
        self.saves: list[Session] = []

    def save(self, session: Session) -> None:
        self.saves.append(session.model_copy(deep=True))


def make_grade(
    pack: RubricPack,
    question_id: str,
    *,
    score: int = 3,
    hits: dict[str, HitStatus] | None = None,
    default: HitStatus = "miss",
    follow_up: str = "Can you give a concrete example?",
) -> Grade:
    """A grade over the question's key signals: `hits` overrides, the rest get `default`."""
    question = pack.question(question_id)
    statuses = hits or {}
    return Grade(
        question_id=question_id,
        score=score,
        signals=[SignalResult(id=s, hit=statuses.get(s, default)) for s in question.key_signals],
        follow_up=follow_up,
        provenance=Provenance(
            rubric_id=pack.id,
            rubric_version=pack.rubric.version,
            rubric_hash=pack.sha256,
            grader_version="test",
        ),
    )


FIXED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED


def evidence(answer: str, quote: str) -> Evidence:
    start = answer.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def sample_session(pack: RubricPack) -> Session:
    """A finished, fully deterministic interview: a follow-up, a skip, and hostile text."""
    q1, q2, q3 = "q01_why_product_ops", "q03_daily_systems", "q09_data_background"
    plan = InterviewPlan(question_ids=[q1, q2, q3], max_follow_ups=1)
    session = Session(
        id="20250304-093000-abcd",
        mode="interview",
        created_at=FIXED,
        updated_at=FIXED,
        rubric_id=pack.id,
        rubric_hash=pack.sha256,
        plan=plan,
    )
    flow = InterviewFlow(session, pack, MemoryStore(), clock=fixed_clock)
    answer1 = "I prefer enabling PMs over owning the roadmap.\nAt Acme I ran the release process."
    flow.question_asked()
    request = flow.answer_submitted(answer1, seconds=42)
    first = make_grade(pack, q1, score=3, hits={"role_motivation": "hit"})
    first.signals[0].evidence = [evidence(answer1, "I prefer enabling PMs over owning the roadmap")]
    flow.grade_ready(first, request)
    flow.follow_up_ready("How did you free up the PMs' time?")
    answer1b = "I took release notes off their plate, which saved each PM 3 hours a week."
    request = flow.answer_submitted(answer1b, seconds=20)
    final = make_grade(pack, q1, score=4, default="hit")
    final.signals[1].evidence = [evidence(request.answer, "I took release notes off their plate")]
    final.strengths = ["A specific reason for product ops."]
    final.improvements = ["Say what changed for the PMs in numbers."]
    flow.grade_ready(final, request)
    flow.question_asked()
    flow.skip()
    flow.question_asked()
    answer3 = "I built a <script>alert('x')</script> dashboard | in SQL & Looker."
    request = flow.answer_submitted(answer3, seconds=31)
    third = make_grade(pack, q3, score=2, hits={"data_fluency": "partial"})
    third.signals[0].evidence = [
        evidence(answer3, "I built a <script>alert('x')</script> dashboard")
    ]
    third.improvements = [
        "Name the question the data answered.",
        "Say what changed for the PMs in numbers.",
    ]
    third.strengths = ["Names <b>tools</b>."]
    flow.grade_ready(third, request)
    flow.end_early()
    return flow.session
