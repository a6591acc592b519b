"""`grade` with the LLM flags: --base-url/--model reach the judge, --local-only refuses."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from mock_interviewer.cli import main
from mock_interviewer.llm.fakes import chat_completion, instant_retries, judgement
from mock_interviewer.rubric import RubricPack

LOCAL = "http://127.0.0.1:8080/v1"
KEY = "sk-cli-test-secret-7"


@pytest.fixture(autouse=True)
def _llm_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests configure an LLM on purpose; the suite-wide offline default would hide it."""
    monkeypatch.delenv("MOCK_INTERVIEWER_OFFLINE")


ANSWER = (
    "Every Monday morning I review my task list in Notion and plan the week. "
    "Last quarter I flagged a dependency risk two weeks early, so the launch did not slip."
)


def test_grade_uses_the_llm_named_by_the_flags(
    pack: RubricPack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    instant_retries(monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    question = next(q for q in pack.questions if q.key_signals == ["systems_thinking"])
    body = judgement(question.key_signals, score=3, quotes=["I flagged a dependency risk"])
    with respx.mock(base_url=LOCAL) as router:
        route = router.post("/chat/completions").mock(
            return_value=httpx.Response(200, json=chat_completion(json.dumps(body)))
        )
        argv = ["grade", "--base-url", LOCAL, "--model", "qwen2.5", "--local-only"]
        code = main([*argv, "--question", question.id, "--answer", ANSWER, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    grade = json.loads(out)
    assert grade["grader"] in ("llm", "hybrid") and grade["llm_score"] == 3
    assert grade["provenance"]["model"] == "qwen2.5"
    assert json.loads(route.calls[0].request.content)["model"] == "qwen2.5"
    assert KEY not in out + err


def test_grade_local_only_refuses_a_remote_endpoint_with_exit_2(
    pack: RubricPack, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--local-only", "grade", "--base-url", "https://llm.example.com/v1"]
    code = main([*argv, "--question", pack.questions[0].id, "--answer", ANSWER])
    _, err = capsys.readouterr()
    assert code == 2
    assert "--local-only refuses https://llm.example.com/v1" in err
    assert "Traceback" not in err


def test_grade_without_llm_settings_is_offline(
    pack: RubricPack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL")
    code = main(["grade", "--question", pack.questions[0].id, "--answer", ANSWER, "--json"])
    out, _ = capsys.readouterr()
    grade = json.loads(out)
    assert code == 0 and grade["grader"] == "offline" and grade["notice"] is None
