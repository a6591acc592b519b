"""The interview flow state machine: phases, follow-up rule, saves, skip/end, resume, practice."""

from __future__ import annotations

import pytest
from session_factories import MemoryStore, make_grade

from mock_interviewer.models import InterviewPlan, Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import (
    FlowStateError,
    InterviewFlow,
    Phase,
    attempt_diff,
    weakest_key_signal,
)
from mock_interviewer.session.plan import new_practice_session, new_session

Q1, Q2, Q3 = "q01_why_product_ops", "q03_daily_systems", "q06_ramp_up_learning"


def start(
    pack: RubricPack, ids: list[str], follow_ups: int = 1
) -> tuple[InterviewFlow, MemoryStore]:
    plan = InterviewPlan(question_ids=ids, max_follow_ups=follow_ups)
    store = MemoryStore()
    return InterviewFlow(new_session(pack, plan), pack, store), store


def test_weak_answer_gets_one_follow_up_then_moves_on(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2])
    assert flow.phase is Phase.ASK and flow.question_number == 1 and flow.total == 2
    assert flow.current_question.id == Q1
    assert flow.question_asked() == pack.question(Q1).text
    request = flow.answer_submitted("I like processes.", seconds=12.5)
    assert (request.record, request.question_id, request.answer) == (0, Q1, "I like processes.")
    assert flow.phase is Phase.GRADING

    flow.grade_ready(
        make_grade(pack, Q1, hits={"role_motivation": "hit"})
    )  # pm_collaboration missed
    assert flow.phase is Phase.FOLLOW_UP
    question_id, answer, grade = flow.follow_up_context()
    assert (question_id, answer) == (Q1, "I like processes.") and grade.score == 3
    flow.follow_up_ready("How would you free up PMs?")
    assert flow.phase is Phase.ANSWER and flow.question_number == 1

    second = flow.answer_submitted("I took release notes off their plate.")
    assert second.answer == "I like processes.\n\nI took release notes off their plate."
    assert flow.phase is Phase.ASK, "max_follow_ups reached: no need to wait for the grade"
    assert flow.question_number == 2
    assert flow.pending_grades == [second]
    assert flow.grade_ready(make_grade(pack, Q1, score=4), second)
    assert flow.pending_grades == []

    record = flow.session.records[0]
    assert record.answers == ["I like processes.", "I took release notes off their plate."]
    assert record.follow_ups_asked == 1 and record.answer_seconds == 12.5
    assert record.grade.score == 4


def test_ask_context_names_the_previous_question_and_its_last_answer(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2, Q3])
    assert flow.ask_context() == (Q1, None)
    flow.question_asked()
    with pytest.raises(FlowStateError):
        flow.ask_context()
    flow.answer_submitted("first")
    flow.grade_ready(make_grade(pack, Q1))
    flow.follow_up_ready("More?")
    flow.answer_submitted("second")
    assert flow.ask_context() == (Q2, (Q1, "second"))
    flow.question_asked()
    flow.skip()
    assert flow.ask_context() == (Q3, (Q2, ""))


def test_no_follow_up_when_weakest_key_signal_is_hit(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2])
    flow.question_asked()
    flow.answer_submitted("answer")
    flow.grade_ready(make_grade(pack, Q1, default="hit"))
    assert flow.phase is Phase.ASK and flow.current_question.id == Q2


def test_last_question_finishes_and_late_grade_still_attaches(pack: RubricPack) -> None:
    flow, store = start(pack, [Q1], follow_ups=0)
    flow.question_asked()
    request = flow.answer_submitted("answer")
    assert flow.finished and flow.session.finished
    assert flow.current_question is None and flow.question_number == 1
    flow.grade_ready(make_grade(pack, Q1, score=2), request)
    assert store.saves[-1].records[0].grade.score == 2


def test_every_event_saves_and_the_answer_is_saved_at_submit(pack: RubricPack) -> None:
    flow, store = start(pack, [Q1, Q2])
    flow.question_asked()
    assert len(store.saves) == 1
    flow.draft_changed("I li")
    flow.draft_changed("I li")  # unchanged: nothing new to save
    assert [s.draft for s in store.saves] == ["", "I li"]
    flow.answer_submitted("I like it.")
    saved = store.saves[-1]
    assert saved.records[0].answers == ["I like it."] and saved.draft == ""
    flow.grade_ready(make_grade(pack, Q1))
    flow.follow_up_ready("Why?")
    assert len(store.saves) == 5
    assert store.saves[-1].records[0].turns[-1].text == "Why?"


