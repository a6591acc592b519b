"""Plain mode driven from a scripted stdin: prompts, follow-ups, skip/end, EOF, drafts, practice."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

from session_factories import make_grade

from mock_interviewer.engine import EngineDefaults, OfflineEngine, offline_bridge
from mock_interviewer.errors import MockInterviewerError
from mock_interviewer.models import Grade, InterviewPlan, TokenUsage
from mock_interviewer.plain import EXIT_INTERRUPTED, run_plain
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.session.plan import new_practice_session, new_session
from mock_interviewer.session.store import SessionStore

Q1, Q2, Q3 = "q01_why_product_ops", "q03_daily_systems", "q06_ramp_up_learning"


class ScriptedEngine(EngineDefaults):
    """Grades by a rule of the test's choosing and streams a fixed follow-up in chunks."""

    name = "scripted"

    def __init__(
        self, pack: RubricPack, *, weak: bool = True, fail: bool = False, notice: str | None = None
    ) -> None:
        self.pack = pack
        self.weak = weak
        self.fail = fail
        self.notice = notice
        self.graded: list[tuple[str, str]] = []

    @property
    def usage(self) -> TokenUsage:
        return TokenUsage(prompt_tokens=10 * len(self.graded), calls=len(self.graded))

    async def grade(self, question_id: str, answer: str) -> Grade:
        if self.fail:
            raise MockInterviewerError("the judge is down")
        self.graded.append((question_id, answer))
        score = min(2 + answer.count("\n\n") + len(self.graded) % 2, 5)
        grade = make_grade(
            self.pack, question_id, score=score, default="miss" if self.weak else "hit"
        )
        grade.notice = self.notice
        return grade

    async def follow_up(self, question_id: str, answer: str, grade: Grade) -> AsyncIterator[str]:
        for chunk in ("What did ", "you measure?"):
            yield chunk


class Console:
    def __init__(self, text: str) -> None:
        self.stdin = io.StringIO(text)
        self.stdout = io.StringIO()
        self.stderr = io.StringIO()

    def run(self, flow: InterviewFlow, engine: ScriptedEngine) -> int:
        return run_plain(flow, engine, self.stdin, self.stdout, self.stderr)


def interview(
    pack: RubricPack, store: SessionStore, ids: list[str], follow_ups: int = 1
) -> InterviewFlow:
    plan = InterviewPlan(question_ids=ids, max_follow_ups=follow_ups)
    return InterviewFlow(new_session(pack, plan), pack, store)


def test_full_interview_with_a_follow_up(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2])
    console = Console("I like ops.\nA second line.\n.\nI measured cycle time.\n.\nMy lists.\n.\n")
    engine = ScriptedEngine(pack, weak=True)
    assert console.run(flow, engine) == 0
    out = console.stdout.getvalue()
    assert out.index("Question 1 of 2:") < out.index("Follow-up: What did you measure?")
    assert out.index("Follow-up: What did you measure?") < out.index("Question 2 of 2:")
    assert "## Scores" in out and "## Transcript" not in out
    assert f"mock-interviewer report {flow.session.id}" in out

    saved = store.load(flow.session.id)
    assert saved.finished
    assert saved.records[0].answers == ["I like ops.\nA second line.", "I measured cycle time."]
    assert saved.records[1].answers == ["My lists."]
    assert all(r.grade is not None for r in saved.records)
    assert engine.graded[-2] == (Q1, "I like ops.\nA second line.\n\nI measured cycle time.")
    assert saved.usage.calls == len(engine.graded)


def test_eof_ends_gracefully_and_keeps_an_unterminated_answer(
    pack: RubricPack, tmp_path: Path
) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2, Q3], follow_ups=0)
    console = Console("First answer.\n.\nSecond answer, no dot")
    assert console.run(flow, ScriptedEngine(pack)) == 0
    saved = store.load(flow.session.id)
    assert saved.finished
    assert [r.answers for r in saved.records] == [["First answer."], ["Second answer, no dot"]]
    assert all(r.grade for r in saved.records), "grades still in flight are awaited"
    assert "Question 3 of 3" not in console.stdout.getvalue()
    assert "## Scores" in console.stdout.getvalue()


def test_skip_end_and_empty_answers(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2, Q3], follow_ups=0)
    console = Console("/skip\n.\nReal answer.\n.\n/end\n")
    assert console.run(flow, ScriptedEngine(pack)) == 0
    out = console.stdout.getvalue()
    assert "(Skipped.)" in out and "Your answer is empty" in out
    saved = store.load(flow.session.id)
    assert saved.records[0].skipped and saved.records[1].answers == ["Real answer."]
    assert len(saved.records) == 3 and not saved.records[2].answers and saved.finished


