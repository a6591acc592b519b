"""Builders for the TUI tests: services with fakes, a scripted engine, and Pilot helpers."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

from session_factories import make_grade
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from mock_interviewer.engine import Engine, EngineDefaults, OfflineEngine
from mock_interviewer.models import (
    Grade,
    InterviewPlan,
    QuestionRecord,
    Session,
    SignalResult,
    TokenUsage,
    Turn,
)
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.store import SessionStore
from mock_interviewer.tui.app import InterviewerApp, Start
from mock_interviewer.tui.services import Services

SIZE = (100, 30)


class ScriptedEngine(EngineDefaults):
    """An Engine whose grades come from a function; it can fail, or hold a grade until released.

    `gate`, when set, makes every grade wait for it: that is how a test types while grading runs.
    """

    def __init__(
        self,
        pack: RubricPack,
        grade_for: Callable[[str, str], Grade],
        *,
        follow_up_chunks: list[str] | None = None,
        failures: int = 0,
        follow_up_error: Exception | None = None,
        ask_error: Exception | None = None,
    ) -> None:
        self.pack = pack
        self._grade_for = grade_for
        self._chunks = follow_up_chunks
        self.failures = failures
        self.follow_up_error = follow_up_error
        self.ask_error = ask_error
        self.asked: list[tuple[str, tuple[str, str] | None]] = []
        self.gate: asyncio.Event | None = None
        self.graded: list[tuple[str, str]] = []

    @property
    def name(self) -> str:
        return "scripted"

    @property
    def usage(self) -> TokenUsage:
        return TokenUsage()

    async def grade(self, question_id: str, answer: str) -> Grade:
        if self.gate is not None:
            await self.gate.wait()
        if self.failures:
            self.failures -= 1
            raise RuntimeError("engine exploded")
        self.graded.append((question_id, answer))
        return self._grade_for(question_id, answer)

    async def follow_up(self, question_id: str, answer: str, grade: Grade) -> AsyncIterator[str]:
        chunks = self._chunks if self._chunks is not None else [grade.follow_up]
        for i, chunk in enumerate(chunks):
            if self.follow_up_error is not None and i == len(chunks) // 2:
                raise self.follow_up_error
            yield chunk

    async def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        """The bridge "Next." before every question but the first; `ask_error` breaks it
        midway through the question."""
        self.asked.append((question_id, previous))
        if previous is not None:
            yield "Next.\n\n"
        for word in self.pack.question(question_id).text.split(" "):
            if self.ask_error is not None and previous is not None:
                raise self.ask_error
            yield word + " "


def make_services(
    pack: RubricPack,
    tmp_path: Path,
    engine: Engine | None = None,
    *,
    clock: Callable[[], float] = lambda: 0.0,
) -> Services:
    """Offline by default, a store and export folder under tmp, a fixed clock and seed."""
    return Services(
        pack=pack,
        engine=engine or OfflineEngine(pack),
        store=SessionStore(tmp_path / "data"),
        clock=clock,
        rng=random.Random(7),
        export_dir=tmp_path / "exports",
    )


class Recorder:
    """Collects the notifications an app shows (passed to run_test as message_hook)."""

    def __init__(self) -> None:
        self.notes: list[Notification] = []

    def __call__(self, message: object) -> None:
        if isinstance(message, Notify):
            self.notes.append(message.notification)

    def text(self, severity: str | None = None) -> str:
        return "\n".join(n.message for n in self.notes if severity in (None, n.severity))


def make_app(services: Services, start: Start | None = None) -> InterviewerApp:
    return InterviewerApp(services, start, blink=False)


async def settle(pilot: Pilot) -> None:
    """Wait until no worker is running and the screen has processed what they posted."""
    app = pilot.app
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return
    raise AssertionError("workers kept starting: the app never settled")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused widget as a user would, one key per character."""
    await pilot.press(*text)


REPORT_QUESTIONS = ("q01_why_product_ops", "q03_daily_systems", "q06_ramp_up_learning")
AT = datetime(2025, 5, 14, 10, 2, tzinfo=UTC)


def graded_session(pack: RubricPack) -> Session:
    """Three questions: an offline 4, a hybrid 2 where the graders disagree, and a skip."""
    q1, q2, q3 = REPORT_QUESTIONS
    first = make_grade(pack, q1, score=4, hits={"role_motivation": "hit"}, default="partial")
    first.strengths = ["Names a specific reason for product ops"]
    first.improvements = ["Say how you free up PMs"]
    second = make_grade(pack, q2, score=2, default="miss")
    second.grader = "hybrid"
    second.disagreement = True
    second.signals = [
        SignalResult(id="systems_thinking", hit="miss", grader="llm"),
        SignalResult(id="concrete_example", hit="partial", grader="offline"),
    ]
    second.improvements = ["Describe your actual routine", "Say how you free up PMs"]

    def record(qid: str, answer: str, grade) -> QuestionRecord:  # type: ignore[no-untyped-def]
        return QuestionRecord(
            question_id=qid,
            turns=[
                Turn(role="interviewer", kind="question", text=pack.question(qid).text, at=AT),
                Turn(role="candidate", kind="answer", text=answer, at=AT),
            ],
            grade=grade,
            answer_seconds=75,
        )

    skipped = QuestionRecord(
        question_id=q3,
        turns=[Turn(role="interviewer", kind="question", text=pack.question(q3).text, at=AT)],
        skipped=True,
    )
    return Session(
        id="20250514-100200-abcd",
        mode="interview",
        created_at=AT,
        updated_at=AT,
        rubric_id=pack.id,
        rubric_hash=pack.sha256,
        plan=InterviewPlan(question_ids=[q1, q2, q3]),
        records=[
            record(q1, "I enjoy enabling PMs *a lot*.", first),
            record(q2, "I use lists.", second),
            skipped,
        ],
        finished=True,
    )
