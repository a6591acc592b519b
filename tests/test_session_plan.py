"""Building interview plans and new sessions from the rubric and the setup options."""

from __future__ import annotations

import re

import pytest

from mock_interviewer.errors import RubricError, UsageError
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.plan import (
    PlanOptions,
    build_plan,
    new_practice_session,
    new_session,
)


def test_default_plan_is_six_common_questions_in_guide_order(pack: RubricPack) -> None:
    plan = build_plan(pack, PlanOptions())
    common = [q.id for q in pack.questions if q.level == "common"]
    assert plan.question_ids == common[:6]
    assert plan.max_follow_ups == 1 and plan.level == "common" and plan.shuffle_seed is None


def test_mixed_plan_warms_up_with_common_questions(pack: RubricPack) -> None:
    plan = build_plan(pack, PlanOptions(questions=5, level="mixed"))
    levels = [pack.question(q).level for q in plan.question_ids]
    assert levels == ["common"] * 3 + ["advanced"] * 2


def test_advanced_plan_and_follow_ups_off(pack: RubricPack) -> None:
    plan = build_plan(pack, PlanOptions(questions=2, level="advanced", follow_ups=False))
    assert [pack.question(q).level for q in plan.question_ids] == ["advanced"] * 2
    assert plan.max_follow_ups == 0


def test_shuffle_is_reproducible_from_the_seed(pack: RubricPack) -> None:
    options = PlanOptions(questions=6, level="mixed", shuffle=True, seed=7)
    first, second = build_plan(pack, options), build_plan(pack, options)
    assert first.question_ids == second.question_ids and first.shuffle_seed == 7
    assert first.question_ids != build_plan(pack, PlanOptions(level="mixed")).question_ids
    assert len(set(first.question_ids)) == 6


def test_shuffle_without_seed_records_the_seed_it_drew(pack: RubricPack) -> None:
    plan = build_plan(pack, PlanOptions(shuffle=True))
    assert plan.shuffle_seed is not None
    again = build_plan(pack, PlanOptions(shuffle=True, seed=plan.shuffle_seed))
    assert again.question_ids == plan.question_ids


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (PlanOptions(questions=0), "at least 1"),
        (PlanOptions(questions=12), "has 11 common"),
        (PlanOptions(questions=16, level="mixed"), r"\(8 advanced\).*has 7 advanced"),
    ],
)
def test_impossible_plans_are_usage_errors(
    pack: RubricPack, options: PlanOptions, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        build_plan(pack, options)


def test_new_sessions_carry_rubric_identity_and_a_file_safe_id(pack: RubricPack) -> None:
    session = new_session(pack, build_plan(pack, PlanOptions()), engine="gpt-test")
    assert re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{4}", session.id)
    assert (session.rubric_id, session.rubric_hash) == (pack.id, pack.sha256)
    assert session.engine == "gpt-test" and session.mode == "interview"


def test_practice_session_has_one_question_and_no_follow_ups(pack: RubricPack) -> None:
    session = new_practice_session(pack, "q16_ops_kpis")
    assert session.mode == "practice"
    assert session.plan.question_ids == ["q16_ops_kpis"] and session.plan.max_follow_ups == 0
    assert session.plan.level == "advanced"
    with pytest.raises(RubricError, match="unknown question id"):
        new_practice_session(pack, "q99")
