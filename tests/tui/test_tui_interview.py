"""Pilot tests of the interview screen: a full offline run, failures, typing while grading."""

from __future__ import annotations

import asyncio
from pathlib import Path

from session_factories import make_grade
from textual.widgets import DataTable, OptionList
from tui_support import SIZE, Recorder, ScriptedEngine, make_app, make_services, settle, type_text

from mock_interviewer.engine import offline_bridge
from mock_interviewer.models import InterviewPlan
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import InterviewFlow, Phase
from mock_interviewer.session.plan import PlanOptions, new_session
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.screens.interview import InterviewScreen
from mock_interviewer.tui.screens.report import ReportScreen
from mock_interviewer.tui.widgets.answer_box import AnswerBox
from mock_interviewer.tui.widgets.status import StatusLine

Q1, Q2, Q3 = "q01_why_product_ops", "q02_pm_vs_ops_boundaries", "q03_daily_systems"
STRONG_Q1 = (
    "I want product ops because I enjoy enabling PMs rather than owning the roadmap. "
    "At Acme I built the release intake process, which cut PM admin time by 30%."
)
WEAK_Q2 = "We work together closely."
FOLLOW_UP_Q2 = (
    "PMs own strategy and decide what to build; product ops owns the processes, "
    "documentation and training."
)
Q3_ANSWER = (
    "I keep a running task list in Notion and every Friday I review open action items "
    "with owners and due dates."
)


def transcript_of(screen: InterviewScreen) -> list[tuple[str, str]]:
    return [(e.speaker, e.body.source) for e in screen.transcript.entries]


