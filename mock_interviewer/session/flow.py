"""The interview flow: a UI-free state machine over a `Session`, saved after every event.

Both the Textual TUI and plain mode drive the same object. It never calls the engine: the UI
runs engine calls (in async workers or `asyncio.run`) and reports what came back as events,
so the flow stays synchronous and testable without an event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from mock_interviewer.errors import MockInterviewerError
from mock_interviewer.models import (
    Grade,
    HitStatus,
    InterviewPlan,
    Question,
    QuestionRecord,
    Role,
    Session,
    TokenUsage,
    Turn,
    TurnKind,
    utcnow,
)
from mock_interviewer.rubric import RubricPack


class Phase(StrEnum):
    ASK = "ask"  # show `current_question`, then call question_asked()
    ANSWER = "answer"  # waiting for the candidate: answer_submitted(), skip(), end_early()
    GRADING = "grading"  # the grade decides whether to follow up: waiting for grade_ready()
    FOLLOW_UP = "follow_up"  # stream engine.follow_up(...), then call follow_up_ready(text)
    FEEDBACK = "feedback"  # practice only: show the grade; try_again() or end_early()
    FINISHED = "finished"


class FlowStateError(MockInterviewerError):
    """An event arrived in a phase that cannot take it (a UI bug, shown instead of a crash)."""


class Saver(Protocol):
    def save(self, session: Session) -> object: ...


@dataclass(frozen=True)
class GradeRequest:
    """What the UI should grade: everything said so far about one record's question."""

    record: int
    question_id: str
    answer: str


_RANK: dict[HitStatus, int] = {"not_probed": 0, "miss": 1, "partial": 2, "hit": 3}


def signal_status(grade: Grade, signal_id: str) -> HitStatus:
    result = grade.signal(signal_id)
    return result.hit if result else "not_probed"


def weakest_key_signal(question: Question, grade: Grade) -> tuple[str, HitStatus]:
    """The key signal the answer showed least (the first one on ties, in rubric order)."""
    statuses = [(s, signal_status(grade, s)) for s in question.key_signals]
    return min(statuses, key=lambda pair: _RANK[pair[1]])


@dataclass(frozen=True)
class SignalChange:
    signal_id: str
    before: HitStatus
    after: HitStatus


@dataclass(frozen=True)
class AttemptDiff:
    """Practice feedback on a retry: how the score moved and which signals were won or lost."""

    score_before: int
    score_after: int
    gained: list[SignalChange]
    lost: list[SignalChange]

    @property
    def score_delta(self) -> int:
        return self.score_after - self.score_before


def attempt_diff(previous: Grade, current: Grade) -> AttemptDiff:
    ids = [s.id for s in previous.signals]
    ids += [s.id for s in current.signals if s.id not in ids]
    changes = [SignalChange(i, signal_status(previous, i), signal_status(current, i)) for i in ids]
    return AttemptDiff(
        score_before=previous.score,
        score_after=current.score,
        gained=[c for c in changes if _RANK[c.after] > _RANK[c.before]],
        lost=[c for c in changes if _RANK[c.after] < _RANK[c.before]],
    )


def answer_text(record: QuestionRecord) -> str:
    """The text graded for a record: every answer to the question and its follow-ups."""
    return "\n\n".join(record.answers)


