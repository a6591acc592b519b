"""build_engine and the LLM engine end to end with the real offline grader as cross-check."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from mock_interviewer.config import LOCAL_KEY, Settings, load_settings
from mock_interviewer.engine import OfflineEngine
from mock_interviewer.grading import GRADER_VERSION, grade_answer
from mock_interviewer.llm import SETUP_HINT, LLMEngine, build_engine, setup_notice
from mock_interviewer.llm.fakes import chat_completion, instant_retries, judgement
from mock_interviewer.rubric import RubricPack

LOCAL = "http://localhost:11434/v1"
ANSWER = (
    "Every Monday morning I review my task list in Notion and plan the week. "
    "Last quarter I flagged a dependency risk two weeks early, so the launch did not slip."
)


def test_no_key_and_no_base_url_gives_the_offline_engine_and_a_setup_hint(
    pack: RubricPack,
) -> None:
    settings = load_settings(environ={})
    assert isinstance(build_engine(settings, pack), OfflineEngine)
    assert setup_notice(settings) == SETUP_HINT
    assert "OPENAI_API_KEY" in SETUP_HINT and "--base-url" in SETUP_HINT


def test_offline_flag_wins_over_a_key_and_needs_no_hint(pack: RubricPack) -> None:
    settings = load_settings({"offline": True}, environ={"OPENAI_API_KEY": "sk-x"})
    assert isinstance(build_engine(settings, pack), OfflineEngine)
    assert setup_notice(settings) is None


def test_a_key_gives_the_llm_engine_named_after_its_model(pack: RubricPack) -> None:
    settings = load_settings({"model": "gpt-test"}, environ={"OPENAI_API_KEY": "sk-x"})
    engine = build_engine(settings, pack)
    assert isinstance(engine, LLMEngine) and engine.name == "gpt-test"
    assert setup_notice(settings) is None


async def test_keyless_local_server_grades_with_the_real_offline_cross_check(
    pack: RubricPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant_retries(monkeypatch)
    question = next(q for q in pack.questions if q.key_signals == ["systems_thinking"])
    offline = grade_answer(pack, question.id, ANSWER)
    body = judgement(
        question.key_signals, score=offline.score, quotes=["I flagged a dependency risk"]
    )
    engine = build_engine(Settings(base_url=LOCAL, model="llama3.1"), pack)

    with respx.mock(base_url=LOCAL) as router:
        route = router.post("/chat/completions").mock(
            return_value=httpx.Response(200, json=chat_completion(json.dumps(body)))
        )
        grade = await engine.grade(question.id, ANSWER)

    assert route.calls[0].request.headers["authorization"] == f"Bearer {LOCAL_KEY}"
    assert grade.grader == "llm" and grade.score == offline.score == grade.offline_score
    assert grade.provenance.grader_version == GRADER_VERSION
    assert grade.provenance.model == "llama3.1"
    assert {s.id for s in grade.signals} == {s.id for s in offline.signals}
    assert engine.usage.calls == 1


async def test_a_dead_server_ends_in_offline_grades_and_then_stops_being_tried(
    pack: RubricPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """conftest points OPENAI_BASE_URL at a closed local port: a real connection failure."""
    instant_retries(monkeypatch)
    settings = load_settings({"offline": False})
    assert settings.base_url is not None and settings.llm_enabled
    engine = build_engine(settings, pack)
    question = pack.questions[0]
    offline = grade_answer(pack, question.id, ANSWER)

    grades = [await engine.grade(question.id, ANSWER) for _ in range(3)]

    for grade in grades:
        assert grade.grader == "offline" and grade.score == offline.score
        assert "Could not reach the LLM server" in grade.notice
    assert "off for the rest of this session" in grades[2].notice
    assert isinstance(engine, LLMEngine) and engine.llm_off is not None
