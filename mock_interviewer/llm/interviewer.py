"""The LLM interviewer's next line: a follow-up aimed at the signal the grader picked."""

from __future__ import annotations

from mock_interviewer.llm.client import Messages
from mock_interviewer.llm.prompts import Prompts, markers_for
from mock_interviewer.models import Grade, Question
from mock_interviewer.rubric import RubricPack


def follow_up_messages(
    prompts: Prompts, pack: RubricPack, question: Question, answer: str, grade: Grade
) -> Messages:
    """Persona as system, then the question, the answer as delimited data, and the target.

    The grade names the signal (`follow_up_signal`) and carries the rubric's probe for it
    (`follow_up`), which the model rephrases to fit what the candidate actually said.
    """
    assert grade.follow_up_signal is not None  # the engine streams the offline line otherwise
    signal = pack.signal(grade.follow_up_signal)
    open_marker, close_marker = markers_for(answer)
    system = prompts.interviewer.render("system", role=pack.rubric.role)
    user = prompts.follow_up.render(
        "user",
        question=question.text,
        open=open_marker,
        close=close_marker,
        answer=answer,
        signal=f"{signal.name}: {signal.description}",
        probe=grade.follow_up,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
