"""Pilot tests of practice: pick a question, answer, feedback, try again and see the change."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList, Select
from tui_support import SIZE, Recorder, ScriptedEngine, make_app, make_services, settle

from mock_interviewer.rubric import RubricPack
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.screens.practice import PracticeScreen
from mock_interviewer.tui.screens.practice_pick import PracticePickScreen
from mock_interviewer.tui.widgets.answer_box import AnswerBox

Q4 = "q04_process_reengineering"
VAGUE = "I optimise processes and I am very data-driven."
BETTER = (
    "At Acme I mapped every step of our release intake process and found duplicate approvals. "
    "I removed two approval steps and automated the status report, which cut cycle time "
    "from 10 days to 4 days."
)


def feedback_text(screen: PracticeScreen) -> str:
    return "\n".join(m.source for m in screen.query(Markdown))


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(AnswerBox).load_text(text)
    await pilot.press("ctrl+j")
    await settle(pilot)


async def test_practice_with_a_retry_shows_what_changed(pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PracticePickScreen)
        picker = app.screen.query_one(OptionList)
        picker.highlighted = [q.id for q in pack.questions].index(Q4)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.question.id == Q4
        assert "Feedback appears here" in feedback_text(screen)

        await answer(pilot, VAGUE)
        first = screen.flow.session.records[0].grade
        assert first is not None
        text = feedback_text(screen)
        assert f"Score {first.score}/5" in text and "Attempt 1" in text
        assert "Outline of a strong answer" in text
        assert "The interviewer would follow up with" in text and first.follow_up in text
        assert "Compared with" not in text
        assert screen.query_one(AnswerBox).text == VAGUE, "the answer stays to be edited"

        await pilot.press("ctrl+r")  # try again, then replace the answer
        await answer(pilot, BETTER)
        records = screen.flow.session.records
        assert len(records) == 2 and records[1].answers == [BETTER]
        second = records[1].grade
        assert second is not None and second.score > first.score
        text = feedback_text(screen)
        assert "Attempt 2" in text
        assert f"score {first.score} → {second.score} (+{second.score - first.score})" in text
        assert "gained" in text and "Process analysis and re-engineering" in text
        assert "“At Acme I mapped every step" in text, "evidence is quoted"

        await pilot.press("escape")  # leave: the session is finished and saved
        assert isinstance(app.screen, PracticePickScreen)
    saved = services.store.load(screen.flow.session.id)
    assert saved.finished and saved.mode == "practice" and len(saved.records) == 2


async def test_resubmitting_from_feedback_is_a_new_attempt(
    pack: RubricPack, tmp_path: Path
) -> None:
    app = make_app(make_services(pack, tmp_path), Start("practice", question_id=Q4))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, VAGUE)
        await answer(pilot, BETTER)  # no ctrl+r: submitting again starts attempt 2
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert [r.answers for r in screen.flow.session.records] == [[VAGUE], [BETTER]]
        assert "Attempt 2" in feedback_text(screen)


async def test_failed_grading_keeps_the_typed_answer(pack: RubricPack, tmp_path: Path) -> None:
    from session_factories import make_grade

    engine = ScriptedEngine(pack, lambda q, a: make_grade(pack, q, score=4), failures=1)
    notes = Recorder()
    app = make_app(make_services(pack, tmp_path, engine), Start("practice", question_id=Q4))
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        await answer(pilot, BETTER)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert "Grading failed" in notes.text("error")
        assert screen.query_one(AnswerBox).text == BETTER
        assert "Feedback appears here" in feedback_text(screen)

        await pilot.press("ctrl+j")  # retry
        await settle(pilot)
        assert "Score 4/5" in feedback_text(screen)
        assert len(screen.flow.session.records) == 1


async def test_picker_filters_by_signal_and_level_and_picks_at_random(
    pack: RubricPack, tmp_path: Path
) -> None:
    app = make_app(make_services(pack, tmp_path), Start("practice"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PracticePickScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == len(pack.questions)

        screen.query_one("#pick-signal", Select).value = "scalability"
        await pilot.pause()
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == [q.id for q in pack.questions if "scalability" in q.key_signals]
        screen.query_one("#pick-level", Select).value = "common"
        await pilot.pause()
        assert options.get_option_at_index(0).disabled, "no common question probes scalability"

        screen.query_one("#pick-level", Select).value = "advanced"
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert "scalability" in app.screen.question.key_signals
