"""The interview: transcript above, answer box below; grading and follow-ups run in workers.

The screen only reacts to `InterviewFlow.phase`: it shows what the flow asks for, reports
what the engine returned, and never decides what comes next itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.worker import Worker

from mock_interviewer.models import Grade
from mock_interviewer.session.flow import GradeRequest, InterviewFlow, Phase
from mock_interviewer.tui.screens.confirm import ConfirmScreen
from mock_interviewer.tui.screens.flow_screen import FlowScreen
from mock_interviewer.tui.widgets.answer_box import AnswerBox
from mock_interviewer.tui.widgets.status import StatusLine, format_seconds
from mock_interviewer.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    pass

DRAFT_SAVE_SECONDS = 3.0


class InterviewScreen(FlowScreen):
    """One interview, from the first question to the report."""

    NOTIFY_TITLE = "Interview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "skip", "Skip"),
        Binding("escape", "end_early", "End early"),
    ]

    def __init__(self, flow: InterviewFlow) -> None:
        super().__init__(flow)
        self._grading: dict[GradeRequest, Worker[None]] = {}
        self._failed: list[GradeRequest] = []
        self._streaming = False
        self._typed = flow.draft
        self._notices: set[str] = set()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Transcript(id="transcript")
        yield AnswerBox(self.flow.draft, id="answer")
        yield Footer()

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def answer_box(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    async def on_mount(self) -> None:
        await self._replay()
        for request in self.flow.pending_grades:
            self._start_grading(request)
        self.set_interval(1.0, self._refresh_status)
        self.set_interval(DRAFT_SAVE_SECONDS, self.save_draft)
        self.answer_box.focus()
        self._refresh_status()
        self.drive()

    def on_unmount(self) -> None:
        self.save_draft()

    def on_text_area_changed(self, event: AnswerBox.Changed) -> None:
        self._typed = event.text_area.text

    async def _replay(self) -> None:
        """A resumed session shows everything said so far before anything new."""
        total = self.flow.total
        for number, record in enumerate(self.flow.session.records, 1):
            for turn in record.turns:
                if turn.kind == "question":
                    caption = f"Question {number} of {total}"
                    await self.transcript.add("interviewer", turn.text, caption)
                elif turn.kind == "follow_up":
                    await self.transcript.add("interviewer", turn.text, "Follow-up")
                elif turn.kind == "answer":
                    await self.transcript.add("candidate", turn.text)
                elif turn.kind == "skip":
                    await self.transcript.add("note", "_Skipped._")

    # ------------------------------------------------------------------ the flow

    @work(exclusive=True, group="interviewer")
    async def drive(self) -> None:
        """Say whatever the flow wants said next, until it waits for the candidate or a grade."""
        flow = self.flow
        while True:
            if flow.phase is Phase.ASK:
                await self._ask()
            elif flow.phase is Phase.FOLLOW_UP:
                await self._stream_follow_up()
            elif flow.phase is Phase.FINISHED:
                await self._finish()
                return
            else:
                self._refresh_status()
                return

    async def _ask(self) -> None:
        """Stream the interviewer's line into the question (a bridge, then its text); the
        flow saves the question itself, which is what a resumed session shows again."""
        flow = self.flow
        question_id, previous = flow.ask_context()
        question = flow.pack.question(question_id)
        await self._say(
            lambda: self.engine.ask(question_id, previous),
            f"Question {flow.question_number} of {flow.total}",
            fallback=question.text,
            failed="The interviewer's line failed ({exc}); showing the question as written.",
        )
        self._safely(flow.question_asked)
        self._safely(flow.usage_changed, self.engine.usage)
        self._start_answer_timer()

    async def _stream_follow_up(self) -> None:
        question_id, answer, grade = self.flow.follow_up_context()
        text = await self._say(
            lambda: self.engine.follow_up(question_id, answer, grade),
            "Follow-up",
            fallback=grade.follow_up,
            failed="The interviewer's follow-up failed ({exc}); using the rubric's probe.",
        )
        self._safely(self.flow.follow_up_ready, text)
        self._safely(self.flow.usage_changed, self.engine.usage)
        if self.flow.phase is Phase.ANSWER:
            self._start_answer_timer()

    async def _say(
        self,
        line: Callable[[], AsyncIterator[str]],
        caption: str,
        *,
        fallback: str,
        failed: str,
    ) -> str:
        """Stream an interviewer line into the transcript and return its text.

        The engine's notice (it fell back offline) becomes a warning. An engine fault must not
        end the interview: the entry then shows `fallback` and `failed` says why.
        """
        self._streaming = True
        self._refresh_status()
        before = self.engine.notice
        try:
            _, text = await self.transcript.stream("interviewer", line(), caption)
            after = self.engine.notice
            if after and after is not before:
                self.notify(after, title=caption, severity="warning", timeout=8)
        except Exception as exc:
            self.notify(failed.format(exc=exc), title=caption, severity="warning")
            text = fallback
            entries = self.transcript.entries
            if entries:
                await entries[-1].body.update(text)
        finally:
            self._streaming = False
        return text

    async def _finish(self) -> None:
        """Let background grades land, then hand the finished session to the report."""
        if self._grading:
            self._refresh_status("Finishing grading…")
            for worker in list(self._grading.values()):
                await worker.wait()
        self.app.open_report(self.flow.session, replace=True)

    # ------------------------------------------------------------------ grading

    def _start_grading(self, request: GradeRequest) -> None:
        self._grading[request] = self.run_worker(
            self._grade(request), group="grade", exit_on_error=False
        )
        self._refresh_status()

    async def _grade(self, request: GradeRequest) -> None:
        """The offline grade first when the engine offers one (it decides the follow-up at
        once), then the engine's own grade, which replaces it when it arrives."""
        try:
            offline = await asyncio.to_thread(
                self.engine.preliminary_grade, request.question_id, request.answer
            )
            if offline is not None:
                self._accept(request, offline)
            grade = await self.engine.grade(request.question_id, request.answer)
        except Exception as exc:  # shown, kept for a retry; the answer is already saved
            self._failed.append(request)
            self.notify(
                f"Grading answer {request.record + 1} failed: {exc}. Your answer is saved; "
                "press ctrl+j to retry grading, or ctrl+n to move on.",
                title="Grading",
                severity="error",
                timeout=8,
            )
            return
        finally:
            self._grading.pop(request, None)
            self._refresh_status()
        self._accept(request, grade)

    def _accept(self, request: GradeRequest, grade: Grade) -> None:
        flow = self.flow
        waiting = flow.phase is Phase.GRADING and request.record == len(flow.session.records) - 1
        self._safely(flow.grade_ready, grade, request)
        self._safely(flow.usage_changed, self.engine.usage)
        if grade.notice and grade.notice not in self._notices:
            self._notices.add(grade.notice)
            self.notify(grade.notice, title="Grading", severity="warning", timeout=8)
        if waiting and flow.phase is not Phase.GRADING:
            self.drive()

    # ------------------------------------------------------------------ events

    async def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        flow = self.flow
        if flow.phase is Phase.GRADING and self._failed and not self._grading:
            self._retry_failed()
            return
        if not event.text.strip():
            self.notify("Type an answer first, or press ctrl+n to skip.", severity="warning")
            return
        if flow.phase is not Phase.ANSWER:
            self.notify("One moment: the interviewer hasn't finished.", severity="warning")
            return
        try:
            request = flow.answer_submitted(event.text, self._answer_seconds())
        except Exception as exc:  # the answer stays in the box, so nothing typed is lost
            self.notify(str(exc), title="Answer not submitted", severity="error", timeout=8)
            return
        self._answer_started = None
        event.answer_box.clear()
        await self.transcript.add("candidate", event.text)
        self._start_grading(request)
        self.drive()

    def _retry_failed(self) -> None:
        requests, self._failed = self._failed, []
        for request in requests:
            self._start_grading(request)

    def action_skip(self) -> None:
        if self.flow.phase not in (Phase.ANSWER, Phase.GRADING, Phase.FOLLOW_UP):
            return
        self._confirm_if(
            bool(self.answer_box.text.strip()),
            "Skip this question? The answer you typed will be discarded.",
            self._skip_confirmed,
        )

    def _skip_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        self.workers.cancel_group(self, "interviewer")
        if not self._safely(self.flow.skip):
            return
        self._failed.clear()
        self._answer_started = None
        self.answer_box.clear()
        self.run_worker(self.transcript.add("note", "_Skipped._"))
        self.drive()

    def action_end_early(self) -> None:
        answered = len(self.flow.session.graded) + len(self._grading)
        self.app.push_screen(
            ConfirmScreen(
                f"End the interview now? The report covers the {answered} answer(s) so far; "
                "anything typed but not submitted is dropped.",
                yes="End interview",
                no="Keep going",
            ),
            self._end_confirmed,
        )

    def _end_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        self.workers.cancel_group(self, "interviewer")
        self._safely(self.flow.end_early)
        self.drive()

    def save_draft(self) -> None:
        """Called every few seconds and on leaving, so a crash loses little typing."""
        if not self.flow.finished:
            self._safely(self.flow.draft_changed, self._typed)

    # ------------------------------------------------------------------ helpers

    def _start_answer_timer(self) -> None:
        self._answer_started = self.app.services.clock()
        self._refresh_status()

    def _refresh_status(self, activity: str | None = None) -> None:
        if not self.is_mounted:
            return
        flow = self.flow
        left = f"Question {flow.question_number} of {flow.total}"
        if flow.phase is Phase.ANSWER:
            left += f"  ⏱ {format_seconds(self._answer_seconds())}"
        if activity is None:
            if self._streaming:
                activity = "Interviewer is typing…"
            elif self._grading:
                n = len(self._grading)
                activity = f"Grading {n} answer{'s' if n > 1 else ''}…"
            elif self._failed:
                activity = "Grading failed: ctrl+j retries"
            else:
                activity = ""
        status = self.status
        status.left = left
        status.activity = activity
        status.right = f"interviewer: {self.app.services.engine_label}"

    def palette_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """Screen actions for the command palette (the app adds them to its own)."""
        yield ("Skip question", "Move on to the next question", self.action_skip)
        yield ("End interview early", "Finish now and open the report", self.action_end_early)