class InterruptAfter(io.StringIO):
    """Stdin whose reader presses Ctrl-C once the scripted lines run out."""

    def readline(self, size: int = -1) -> str:
        line = super().readline(size)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_keeps_the_draft_and_resume_continues_it(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2], follow_ups=0)
    console = Console("")
    console.stdin = InterruptAfter("Answer one.\n.\nHalf of answer\ntwo\n")
    assert console.run(flow, ScriptedEngine(pack)) == EXIT_INTERRUPTED
    assert f"resume {flow.session.id}" in console.stderr.getvalue()
    saved = store.load(flow.session.id)
    assert not saved.finished and saved.draft == "Half of answer\ntwo"

    resumed = InterviewFlow(saved, pack, store)
    console = Console("and its end.\n.\n")
    assert console.run(resumed, ScriptedEngine(pack)) == 0
    out = console.stdout.getvalue()
    assert f"Resuming session {saved.id}: 1 answered so far." in out
    assert f"Question: {pack.question(Q2).text}" in out and "Half of answer\ntwo" in out
    final = store.load(saved.id)
    assert final.records[1].answers == ["Half of answer\ntwo\nand its end."]
    assert final.finished and final.draft == ""


def test_grading_failure_moves_on_and_resume_grades_again(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2])
    console = Console("")
    console.stdin = InterruptAfter("Answer.\n.\n")
    assert console.run(flow, ScriptedEngine(pack, fail=True)) == EXIT_INTERRUPTED
    assert "Grading failed: the judge is down" in console.stderr.getvalue()
    assert "Question 2 of 2" in console.stdout.getvalue(), "no endless wait for the grade"
    saved = store.load(flow.session.id)
    assert saved.records[0].grade is None

    engine = ScriptedEngine(pack, weak=False)
    assert Console("").run(InterviewFlow(saved, pack, store), engine) == 0
    assert engine.graded == [(Q1, "Answer.")]
    assert store.load(saved.id).records[0].grade is not None


def test_practice_retry_shows_feedback_and_what_changed(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = InterviewFlow(new_practice_session(pack, Q1), pack, store)
    console = Console("First go.\n.\ny\nSecond go.\n.\nn\n")
    assert console.run(flow, ScriptedEngine(pack)) == 0
    out = console.stdout.getvalue()
    assert out.count("A strong answer covers:") == 2
    assert pack.question(Q1).outline[0] in out
    assert "Since the last attempt: score 3 → 2 (-1)" in out
    assert "Follow-up: Can you give a concrete example?" in out  # shown as feedback, not asked
    saved = store.load(flow.session.id)
    assert saved.finished and [r.answers for r in saved.records] == [["First go."], ["Second go."]]


def test_grade_notices_are_shown_once_on_stderr(pack: RubricPack, tmp_path: Path) -> None:
    flow = interview(pack, SessionStore(tmp_path), [Q1, Q2], follow_ups=0)
    console = Console("One.\n.\nTwo.\n.\n")
    engine = ScriptedEngine(pack, notice="LLM unreachable: offline grade used")
    assert console.run(flow, engine) == 0
    assert console.stderr.getvalue() == "Note: LLM unreachable: offline grade used\n"
    assert "Mock interview, 2 questions" in console.stdout.getvalue()


def test_the_interviewers_line_introduces_each_question(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    flow = interview(pack, store, [Q1, Q2], follow_ups=0)
    console = Console("I like ops.\n.\nMy lists.\n.\n")
    assert run_plain(flow, OfflineEngine(pack), console.stdin, console.stdout, console.stderr) == 0
    out = console.stdout.getvalue()
    assert f"\nQuestion 1 of 2: {pack.question(Q1).text} \n" in out, "the first has no bridge"
    bridge = offline_bridge(pack, Q2, (Q1, "I like ops."))
    assert f"\nQuestion 2 of 2: {bridge}\n\n{pack.question(Q2).text} \n" in out
    assert store.load(flow.session.id).records[1].turns[0].text == pack.question(Q2).text


class FailingAsk(ScriptedEngine):
    async def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        yield "Moving "
        raise MockInterviewerError("the line broke")


def test_a_failing_line_still_prints_the_question(pack: RubricPack, tmp_path: Path) -> None:
    flow = interview(pack, SessionStore(tmp_path), [Q1], follow_ups=0)
    console = Console("Answer.\n.\n")
    assert console.run(flow, FailingAsk(pack)) == 0
    assert f"Question 1 of 1: Moving \n{pack.question(Q1).text}\n" in console.stdout.getvalue()
    assert "The interviewer's line failed: the line broke" in console.stderr.getvalue()
