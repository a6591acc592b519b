"""The TUI over the real LLM engine, with the HTTP layer mocked by respx.

One route serves both kinds of call the engine makes: the judge (JSON) and the interviewer's
lines (streamed over SSE: a follow-up, or the bridge into the next question), told apart by
the request's `stream` flag.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from tui_support import SIZE, Recorder, make_app, make_services, settle

from mock_interviewer.config import Settings
from mock_interviewer.llm import LLMEngine
from mock_interviewer.llm.fakes import chat_completion, instant_retries, judgement, sse_stream
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.plan import PlanOptions
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.screens.interview import InterviewScreen
from mock_interviewer.tui.screens.practice import PracticeScreen
from mock_interviewer.tui.widgets.answer_box import AnswerBox
from mock_interviewer.tui.widgets.status import StatusLine

BASE = "https://llm.test/v1"
MODEL = "interviewer-model"
Q1 = "q01_why_product_ops"
ANSWER = "I like products and I want to help."
TOKENS = ["What ", "draws you ", "to product ops ", "rather than ", "the PM seat?"]


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> respx.MockRouter:
    instant_retries(monkeypatch)
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def llm_engine(pack: RubricPack) -> LLMEngine:
    return LLMEngine(Settings(api_key="sk-test", base_url=BASE, model=MODEL), pack)


def serve(
    pack: RubricPack, api: respx.MockRouter, *, score: int = 2, tokens: list[str] = TOKENS
) -> respx.Route:
    """Judge calls get a judgement quoting the answer; streamed calls get `tokens`."""
    key = pack.question(Q1).key_signals

    def reply(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content).get("stream"):
            return httpx.Response(
                200, content=sse_stream(tokens), headers={"content-type": "text/event-stream"}
            )
        body = judgement(key, score=score, quotes=["I want to help"], status="partial")
        return httpx.Response(200, json=chat_completion(json.dumps(body)))

    return api.post("/chat/completions").mock(side_effect=reply)


def transcript(screen: InterviewScreen) -> list[tuple[str, str]]:
    return [(e.speaker, e.body.source) for e in screen.transcript.entries]


async def test_interview_streams_the_llm_follow_up_and_keeps_the_judges_grade(
    pack: RubricPack, tmp_path: Path, api: respx.MockRouter
) -> None:
    route = serve(pack, api)
    services = make_services(pack, tmp_path, llm_engine(pack))
    app = make_app(services, Start("interview", options=PlanOptions(questions=2)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one(StatusLine).right == f"interviewer: {MODEL}"
        screen.query_one(AnswerBox).load_text(ANSWER)
        await pilot.press("ctrl+j")
        await settle(pilot)

        assert transcript(screen)[-1] == ("interviewer", "".join(TOKENS).strip())
        bodies = [json.loads(call.request.content) for call in route.calls]
        assert sorted(bool(b.get("stream")) for b in bodies) == [False, True]
        record = screen.flow.session.records[0]
        assert record.turns[-1].kind == "follow_up" and record.turns[-1].text.endswith("PM seat?")
        assert record.grade is not None and record.grade.grader in ("llm", "hybrid")
        assert record.grade.provenance.model == MODEL
        assert screen.flow.session.usage.calls == 2, "judge and follow-up tokens are counted"


async def test_the_next_question_streams_in_after_the_llms_bridge(
    pack: RubricPack, tmp_path: Path, api: respx.MockRouter
) -> None:
    bridge = ["Thanks for ", "walking me ", "through that. ", "Why ops?"]
    route = serve(pack, api, tokens=bridge)
    services = make_services(pack, tmp_path, llm_engine(pack))
    options = PlanOptions(questions=2, follow_ups=False)
    app = make_app(services, Start("interview", options=options))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert not route.called, "the first question needs no bridge"
        screen.query_one(AnswerBox).load_text(ANSWER)
        await pilot.press("ctrl+j")
        await settle(pilot)

        q2 = screen.flow.current_question
        assert q2 is not None and q2.id != Q1
        speaker, line = transcript(screen)[-1]
        assert speaker == "interviewer"
        assert line.rstrip() == f"Thanks for walking me through that.\n\n{q2.text}"
        streamed = [json.loads(c.request.content) for c in route.calls]
        streamed = [b for b in streamed if b.get("stream")]
        assert len(streamed) == 1 and ANSWER in streamed[0]["messages"][1]["content"]
        assert screen.flow.session.records[1].turns[0].text == q2.text
        assert screen.flow.session.usage.calls == 2, "judge and bridge tokens are counted"


async def test_practice_shows_the_offline_grade_then_the_judges(
    pack: RubricPack, tmp_path: Path, api: respx.MockRouter
) -> None:
    serve(pack, api, score=3)
    services = make_services(pack, tmp_path, llm_engine(pack))
    app = make_app(services, Start("practice", question_id=Q1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        screen.query_one(AnswerBox).load_text(ANSWER)
        await pilot.press("ctrl+j")
        await settle(pilot)
        grade = screen.flow.session.records[0].grade
        assert grade is not None and grade.llm_score == 3
        feedback = screen.query_one("#feedback-body").source  # type: ignore[attr-defined]
        assert f"Score {grade.score}/5" in feedback and f"LLM judge {grade.llm_score}/5" in feedback
        follow_up = screen.query_one("#feedback-follow-up").source  # type: ignore[attr-defined]
        assert follow_up.endswith("".join(TOKENS).strip())


async def test_a_failing_server_falls_back_with_a_notice_and_the_answer_kept(
    pack: RubricPack, tmp_path: Path, api: respx.MockRouter
) -> None:
    api.post("/chat/completions").mock(return_value=httpx.Response(500, json={"error": {}}))
    notes = Recorder()
    services = make_services(pack, tmp_path, llm_engine(pack))
    app = make_app(services, Start("interview", options=PlanOptions(questions=2)))
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.query_one(AnswerBox).load_text(ANSWER)
        await pilot.press("ctrl+j")
        await settle(pilot)

        record = screen.flow.session.records[0]
        assert record.answers == [ANSWER]
        assert record.grade is not None and record.grade.grader == "offline"
        speaker, text = transcript(screen)[-1]
        assert speaker == "interviewer" and text.strip() == record.grade.follow_up.strip()
        assert "offline grade" in notes.text("warning")
        assert "rubric's probe" in notes.text("warning")
        assert isinstance(app.screen, InterviewScreen) and screen.flow.phase.value == "answer"
