"""Plain-text rendering of a grade for the terminal (the CLI and plain mode share it)."""

from __future__ import annotations

from mock_interviewer.models import Grade
from mock_interviewer.rubric import RubricPack

MARKS = {"hit": "[x]", "partial": "[~]", "miss": "[ ]", "not_probed": "[-]"}


def render_grade(grade: Grade, pack: RubricPack, *, show_unprobed: bool = False) -> str:
    question = pack.question(grade.question_id)
    lines = [
        f"Question: {question.text}",
        f"Score: {grade.score}/5 - {pack.rubric.scale[grade.score - 1]}",
        f"Grader: {grade.grader}",
    ]
    if grade.disagreement:
        lines.append(
            f"Note: the LLM ({grade.llm_score}) and offline ({grade.offline_score}) grades differ."
        )
    if grade.notice:
        lines.append(f"Note: {grade.notice}")
    lines.append("")
    lines.append("Signals:")
    for result in grade.signals:
        key = result.id in question.key_signals
        if result.hit == "not_probed" and not show_unprobed:
            continue
        label = pack.signal(result.id).name + (" (key)" if key else "")
        lines.append(f"  {MARKS[result.hit]} {label}: {result.hit.replace('_', ' ')}")
        lines.extend(f'        "{e.quote}"' for e in result.evidence)
    for title, items in (("Strengths", grade.strengths), ("Improvements", grade.improvements)):
        if items:
            lines.append("")
            lines.append(f"{title}:")
            lines.extend(f"  - {item}" for item in items)
    lines += ["", f"Follow-up: {grade.follow_up}"]
    return "\n".join(lines)