class InterviewFlow:
    """Owns a session and its plan; each event updates the session and saves it.

    Interview mode, one question (the UI reacts to `phase` after every call)::

        ASK       stream engine.ask(*flow.ask_context()); flow.question_asked()
        ANSWER    flow.draft_changed(text)            # every few seconds while typing
                  req = flow.answer_submitted(text)   # saved at once; start grading `req`
        GRADING   flow.grade_ready(grade)             # only when a follow-up is possible
        FOLLOW_UP stream engine.follow_up(...); flow.follow_up_ready(text) -> ANSWER again
        ... next question (ASK), or FINISHED after the last one; `pending_grades` lists
        answers whose grade has not arrived yet (grade_ready(grade, request) attaches late).

    When no follow-up is possible the flow moves on at submit and the grade arrives later.
    skip() and end_early() work while answering. Practice mode: one question, ASK -> ANSWER
    -> GRADING -> FEEDBACK; try_again() starts a new attempt (a new record) in ANSWER.
    A flow built from a loaded session resumes where it stopped.
    """

    def __init__(
        self,
        session: Session,
        pack: RubricPack,
        store: Saver,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session = session
        self.pack = pack
        self._store = store
        self._clock = clock
        self._usage_base = session.usage
        self.phase = self._derive_phase()
        if self.phase is Phase.FINISHED and not session.finished:
            session.finished = True
            self._save()

    # ------------------------------------------------------------------ state

    @property
    def plan(self) -> InterviewPlan:
        return self.session.plan

    @property
    def is_practice(self) -> bool:
        return self.session.mode == "practice"

    @property
    def finished(self) -> bool:
        return self.phase is Phase.FINISHED

    @property
    def total(self) -> int:
        return len(self.plan.question_ids)

    @property
    def position(self) -> int:
        """Index into the plan of the question being asked or answered."""
        if self.is_practice:
            return 0
        open_record = self.phase in (Phase.ANSWER, Phase.GRADING, Phase.FOLLOW_UP)
        return len(self.session.records) - (1 if open_record else 0)

    @property
    def question_number(self) -> int:
        """1-based, for "question k of n" (n when finished)."""
        return min(self.position + 1, self.total)

    @property
    def current_question(self) -> Question | None:
        if self.finished or self.position >= self.total:
            return None
        return self.pack.question(self.plan.question_ids[self.position])

    @property
    def draft(self) -> str:
        return self.session.draft

    @property
    def pending_grades(self) -> list[GradeRequest]:
        """Answered records still waiting for a grade (after a resume, grade these again)."""
        return [
            self._request(i)
            for i, r in enumerate(self.session.records)
            if r.answers and r.grade is None
        ]

    def ask_context(self) -> tuple[str, tuple[str, str] | None]:
        """(question_id, previous) for engine.ask, in the ASK phase: previous is the question
        before and the candidate's last answer to it ('' if skipped), None for the first."""
        self._expect(Phase.ASK)
        question = self.current_question
        assert question is not None  # ASK always has a question left
        if not self.session.records:
            return question.id, None
        last = self.session.records[-1]
        return question.id, (last.question_id, last.answers[-1] if last.answers else "")

    def follow_up_context(self) -> tuple[str, str, Grade]:
        """(question_id, answer, grade) for engine.follow_up, in the FOLLOW_UP phase."""
        self._expect(Phase.FOLLOW_UP)
        record = self.session.records[-1]
        assert record.grade is not None  # FOLLOW_UP is only entered with a grade
        return record.question_id, answer_text(record), record.grade

    def last_attempt_diff(self) -> AttemptDiff | None:
        """Practice: the latest graded attempt against the one before it."""
        graded = [r.grade for r in self.session.records if r.grade is not None]
        return attempt_diff(graded[-2], graded[-1]) if len(graded) >= 2 else None

    def can_follow_up(self, record: QuestionRecord) -> bool:
        return not self.is_practice and record.follow_ups_asked < self.plan.max_follow_ups

    def wants_follow_up(self, record: QuestionRecord, grade: Grade) -> bool:
        """Follow up only while allowed and when the weakest key signal is not a hit."""
        if not self.can_follow_up(record):
            return False
        question = self.pack.question(record.question_id)
        return weakest_key_signal(question, grade)[1] != "hit"

    # ------------------------------------------------------------------ events

    def question_asked(self) -> str:
        """The UI has shown the current question; returns its text."""
        self._expect(Phase.ASK)
        question = self.current_question
        assert question is not None  # ASK always has a question left
        self.session.records.append(QuestionRecord(question_id=question.id))
        self._add_turn("interviewer", "question", question.text)
        self.phase = Phase.ANSWER
        self._save()
        return question.text

    def draft_changed(self, text: str) -> None:
        if not self.finished and text != self.session.draft:
            self.session.draft = text
            self._save()

    def answer_submitted(self, text: str, seconds: float = 0.0) -> GradeRequest:
        """Append the answer and save it before anything else can go wrong."""
        self._expect(Phase.ANSWER)
        if not text.strip():
            raise FlowStateError("an empty answer cannot be submitted; skip the question instead")
        record = self.session.records[-1]
        self._add_turn("candidate", "answer", text)
        record.answer_seconds += max(seconds, 0.0)
        record.grade = None  # a grade always covers every answer of its record
        self.session.draft = ""
        request = self._request(len(self.session.records) - 1)
        if self.is_practice or self.can_follow_up(record):
            self.phase = Phase.GRADING
        else:
            self._advance()
        self._save()
        return request

    def grade_ready(self, grade: Grade, request: GradeRequest | None = None) -> bool:
        """Attach a grade; a later one (e.g. an LLM refinement) replaces it.

        With the request it answers, a grade for text the candidate has since added to is
        stale: it is dropped and False returned. Without one it goes to the latest record
        for its question.
        """
        index = self._record_for(grade.question_id) if request is None else request.record
        target = self.session.records[index]
        if target.question_id != grade.question_id:
            raise FlowStateError(
                f"grade for {grade.question_id!r} does not match record {index} "
                f"({target.question_id!r})"
            )
        if request is not None and request.answer != answer_text(target):
            return False
        target.grade = grade
        is_current = index == len(self.session.records) - 1
        if self.phase is Phase.GRADING and is_current:
            if self.is_practice:
                self.phase = Phase.FEEDBACK
            elif self.wants_follow_up(target, grade):
                self.phase = Phase.FOLLOW_UP
            else:
                self._advance()
        self._save()
        return True

    def follow_up_ready(self, text: str) -> None:
        """The follow-up line has streamed in; an empty one means "move on" instead."""
        self._expect(Phase.FOLLOW_UP)
        if text.strip():
            self._add_turn("interviewer", "follow_up", text.strip())
            self.phase = Phase.ANSWER
        else:
            self._advance()
        self._save()

    def skip(self) -> None:
        """Move on without (another) answer; a question never answered is marked skipped."""
        if self.is_practice:
            raise FlowStateError("practice has no next question to skip to; end it instead")
        self._expect(Phase.ANSWER, Phase.GRADING, Phase.FOLLOW_UP)
        record = self.session.records[-1]
        if self.phase is Phase.ANSWER:
            self._add_turn("candidate", "skip", "(skipped)")
        record.skipped = not record.answers
        self.session.draft = ""
        self._advance()
        self._save()

    def try_again(self) -> None:
        """Practice: a new attempt at the same question, kept as its own record."""
        self._expect(Phase.FEEDBACK)
        question = self.pack.question(self.plan.question_ids[0])
        self.session.records.append(QuestionRecord(question_id=question.id))
        self._add_turn("interviewer", "question", question.text)
        self.phase = Phase.ANSWER
        self._save()

    def end_early(self) -> None:
        """Finish now; answers and grades so far are kept and late grades still attach."""
        if self.finished:
            return
        self._finish()
        self._save()

    def usage_changed(self, engine_total: TokenUsage) -> None:
        """The engine's running total for this run (added to what earlier runs spent)."""
        self.session.usage = self._usage_base + engine_total
        self._save()

    # ------------------------------------------------------------------ internals

    def _expect(self, *phases: Phase) -> None:
        if self.phase not in phases:
            wanted = " or ".join(p.value for p in phases)
            raise FlowStateError(
                f"cannot do that now: the interview is at {self.phase.value!r}, not {wanted}"
            )

    def _request(self, index: int) -> GradeRequest:
        record = self.session.records[index]
        return GradeRequest(index, record.question_id, answer_text(record))

    def _record_for(self, question_id: str) -> int:
        for index in range(len(self.session.records) - 1, -1, -1):
            if self.session.records[index].question_id == question_id:
                return index
        raise FlowStateError(f"no record for question {question_id!r} in this session")

    def _add_turn(self, role: Role, kind: TurnKind, text: str) -> None:
        turn = Turn(role=role, kind=kind, text=text, at=self._clock())
        self.session.records[-1].turns.append(turn)

    def _advance(self) -> None:
        if self.is_practice or len(self.session.records) >= self.total:
            self._finish()
        else:
            self.phase = Phase.ASK

    def _finish(self) -> None:
        self.phase = Phase.FINISHED
        self.session.finished = True
        self.session.draft = ""

    def _save(self) -> None:
        self.session.updated_at = self._clock()
        self._store.save(self.session)

    def _derive_phase(self) -> Phase:
        """Where a loaded session stopped. Only facts are saved (turns, grades), never the
        phase, so a crash between any two writes still resumes consistently."""
        records = self.session.records
        if self.session.finished:
            return Phase.FINISHED
        if not records:
            return Phase.ASK
        last = records[-1]
        if last.skipped:
            return self._phase_after()
        if not last.turns or last.turns[-1].role == "interviewer":
            return Phase.ANSWER
        if last.grade is None:
            waits = self.is_practice or self.can_follow_up(last)
            return Phase.GRADING if waits else self._phase_after()
        if self.is_practice:
            return Phase.FEEDBACK
        if self.wants_follow_up(last, last.grade):
            return Phase.FOLLOW_UP
        return self._phase_after()

    def _phase_after(self) -> Phase:
        more = not self.is_practice and len(self.session.records) < self.total
        return Phase.ASK if more else Phase.FINISHED
