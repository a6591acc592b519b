"""The mechanical parts of LLM grading: locating quotes, verifying replies, combining grades."""

from __future__ import annotations

import json

import pytest

from mock_interviewer.llm.client import Reply
from mock_interviewer.llm.fakes import judgement
from mock_interviewer.llm.hybrid import combine, merge_signals
from mock_interviewer.llm.judge import InvalidOutput, Verdict, locate, verify
from mock_interviewer.models import (
    Evidence,
    Grade,
    Provenance,
    Question,
    SignalResult,
    TokenUsage,
)
from mock_interviewer.rubric import RubricPack

ANSWER = "We shipped it.  I cut the “review” time\nfrom 5 days to 2 days, which PMs loved."


@pytest.fixture
def question(pack: RubricPack) -> Question:
    return next(q for q in pack.questions if len(q.key_signals) == 2)


def test_locate_returns_the_exact_span_forgiving_case_quotes_and_spacing() -> None:
    found = locate('"i cut the "review" time from 5 days…"', ANSWER)
    assert found is not None
    assert found.quote == ANSWER[found.start : found.end]
    assert found.quote == "I cut the “review” time\nfrom 5 days"


@pytest.mark.parametrize("quote", ["I cut the review time to 1 day", "", "  ..  ", "We"])
def test_locate_rejects_invented_and_trivial_quotes(quote: str) -> None:
    assert locate(quote, ANSWER) is None


def test_verify_demotes_a_claimed_hit_without_quotes_and_records_dropped_ones(
    question: Question,
) -> None:
    body = judgement(
        question.key_signals, score=4, quotes=['I cut the "review" time', "I invented this"]
    )
    body["signals"][1] = {**body["signals"][1], "evidence": [], "status": "hit"}
    verdict = verify(Reply(json.dumps(body), truncated=False), question, ANSWER)
    first, second = verdict.signals
    assert first.hit == "hit" and [e.quote for e in first.evidence] == ["I cut the “review” time"]
    assert second.hit == "miss" and second.note.startswith("no verifiable quote")
    assert verdict.dropped == ["I invented this"]
    assert [s.id for s in verdict.signals] == question.key_signals


def test_verify_explains_duplicate_and_missing_signal_ids(question: Question) -> None:
    body = judgement(question.key_signals, score=3)
    body["signals"][1]["signal_id"] = body["signals"][0]["signal_id"]
    with pytest.raises(InvalidOutput, match=r"missing: .*; repeated: "):
        verify(Reply(json.dumps(body), truncated=False), question, ANSWER)


def grade(question: Question, score: int, hits: dict[str, str]) -> Grade:
    return Grade(
        question_id=question.id,
        score=score,
        signals=[SignalResult(id=s, hit=hits.get(s, "miss")) for s in question.key_signals]
        + [SignalResult(id="concrete_example", hit="hit")],
        follow_up=question.probes[question.key_signals[0]][0],
        follow_up_signal=question.key_signals[0],
        provenance=Provenance(
            rubric_id="r", rubric_version="1", rubric_hash="h", grader_version="offline-test"
        ),
    )


def verdict(question: Question, score: int, hits: dict[str, str]) -> Verdict:
    evidence = [Evidence(quote="We shipped it.", start=0, end=14)]
    signals = [
        SignalResult(
            id=s, hit=hits.get(s, "miss"), evidence=evidence if s in hits else [], grader="llm"
        )
        for s in question.key_signals
    ]
    return Verdict(signals=signals, score=score, strengths=[], improvements=["do x"], rationale="")


def combined(question: Question, offline: Grade, judged: Verdict) -> Grade:
    usage = TokenUsage(prompt_tokens=10, completion_tokens=5, calls=1)
    return combine(question, offline, judged, model="m", prompt_version="judge@9", usage=usage)


@pytest.mark.parametrize(
    ("offline", "llm", "status", "final", "grader", "flag"),
    [
        (3, 4, "hit", 4, "llm", False),  # within one point: the judge's score stands
        (2, 5, "hit", 3, "hybrid", True),  # too far above: one point over offline
        (4, 1, "hit", 3, "hybrid", True),  # too far below: one point under offline
        (3, 5, "partial", 3, "hybrid", True),  # no key hit: capped at 3
        (2, 3, None, 2, "hybrid", False),  # no quote, no raise
        (3, 2, None, 2, "llm", False),  # ...but lowering needs no quote
    ],
)
def test_combine_rules(
    question: Question,
    offline: int,
    llm: int,
    status: str | None,
    final: int,
    grader: str,
    flag: bool,
) -> None:
    hits = {question.key_signals[0]: status} if status else {}
    result = combined(question, grade(question, offline, {}), verdict(question, llm, hits))
    assert (result.score, result.grader, result.disagreement) == (final, grader, flag)
    assert (result.offline_score, result.llm_score) == (offline, llm)
    assert result.provenance.prompt_version == "judge@9" and result.provenance.model == "m"
    assert result.usage == TokenUsage(prompt_tokens=10, completion_tokens=5, calls=1)


def test_merge_keeps_the_stronger_call_and_says_who_made_it(question: Question) -> None:
    first, second = question.key_signals
    offline = grade(question, 3, {first: "hit"}).signals
    judged = verdict(question, 3, {second: "partial"}).signals
    merged = {s.id: s for s in merge_signals(offline, judged)}
    assert (merged[first].hit, merged[first].grader) == ("hit", "offline")
    assert (merged[second].hit, merged[second].grader) == ("partial", "llm")
    assert merged["concrete_example"].grader == "offline"


def test_follow_up_is_re_aimed_when_the_judge_found_the_offline_target(
    question: Question,
) -> None:
    first, second = question.key_signals
    result = combined(question, grade(question, 3, {}), verdict(question, 3, {first: "hit"}))
    assert result.follow_up_signal == second
    assert result.follow_up == question.probes[second][0]
    assert result.improvements == ["do x"]