def test_grade_for_the_wrong_record_is_refused(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2])
    flow.question_asked()
    flow.answer_submitted("answer")
    request = flow.pending_grades[0]
    with pytest.raises(FlowStateError, match="does not match"):
        flow.grade_ready(make_grade(pack, Q2), request)
    with pytest.raises(FlowStateError, match="no record"):
        flow.grade_ready(make_grade(pack, Q2))


def test_events_out_of_phase_raise_flow_errors(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1])
    with pytest.raises(FlowStateError, match="'ask'"):
        flow.answer_submitted("too early")
    flow.question_asked()
    with pytest.raises(FlowStateError):
        flow.question_asked()
    with pytest.raises(FlowStateError, match="empty answer"):
        flow.answer_submitted("  \n")
    with pytest.raises(FlowStateError):
        flow.follow_up_ready("no")
    with pytest.raises(FlowStateError):
        flow.try_again()


def test_skip_marks_unanswered_question_only(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2, Q3])
    flow.question_asked()
    flow.skip()
    assert flow.session.records[0].skipped
    assert flow.session.records[0].turns[-1].kind == "skip"
    flow.question_asked()
    flow.answer_submitted("answer")
    flow.skip()  # skip while the grade is pending: moves on without a follow-up
    assert not flow.session.records[1].skipped
    assert flow.phase is Phase.ASK and flow.current_question.id == Q3
    assert [r.question_id for r in flow.pending_grades] == [Q2]


def test_end_early_keeps_answers_and_clears_draft(pack: RubricPack) -> None:
    flow, store = start(pack, [Q1, Q2, Q3])
    flow.question_asked()
    flow.answer_submitted("answer one")
    flow.grade_ready(make_grade(pack, Q1, default="hit"))
    flow.question_asked()
    flow.draft_changed("half an answer")
    flow.end_early()
    flow.draft_changed("typed after the end")
    saved = store.saves[-1]
    assert saved.finished and saved.draft == ""
    assert saved.records[0].answers == ["answer one"]
    flow.end_early()  # idempotent
    assert flow.finished


def _run_scripted_interview(
    pack: RubricPack,
) -> tuple[InterviewFlow, MemoryStore, list[tuple[Phase, int]]]:
    """An interview touching every phase; returns (phase, question number) after each save."""
    flow, store = start(pack, [Q1, Q2, Q3])
    phases: list[tuple[Phase, int]] = []
    events = [
        lambda: flow.question_asked(),
        lambda: flow.draft_changed("draft"),
        lambda: flow.answer_submitted("answer 1"),
        lambda: flow.grade_ready(make_grade(pack, Q1)),
        lambda: flow.follow_up_ready("Follow-up?"),
        lambda: flow.answer_submitted("answer 1b"),
        lambda: flow.question_asked(),
        lambda: flow.grade_ready(make_grade(pack, Q1), flow.pending_grades[0]),
        lambda: flow.skip(),
        lambda: flow.question_asked(),
        lambda: flow.answer_submitted("answer 3"),
        lambda: flow.grade_ready(make_grade(pack, Q3, default="hit")),
    ]
    for event in events:
        event()
        phases.append((flow.phase, flow.question_number))
    return flow, store, phases


def test_a_flow_rebuilt_from_any_save_resumes_in_the_same_phase(pack: RubricPack) -> None:
    flow, store, phases = _run_scripted_interview(pack)
    assert flow.finished
    assert len(store.saves) == len(phases)
    assert len({number for _, number in phases}) == 3
    for saved, (phase, number) in zip(store.saves, phases, strict=True):
        resumed = InterviewFlow(saved.model_copy(deep=True), pack, MemoryStore())
        assert (resumed.phase, resumed.question_number) == (phase, number), saved.model_dump_json()


def test_resume_of_half_done_interview_continues_with_answers_kept(pack: RubricPack) -> None:
    flow, store = start(pack, [Q1, Q2, Q3], follow_ups=0)
    flow.question_asked()
    flow.answer_submitted("first answer")
    flow.question_asked()
    flow.draft_changed("unsent")
    saved = Session.model_validate_json(store.saves[-1].model_dump_json())

    resumed = InterviewFlow(saved, pack, MemoryStore())
    assert resumed.phase is Phase.ANSWER and resumed.current_question.id == Q2
    assert resumed.draft == "unsent"
    assert [r.question_id for r in resumed.pending_grades] == [Q1]
    resumed.answer_submitted("second answer")
    resumed.question_asked()
    resumed.answer_submitted("third answer")
    assert resumed.finished
    assert [r.answers for r in resumed.session.records] == [
        ["first answer"],
        ["second answer"],
        ["third answer"],
    ]