async def submit(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    box = pilot.app.screen.query_one(AnswerBox)
    box.load_text(text)
    await pilot.press("ctrl+j")
    await settle(pilot)


async def test_full_offline_interview_with_a_follow_up(pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")  # home -> setup
        await pilot.press("backspace", "3", "ctrl+j")  # 3 questions, start
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one(StatusLine).left.startswith("Question 1 of 3")

        await type_text(pilot, "I like")  # typed key by key into the focused box
        assert screen.answer_box.text == "I like"
        assert transcript_of(screen)[0] == ("interviewer", pack.question(Q1).text + " ")
        await submit(pilot, STRONG_Q1)  # strong: no follow-up, straight to question 2
        speaker, line = transcript_of(screen)[-1]  # the offline bridge, then the question
        bridge = offline_bridge(pack, Q2, (Q1, STRONG_Q1))
        assert speaker == "interviewer" and line.rstrip() == f"{bridge}\n\n{pack.question(Q2).text}"

        await submit(pilot, WEAK_Q2)  # weak: the interviewer follows up
        speaker, follow_up = transcript_of(screen)[-1]
        assert speaker == "interviewer"
        assert follow_up.startswith("Where exactly would you draw the line")
        assert screen.flow.phase is Phase.ANSWER
        assert screen.query_one(StatusLine).left.startswith("Question 2 of 3")

        await submit(pilot, FOLLOW_UP_Q2)  # one follow-up allowed: on to question 3
        await submit(pilot, Q3_ANSWER)  # last answer in: the report opens
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.query_one(DataTable).row_count == 3

    summaries, problems = services.store.list_sessions()
    assert problems == [] and len(summaries) == 1
    session = services.store.load(summaries[0].id)
    assert session.finished and [r.question_id for r in session.records] == [Q1, Q2, Q3]
    assert session.records[1].turns[0].text == pack.question(Q2).text, "saved without the bridge"
    assert [r.follow_ups_asked for r in session.records] == [0, 1, 0]
    assert session.records[1].answers == [WEAK_Q2, FOLLOW_UP_Q2]
    assert all(r.grade is not None for r in session.records)
    assert session.records[0].grade.score > session.records[2].grade.score - 3  # graded, sane


def weak(pack: RubricPack):  # type: ignore[no-untyped-def]
    """Grades that miss every key signal, so each first answer earns a follow-up."""
    return lambda qid, answer: make_grade(pack, qid, score=2, follow_up="Tell me more?")


async def start_interview(  # type: ignore[no-untyped-def]
    pack: RubricPack, tmp_path: Path, engine: ScriptedEngine, notes: Recorder
):
    """A two-question interview with the scripted engine, not yet running."""
    services = make_services(pack, tmp_path, engine)
    app = make_app(services, Start("interview", options=PlanOptions(questions=2)))
    return app, app.run_test(size=SIZE, message_hook=notes)


async def test_failed_grade_keeps_the_answer_and_ctrl_j_retries(
    pack: RubricPack, tmp_path: Path
) -> None:
    engine = ScriptedEngine(pack, weak(pack), failures=1)
    notes = Recorder()
    app, running = await start_interview(pack, tmp_path, engine, notes)
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        await submit(pilot, "My answer.")
        assert "Grading answer 1 failed" in notes.text("error")
        assert transcript_of(screen)[-1] == ("candidate", "My answer\\.")
        assert screen.flow.session.records[0].answers == ["My answer."]
        assert "Grading failed" in screen.query_one(StatusLine).activity

        await pilot.press("ctrl+j")  # empty box: retries the saved answer's grade
        await settle(pilot)
        assert transcript_of(screen)[-1] == ("interviewer", "Tell me more?")
        assert engine.graded == [(Q1, "My answer.")]


async def test_typing_stays_live_while_grading_runs(pack: RubricPack, tmp_path: Path) -> None:
    engine = ScriptedEngine(pack, weak(pack))
    engine.gate = asyncio.Event()
    app, running = await start_interview(pack, tmp_path, engine, Recorder())
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.answer_box.load_text("First answer.")
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert screen.flow.phase is Phase.GRADING
        assert "Grading 1 answer" in screen.query_one(StatusLine).activity

        await type_text(pilot, "next")  # the grade is still held at the gate
        assert screen.answer_box.text == "next"
        assert any(w.is_running for w in app.workers)

        engine.gate.set()
        await settle(pilot)
        assert transcript_of(screen)[-1] == ("interviewer", "Tell me more?")
        assert screen.answer_box.text == "next", "typing ahead survives the follow-up"


async def test_failed_follow_up_stream_falls_back_to_the_rubric_probe(
    pack: RubricPack, tmp_path: Path
) -> None:
    engine = ScriptedEngine(
        pack, weak(pack), follow_up_chunks=["Half ", "a ", "line"], follow_up_error=OSError("reset")
    )
    notes = Recorder()
    app, running = await start_interview(pack, tmp_path, engine, notes)
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        await submit(pilot, "An answer.")
        assert "follow-up failed" in notes.text("warning")
        assert transcript_of(screen)[-1] == ("interviewer", "Tell me more?")
        assert screen.flow.phase is Phase.ANSWER
        assert screen.flow.session.records[0].turns[-1].text == "Tell me more?"


async def test_the_next_question_streams_in_and_a_failing_line_still_shows_it(
    pack: RubricPack, tmp_path: Path
) -> None:
    engine = ScriptedEngine(pack, weak(pack), ask_error=OSError("reset"))
    notes = Recorder()
    app, running = await start_interview(pack, tmp_path, engine, notes)
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        assert transcript_of(screen) == [("interviewer", pack.question(Q1).text + " ")]
        await pilot.press("ctrl+n")  # nothing typed: skips at once
        await settle(pilot)
        assert engine.asked == [(Q1, None), (Q2, (Q1, ""))]
        assert "line failed (reset)" in notes.text("warning")
        assert transcript_of(screen)[-1] == ("interviewer", pack.question(Q2).text)
        assert screen.flow.phase is Phase.ANSWER and screen.flow.question_number == 2
        assert screen.flow.session.records[1].turns[0].text == pack.question(Q2).text


async def test_skip_asks_before_dropping_typed_text_and_end_early_opens_report(
    pack: RubricPack, tmp_path: Path
) -> None:
    engine = ScriptedEngine(pack, weak(pack))
    app, running = await start_interview(pack, tmp_path, engine, Recorder())
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        await type_text(pilot, "half")
        await pilot.press("ctrl+n")
        await pilot.press("n")  # no: keep the text, stay on question 1
        assert screen.answer_box.text == "half" and screen.flow.question_number == 1

        await pilot.press("ctrl+n", "y")
        await settle(pilot)
        assert screen.flow.question_number == 2 and screen.answer_box.text == ""
        assert screen.flow.session.records[0].skipped

        await pilot.press("escape", "y")  # end early
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.session.finished


async def test_home_resumes_an_unfinished_interview_with_its_draft(
    pack: RubricPack, tmp_path: Path
) -> None:
    services = make_services(pack, tmp_path)
    plan = InterviewPlan(question_ids=[Q1, Q2], max_follow_ups=0)
    flow = InterviewFlow(new_session(pack, plan), pack, services.store)
    flow.question_asked()
    flow.answer_submitted(STRONG_Q1)
    flow.question_asked()
    flow.draft_changed("half-typed draft")

    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sessions = app.screen.query_one("#home-sessions", OptionList)
        assert sessions.display and sessions.option_count == 1
        assert "unfinished" in str(sessions.get_option_at_index(0).prompt)
        sessions.focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert [s for s, _ in transcript_of(screen)] == ["interviewer", "candidate", "interviewer"]
        assert screen.answer_box.text == "half-typed draft"
        assert screen.answer_box.cursor_location == (0, len("half-typed draft"))
        assert screen.flow.session.records[0].grade is not None, "pending grade was re-run"
        assert screen.query_one(StatusLine).left.startswith("Question 2 of 2")


async def test_palette_lists_main_and_screen_actions(pack: RubricPack, tmp_path: Path) -> None:
    engine = ScriptedEngine(pack, weak(pack))
    app, running = await start_interview(pack, tmp_path, engine, Recorder())
    async with running as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New interview", "Practise a question", "Help", "Skip question"):
            assert title in titles
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


async def test_draft_is_saved_while_typing_and_on_quit(pack: RubricPack, tmp_path: Path) -> None:
    engine = ScriptedEngine(pack, weak(pack))
    app, running = await start_interview(pack, tmp_path, engine, Recorder())
    async with running as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        session_id = screen.flow.session.id
        await type_text(pilot, "draft one")
        screen.save_draft()  # what the 3-second interval calls
        assert app.services.store.load(session_id).draft == "draft one"
        await type_text(pilot, " and more")
        await pilot.press("ctrl+q")
    assert app.services.store.load(session_id).draft == "draft one and more"
