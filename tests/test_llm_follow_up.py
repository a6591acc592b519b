"""LLMEngine.follow_up: streamed over SSE, aimed at the grader's signal, offline when it fails."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from mock_interviewer.config import Settings
from mock_interviewer.llm import LLMEngine
from mock_interviewer.llm.fakes import instant_retries, sse_stream
from mock_interviewer.models import Grade, Provenance, Question, SignalResult
from mock_interviewer.rubric import RubricPack

BASE = "https://llm.test/v1"
MODEL = "interviewer-model"
ANSWER = "I keep a list and I am quite organised."
TOKENS = ["What ", "happened ", "the last time ", "a risk ", "slipped past you?"]


@pytest.fixture
def question(pack: RubricPack) -> Question:
    return next(q for q in pack.questions if q.key_signals == ["systems_thinking"])


@pytest.fixture
def grade(question: Question) -> Grade:
    return Grade(
        question_id=question.id,
        score=2,
        signals=[SignalResult(id="systems_thinking", hit="partial")],
        follow_up=question.probes["systems_thinking"][0],
        follow_up_signal="systems_thinking",
        provenance=Provenance(
            rubric_id="r", rubric_version="1", rubric_hash="h", grader_version="offline-test"
        ),
    )


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> respx.MockRouter:
    instant_retries(monkeypatch)
    with respx.mock(base_url=BASE) as router:
        yield router


def make_engine(pack: RubricPack, **settings: object) -> LLMEngine:
    values = {"api_key": "sk-test", "base_url": BASE, "model": MODEL, **settings}
    return LLMEngine(Settings(**values), pack)


def sse(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


async def collect(stream: AsyncIterator[str]) -> list[str]:
    return [token async for token in stream]


async def test_follow_up_streams_tokens_over_sse_aimed_at_the_graders_signal(
    pack: RubricPack, question: Question, grade: Grade, api: respx.MockRouter
) -> None:
    route = api.post("/chat/completions").mock(return_value=sse(sse_stream(TOKENS)))
    engine = make_engine(pack)

    tokens = await collect(engine.follow_up(question.id, ANSWER, grade))

    assert tokens == TOKENS
    body = json.loads(route.calls[0].request.content)
    assert body["model"] == MODEL and body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    system, user = (m["content"] for m in body["messages"])
    assert pack.rubric.role in system
    assert re.search(r"<<<ANSWER (\w+)>>>\n" + re.escape(ANSWER) + r"\n<<<END ANSWER \1>>>", user)
    assert pack.signal("systems_thinking").description in user
    assert grade.follow_up in user  # the rubric probe, for the model to rephrase
    assert engine.usage.calls == 1 and engine.usage.completion_tokens == len(TOKENS)
    assert engine.notice is None


async def test_follow_up_falls_back_to_the_rubric_probe_when_the_server_fails(
    pack: RubricPack, question: Question, grade: Grade, api: respx.MockRouter
) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(503, json={}))
    engine = make_engine(pack)
    text = "".join(await collect(engine.follow_up(question.id, ANSWER, grade)))
    assert route.call_count == 3
    assert text.strip() == grade.follow_up
    assert engine.notice is not None and "rubric's probe" in engine.notice


async def test_a_stream_that_breaks_midway_still_ends_with_a_whole_question(
    pack: RubricPack, question: Question, grade: Grade, api: respx.MockRouter
) -> None:
    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield sse_stream(TOKENS[:2]).split(b"\n\n")[0] + b"\n\n"
            raise httpx.ReadError("connection reset")

    api.post("/chat/completions").mock(
        return_value=httpx.Response(
            200, stream=Broken(), headers={"content-type": "text/event-stream"}
        )
    )
    engine = make_engine(pack)
    tokens = await collect(engine.follow_up(question.id, ANSWER, grade))
    assert tokens[:2] == [TOKENS[0], "\n\n"]  # the broken line, then the whole probe below it
    assert "".join(tokens[2:]).strip() == grade.follow_up
    assert engine.notice is not None and "Could not reach" in engine.notice


async def test_an_empty_stream_gets_the_rubric_probe(
    pack: RubricPack, question: Question, grade: Grade, api: respx.MockRouter
) -> None:
    api.post("/chat/completions").mock(return_value=sse(sse_stream([])))
    engine = make_engine(pack)
    text = "".join(await collect(engine.follow_up(question.id, ANSWER, grade)))
    assert text.strip() == grade.follow_up
    assert engine.notice is not None and "empty follow-up" in engine.notice


async def test_after_an_auth_error_follow_ups_stay_offline_without_calling_the_server(
    pack: RubricPack, question: Question, grade: Grade, api: respx.MockRouter
) -> None:
    route = api.post("/chat/completions").mock(return_value=httpx.Response(401, json={}))
    engine = make_engine(pack)
    first = "".join(await collect(engine.follow_up(question.id, ANSWER, grade)))
    second = "".join(await collect(engine.follow_up(question.id, ANSWER, grade)))
    assert route.call_count == 1
    assert first.strip() == second.strip() == grade.follow_up
    assert engine.llm_off is not None and "OPENAI_API_KEY" in engine.llm_off


async def test_no_target_signal_means_the_graders_own_line_without_a_call(
    pack: RubricPack, question: Question, grade: Grade
) -> None:
    closing = grade.model_copy(update={"follow_up_signal": None, "follow_up": "Anything else?"})
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        route = router.post("/chat/completions")
        text = "".join(await collect(make_engine(pack).follow_up(question.id, ANSWER, closing)))
        assert not route.called
    assert text.strip() == "Anything else?"
