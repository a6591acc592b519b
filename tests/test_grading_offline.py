"""Offline grader behaviour on hand-made answers: evidence, negation, follow-ups, limits."""

from __future__ import annotations

import json
from pathlib import Path

from mock_interviewer.grading import grade_answer
from mock_interviewer.grading.text import split_sentences
from mock_interviewer.rubric import RubricPack

STRONG_Q4 = (
    "At my last company, our release approval took nine days because every change needed four "
    "sign-offs. I mapped each step with the PMs and engineering leads, found two approvals that "
    "added nothing, and replaced them with a checklist in Jira. We piloted it with one squad for "
    "a sprint, then rolled it out. Approval time dropped from 9 days to 2."
)


def _status(grade, signal_id: str) -> str:
    return grade.signal(signal_id).hit


def test_every_quote_is_an_exact_substring_at_its_offsets(pack: RubricPack) -> None:
    data = Path(__file__).parent / "data" / "calibration.jsonl"
    for line in data.read_text().splitlines():
        item = json.loads(line)
        grade = grade_answer(pack, item["question_id"], item["answer"])
        for result in grade.signals:
            for ev in result.evidence:
                assert item["answer"][ev.start : ev.end] == ev.quote


def test_strong_answer_hits_key_signals_with_quotes(pack: RubricPack) -> None:
    grade = grade_answer(pack, "q04_process_reengineering", STRONG_Q4)
    assert grade.score >= 4
    for signal_id in ("process_improvement", "quantified_impact", "concrete_example"):
        assert _status(grade, signal_id) == "hit"
    assert "from 9 days to 2" in grade.signal("quantified_impact").evidence[0].quote
    assert grade.strengths and grade.follow_up


def test_negated_cue_is_not_evidence(pack: RubricPack) -> None:
    answer = "I don't really use SQL or dashboards to analyse anything. I go with my gut."
    grade = grade_answer(pack, "q09_data_background", answer)
    assert _status(grade, "data_fluency") != "hit"
    assert grade.score <= 2


def test_hedged_cue_is_only_partial(pack: RubricPack) -> None:
    hedged = "I guess I'd maybe keep a to-do list in Notion and kind of review it every Monday."
    plain = "I keep a to-do list in Notion and review it every Monday morning."
    assert _status(grade_answer(pack, "q03_daily_systems", hedged), "systems_thinking") == "partial"
    assert _status(grade_answer(pack, "q03_daily_systems", plain), "systems_thinking") == "hit"


def test_naming_a_signal_is_not_a_hit(pack: RubricPack) -> None:
    answer = "I am very data-driven and stakeholder-focused, with a proactive growth mindset."
    grade = grade_answer(pack, "q09_data_background", answer)
    assert all(s.hit != "hit" for s in grade.signals)
    assert grade.score <= 2


def test_follow_up_targets_the_weakest_key_signal(pack: RubricPack) -> None:
    question = pack.question("q05_efficiency_vs_effectiveness")
    answer = (
        "For low-risk internal steps I keep it lean and fast, but for anything customer-facing "
        "I accept more steps so the outcome works across teams."
    )
    grade = grade_answer(pack, question.id, answer)
    assert _status(grade, "efficiency_vs_effectiveness") == "hit"
    assert grade.follow_up_signal in {"stakeholder_focus", "iterative_approach"}
    assert grade.follow_up in question.probes[grade.follow_up_signal]


def test_off_topic_answer_scores_one(pack: RubricPack) -> None:
    grade = grade_answer(pack, "q16_ops_kpis", "I really enjoy hiking and my dog is called Max.")
    assert grade.score == 1


def test_grading_is_deterministic(pack: RubricPack) -> None:
    first = grade_answer(pack, "q04_process_reengineering", STRONG_Q4)
    second = grade_answer(pack, "q04_process_reengineering", STRONG_Q4)
    assert first.model_dump() == second.model_dump()


def test_provenance_names_rubric_and_grader(pack: RubricPack) -> None:
    grade = grade_answer(pack, "q04_process_reengineering", STRONG_Q4)
    assert grade.grader == "offline"
    assert grade.provenance.rubric_id == pack.id
    assert grade.provenance.rubric_hash == pack.short_hash


def test_sentence_split_keeps_offsets_and_decimals() -> None:
    text = "- Cut it by 2.5 days.\n- Then we scaled it!  Done"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Cut it by 2.5 days.", "Then we scaled it!", "Done"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_strong_story_that_misses_the_question_tops_out_at_three(pack: RubricPack) -> None:
    """A great process story is not an answer to "why product ops?"."""
    grade = grade_answer(pack, "q01_why_product_ops", STRONG_Q4)
    assert _status(grade, "role_motivation") != "hit"
    assert grade.score <= 3
    assert grade.follow_up_signal == "role_motivation"


def test_a_self_label_is_not_even_partial(pack: RubricPack) -> None:
    grade = grade_answer(pack, "q09_data_background", "I am very data-driven.")
    assert _status(grade, "data_fluency") == "miss"
