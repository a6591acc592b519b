"""Practice one question: answer, get feedback at once, edit and try again.

Each attempt is its own record in a practice session (the flow's rule), so the feedback can
say what changed since the previous attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from mock_interviewer.models import Grade, Question
from mock_interviewer.session.flow import GradeRequest, InterviewFlow, Phase
from mock_interviewer.tui.screens.flow_screen import FlowScreen
from mock_interviewer.tui.widgets.answer_box import AnswerBox
from mock_interviewer.tui.widgets.feedback import FeedbackView
from mock_interviewer.tui.widgets.status import StatusLine, format_seconds

if TYPE_CHECKING:
    pass

PLACEHOLDER = (
    "Answer below and press **ctrl+j**. Feedback appears here: your score, each key signal "
    "with the sentence that shows it, and what to add next time."
)


class PracticeScreen(FlowScreen):
    """Question on top, feedback in the middle, the answer box at the bottom."""

    NOTIFY_TITLE = "Practice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j", "submit", "Submit answer"),
        Binding("ctrl+r", "try_again", "Try again"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, flow: InterviewFlow) -> None:
        super().__init__(flow)
        self._grading = False
        self._failed: GradeRequest | None = None

    @property
    def question(self) -> Question:
        return self.app.services.pack.question(self.flow.plan.question_ids[0])

    def compose(self) -> ComposeResult:
        pack = self.app.services.pack
        q = self.question
        key = ", ".join(pack.signal(s).name for s in q.key_signals)
        yield Static(
            Content.from_markup(
                "[dim]Practice · $level · key signals: $key[/]\n[b]$text[/]",
                level=q.level,
                key=key,
                text=q.text,
            ),
            id="practice-question",
        )
        yield FeedbackView(id="feedback")
        yield StatusLine(id="status")
        yield AnswerBox(self.flow.draft, id="answer")
        yield Footer()

    async def on_mount(self) -> None:
        if self.flow.phase is Phase.ASK:
            self._safely(self.flow.question_asked)
        await self._show_latest()
        self.query_one(AnswerBox).focus()
        self.set_interval(1.0, self._refresh_status)
        if self.flow.phase is Phase.ANSWER:
            self._answer_started = self.app.services.clock()
        elif self.flow.pending_grades:
            self.grade(self.flow.pending_grades[-1])
        self._refresh_status()

    async def _show_latest(self) -> None:
        """Feedback for the newest graded attempt, or the placeholder before the first."""
        records = [r for r in self.flow.session.records if r.grade is not None]
        feedback = self.query_one(FeedbackView)
        if not records:
            await feedback.show_placeholder(PLACEHOLDER)
            return
        grade = records[-1].grade
        assert grade is not None
        await feedback.show(
            self.app.services.pack,
            self.question,
            grade,
            attempt=len(records),
            change=self.flow.last_attempt_diff(),
        )

    # ------------------------------------------------------------------ events

    def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        flow = self.flow
        if self._grading:
            self.notify("Still grading your last attempt: one moment.", severity="warning")
            return
        if flow.phase is Phase.GRADING and self._failed is not None:
            self.notify("Grading your saved answer again.")
            self.grade(self._failed)
            return
        if not event.text.strip():
            self.notify("Type an answer first.", severity="warning")
            return
        if flow.phase is Phase.FEEDBACK and not self._safely(flow.try_again):
            return
        try:
            request = flow.answer_submitted(event.text, self._answer_seconds())
        except Exception as exc:  # the answer stays in the box, so nothing typed is lost
            self.notify(str(exc), title="Answer not submitted", severity="error", timeout=8)
            return
        self._answer_started = None
        self.grade(request)

    @work(exclusive=True, group="grade")
    async def grade(self, request: GradeRequest) -> None:
        """Grade, show the feedback, then stream the follow-up the interviewer would ask.

        An engine that offers an offline grade gets it shown at once; its own (LLM) grade
        replaces the feedback when it arrives.
        """
        self._grading = True
        self._failed = None
        self._refresh_status()
        try:
            offline = await asyncio.to_thread(
                self.engine.preliminary_grade, request.question_id, request.answer
            )
            if offline is not None:
                await self._accept(request, offline)
                self._refresh_status("The LLM judge is reviewing your answer…")
            grade = await self.engine.grade(request.question_id, request.answer)
        except Exception as exc:  # the answer is saved and still in the box
            self._failed = request
            self.notify(
                f"Grading failed: {exc}. Your answer is saved; press ctrl+j to retry.",
                title="Grading",
                severity="error",
                timeout=8,
            )
            return
        finally:
            self._grading = False
            self._refresh_status()
        await self._accept(request, grade)
        self._refresh_status("Interviewer is thinking of a follow-up…")
        feedback = self.query_one(FeedbackView)
        before = self.engine.notice
        try:
            await feedback.stream_follow_up(
                self.engine.follow_up(request.question_id, request.answer, grade)
            )
            after = self.engine.notice
            if after and after is not before:
                self.notify(after, title="Follow-up", severity="warning", timeout=8)
        except Exception:  # the rubric's own probe is a fine stand-in for a failed stream
            await feedback.show_follow_up(grade.follow_up)
        finally:
            self._refresh_status()

    async def _accept(self, request: GradeRequest, grade: Grade) -> None:
        """Attach the grade; show it if it belongs to the newest attempt."""
        self._safely(self.flow.grade_ready, grade, request)
        self._safely(self.flow.usage_changed, self.engine.usage)
        if request.record == len(self.flow.session.records) - 1:
            await self._show_latest()
            self.query_one(FeedbackView).focus()  # arrows scroll it; ctrl+r edits the answer

    def action_submit(self) -> None:
        """ctrl+j submits the answer box from anywhere, e.g. while reading the feedback."""
        self.query_one(AnswerBox).action_submit()

    def action_try_again(self) -> None:
        """Keep the last answer in the box to edit; the next submit is a new attempt."""
        if self.flow.phase is not Phase.FEEDBACK:
            self.notify("Submit an answer first (ctrl+j).", severity="warning")
            return
        if self._safely(self.flow.try_again):
            self._answer_started = self.app.services.clock()
            self.query_one(AnswerBox).focus()
            self._refresh_status()

    def action_leave(self) -> None:
        box = self.query_one(AnswerBox)
        answers = [a for r in self.flow.session.records for a in r.answers]
        unsent = bool(box.text.strip()) and (not answers or box.text != answers[-1])
        self._confirm_if(
            unsent,
            "Leave practice? The answer you typed has not been submitted.",
            self._leave_confirmed,
        )

    def _leave_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self._safely(self.flow.end_early)
            self.app.pop_screen()

    # ------------------------------------------------------------------ helpers

    def _refresh_status(self, activity: str | None = None) -> None:
        if not self.is_mounted:
            return
        scores = [r.grade.score for r in self.flow.session.records if r.grade is not None]
        left = f"Attempt {max(1, len(self.flow.session.records))}"
        if scores:
            left += "  scores " + " → ".join(map(str, scores))
        if self._answer_started is not None:
            left += f"  ⏱ {format_seconds(self._answer_seconds())}"
        if activity is None:
            activity = "Grading…" if self._grading else ""
            if self._failed is not None:
                activity = "Grading failed: ctrl+j retries"
        status = self.query_one(StatusLine)
        status.left = left
        status.activity = activity
        status.right = f"grader: {self.app.services.engine_label}"

    def palette_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        yield ("Try again", "Edit your answer and grade a new attempt", self.action_try_again)
        yield ("Leave practice", "Back to the question list", self.action_leave)
