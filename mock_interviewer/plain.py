"""Plain mode: the interview as line-oriented prompts on stdin/stdout.

For screen readers, SSH sessions without a capable terminal, and scripts. It drives the same
`InterviewFlow` as the TUI. An answer ends with a line holding only "."; `/skip` and `/end`
on a line of their own skip the question or end the interview; end of input ends the
interview gracefully with every answer kept. Each typed line is saved as the draft, so even
a killed process loses at most the line being typed.

Stdin is read with plain blocking reads on the main thread and engine calls run on a private
event loop between reads (not under `asyncio.run`, whose Ctrl-C handling waits for the next
await): grading the flow does not wait for runs whenever the loop next runs, and everything
still pending is awaited before the report.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO, TypeVar

from mock_interviewer.errors import MockInterviewerError
from mock_interviewer.grading.render import render_grade
from mock_interviewer.session.export import diff_summary, render_markdown
from mock_interviewer.session.flow import GradeRequest, InterviewFlow, Phase

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine

END_OF_ANSWER = "."
SKIP, END = "/skip", "/end"
HELP = (
    f'End each answer with a line holding only "{END_OF_ANSWER}". '
    f"Type {SKIP} or {END} on a line of its own to skip the question or end the interview."
)
EXIT_INTERRUPTED = 130

Ending = Literal["answer", "skip", "end", "eof"]
T = TypeVar("T")


@dataclass
class PlainRun:
    """One plain-mode run over a flow: the console, the engine and grades in flight."""

    flow: InterviewFlow
    engine: Engine
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    tasks: dict[int, asyncio.Task[None]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    notices: set[str] = field(default_factory=set)

    # ------------------------------------------------------------------ console

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def warn(self, text: str) -> None:
        """Notes about the run itself go to stderr, so stdout stays the interview."""
        self.stderr.write(text + "\n")
        self.stderr.flush()

    def read_answer(self) -> tuple[Ending, str]:
        """Lines up to the "." line; each line typed is saved as the draft."""
        lines = self.flow.draft.splitlines()
        while True:
            raw = self.stdin.readline()
            if raw == "":
                return "eof", "\n".join(lines)
            line = raw.rstrip("\r\n")
            if line.strip() == END_OF_ANSWER:
                if "\n".join(lines).strip():
                    return "answer", "\n".join(lines)
                self.say(f"(Your answer is empty. Type it, or {SKIP} to skip the question.)")
                continue
            if not lines and line.strip() in (SKIP, END):
                return ("skip" if line.strip() == SKIP else "end"), ""
            lines.append(line)
            self.flow.draft_changed("\n".join(lines))

    # ------------------------------------------------------------------ engine work

    def wait(self, work: Coroutine[Any, Any, T] | asyncio.Future[T]) -> T:
        return self.loop.run_until_complete(work)

    def start_grading(self, request: GradeRequest) -> None:
        self.tasks[request.record] = self.loop.create_task(self._grade(request))

    async def _grade(self, request: GradeRequest) -> None:
        try:
            grade = await self.engine.grade(request.question_id, request.answer)
        except MockInterviewerError as exc:
            self.warn(f"Grading failed: {exc}. The answer is saved; `resume` grades it again.")
            return
        self.flow.grade_ready(grade, request)
        self.flow.usage_changed(self.engine.usage)
        if grade.notice and grade.notice not in self.notices:
            self.notices.add(grade.notice)
            self.warn(f"Note: {grade.notice}")

    def await_current_grade(self) -> None:
        index = len(self.flow.session.records) - 1
        if index not in self.tasks:
            self.start_grading(self.flow.pending_grades[-1])
        self.wait(self.tasks[index])
        if self.flow.phase is Phase.GRADING:  # grading failed: do not wait forever
            if self.flow.is_practice:
                self.flow.end_early()
            else:
                self.flow.skip()

    async def _stream(self, label: str, chunks: AsyncIterator[str], failed: str) -> str:
        """Print an interviewer line as it streams in; '' when the engine fails outright."""
        self.stdout.write(f"\n{label}: ")
        parts: list[str] = []
        try:
            async for chunk in chunks:
                parts.append(chunk)
                self.stdout.write(chunk)
                self.stdout.flush()
        except MockInterviewerError as exc:
            self.say()
            self.warn(f"{failed}: {exc}")
            return ""
        self.say()
        return "".join(parts)

    def follow_up(self) -> None:
        question_id, answer, grade = self.flow.follow_up_context()
        chunks = self.engine.follow_up(question_id, answer, grade)
        self.flow.follow_up_ready(self.wait(self._stream("Follow-up", chunks, "No follow-up")))
        self.flow.usage_changed(self.engine.usage)
        self.started = time.monotonic()

    # ------------------------------------------------------------------ phases

    def ask(self) -> None:
        """The engine's line for the question; if it fails, the question as written."""
        flow = self.flow
        question_id, previous = flow.ask_context()
        label = (
            "Question" if flow.is_practice else f"Question {flow.question_number} of {flow.total}"
        )
        chunks = self.engine.ask(question_id, previous)
        if not self.wait(self._stream(label, chunks, "The interviewer's line failed")).strip():
            self.say(flow.pack.question(question_id).text)
        flow.question_asked()
        flow.usage_changed(self.engine.usage)
        self.started = time.monotonic()

    def answer(self) -> None:
        ending, text = self.read_answer()
        if ending == "skip":
            self.flow.skip()
            self.say("(Skipped.)")
            return
        if text.strip():
            request = self.flow.answer_submitted(text, time.monotonic() - self.started)
            self.start_grading(request)
        if ending in ("eof", "end"):
            self.flow.end_early()

    def feedback(self) -> None:
        flow = self.flow
        record = flow.session.records[-1]
        assert record.grade is not None
        self.say()
        self.say(render_grade(record.grade, flow.pack))
        question = flow.pack.question(record.question_id)
        self.say("\nA strong answer covers:")
        for point in question.outline:
            self.say(f"  - {point}")
        graded = [r.grade for r in flow.session.records if r.grade is not None]
        if len(graded) >= 2:
            self.say(f"\nSince the last attempt: {diff_summary(flow.pack, graded[-2], graded[-1])}")
        self.say('\nType "y" to try again, anything else to finish.')
        reply = self.stdin.readline()
        if reply.strip().lower() in ("y", "yes"):
            flow.try_again()
            self.say(f"\nQuestion: {question.text}")
            self.started = time.monotonic()
        else:
            flow.end_early()

    def drive(self) -> None:
        """Run the flow to the end, then wait for grades still in flight."""
        for request in self.flow.pending_grades:
            self.start_grading(request)
        while not self.flow.finished:
            phase = self.flow.phase
            if phase is Phase.ASK:
                self.ask()
            elif phase is Phase.ANSWER:
                self.answer()
            elif phase is Phase.GRADING:
                self.await_current_grade()
            elif phase is Phase.FOLLOW_UP:
                self.follow_up()
            elif phase is Phase.FEEDBACK:
                self.feedback()
        if any(not t.done() for t in self.tasks.values()):
            self.say("\n(Grading the remaining answers...)")
        self.wait(asyncio.gather(*self.tasks.values()))

    def close(self) -> None:
        """Cancel grades still in flight (after Ctrl-C); their answers are already saved."""
        pending = [t for t in self.tasks.values() if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.wait(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    def greet(self) -> None:
        flow = self.flow
        session = flow.session
        count = f"{flow.total} question" + ("s" if flow.total != 1 else "")
        what = "Practice" if flow.is_practice else f"Mock interview, {count}"
        self.say(f"{what}: {flow.pack.rubric.name} ({self.engine.name} engine).")
        self.say(HELP)
        answered = sum(1 for r in session.records if r.answers)
        if session.records:
            self.say(f"Resuming session {session.id}: {answered} answered so far.")
        if flow.phase is Phase.ANSWER:
            last = session.records[-1].turns[-1]
            label = "Follow-up" if last.kind == "follow_up" else "Question"
            self.say(f"\n{label}: {last.text}")
            if flow.draft:
                self.say("Your unsent answer so far (continue it, then end with a '.' line):")
                self.say(flow.draft)

    def report(self) -> None:
        session = self.flow.session
        if self.flow.is_practice:
            self.say(f"\nPractice saved as {session.id}.")
        else:
            self.say()
            self.say(render_markdown(session, self.flow.pack, transcript=False).rstrip())
        self.say(f"\nFull report: mock-interviewer report {session.id} --format md|html|json")


def run_plain(
    flow: InterviewFlow,
    engine: Engine,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Plain mode over a new or resumed flow; returns the exit code."""
    run = PlainRun(flow, engine, stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    run.greet()
    try:
        run.drive()
    except KeyboardInterrupt:
        run.warn(
            f"\nStopped. Everything so far is saved: mock-interviewer resume {flow.session.id}"
        )
        return EXIT_INTERRUPTED
    finally:
        run.close()
    run.report()
    return 0