def test_resume_of_a_session_whose_last_question_was_skipped_finishes_it(
    pack: RubricPack,
) -> None:
    flow, _ = start(pack, [Q1])
    flow.question_asked()
    flow.session.records[0].skipped = True  # as if the crash came right after the skip
    resumed_store = MemoryStore()
    resumed = InterviewFlow(flow.session.model_copy(deep=True), pack, resumed_store)
    assert resumed.finished and resumed_store.saves[-1].finished


def test_practice_attempts_and_diff(pack: RubricPack) -> None:
    store = MemoryStore()
    flow = InterviewFlow(new_practice_session(pack, Q1), pack, store)
    flow.question_asked()
    flow.answer_submitted("attempt one")
    assert flow.phase is Phase.GRADING, "practice always waits for feedback"
    flow.grade_ready(make_grade(pack, Q1, score=2, hits={"role_motivation": "partial"}))
    assert flow.phase is Phase.FEEDBACK and flow.last_attempt_diff() is None
    with pytest.raises(FlowStateError, match="practice"):
        flow.skip()
    flow.try_again()
    assert flow.phase is Phase.ANSWER and len(flow.session.records) == 2
    flow.answer_submitted("attempt two")
    flow.grade_ready(make_grade(pack, Q1, score=4, hits={"pm_collaboration": "hit"}))
    diff = flow.last_attempt_diff()
    assert diff.score_delta == 2
    assert [(c.signal_id, c.before, c.after) for c in diff.gained] == [
        ("pm_collaboration", "miss", "hit")
    ]
    assert [(c.signal_id, c.before, c.after) for c in diff.lost] == [
        ("role_motivation", "partial", "miss")
    ]
    flow.end_early()
    saved = store.saves[-1]
    assert saved.finished and saved.mode == "practice"
    assert [r.answers for r in saved.records] == [["attempt one"], ["attempt two"]]
    assert InterviewFlow(saved, pack, MemoryStore()).finished


def test_practice_resumes_into_feedback(pack: RubricPack) -> None:
    flow = InterviewFlow(new_practice_session(pack, Q1), pack, MemoryStore())
    flow.question_asked()
    flow.answer_submitted("attempt")
    flow.grade_ready(make_grade(pack, Q1))
    assert InterviewFlow(flow.session, pack, MemoryStore()).phase is Phase.FEEDBACK


def test_weakest_key_signal_prefers_unprobed_then_first_on_ties(pack: RubricPack) -> None:
    question = pack.question("q04_process_reengineering")
    grade = make_grade(pack, question.id, default="partial", hits={"concrete_example": "miss"})
    assert weakest_key_signal(question, grade) == ("concrete_example", "miss")
    grade.signals = [s for s in grade.signals if s.id != "quantified_impact"]
    assert weakest_key_signal(question, grade) == ("quantified_impact", "not_probed")
    tie = make_grade(pack, question.id, default="partial")
    assert weakest_key_signal(question, tie) == ("process_improvement", "partial")


def test_attempt_diff_counts_signals_only_in_one_grade(pack: RubricPack) -> None:
    before = make_grade(pack, Q1, score=3, default="hit")
    after = make_grade(pack, Q1, score=3, default="hit")
    after.signals = after.signals[:1]
    diff = attempt_diff(before, after)
    assert diff.score_delta == 0 and diff.gained == []
    assert [(c.signal_id, c.after) for c in diff.lost] == [("pm_collaboration", "not_probed")]


def test_a_grade_for_text_since_extended_is_stale_and_dropped(pack: RubricPack) -> None:
    flow, _ = start(pack, [Q1, Q2])
    flow.question_asked()
    first = flow.answer_submitted("first")
    flow.grade_ready(make_grade(pack, Q1, score=2), first)
    flow.follow_up_ready("More?")
    flow.answer_submitted("more")
    assert flow.session.records[0].grade is None, "the old grade no longer covers the answer"
    assert [r.answer for r in flow.pending_grades] == ["first\n\nmore"]
    assert not flow.grade_ready(make_grade(pack, Q1, score=5), first)  # a late refinement
    assert flow.session.records[0].grade is None
