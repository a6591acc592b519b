"""Batch grading: one JSON line in, one JSON line out, in order; a bad line never stops the rest."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mock_interviewer.errors import MockInterviewerError
from mock_interviewer.grading.inputs import check_answer, read_text_file
from mock_interviewer.models import Grade

GradeFn = Callable[[str, str], Grade]


def batch_record(grade: Grade) -> dict[str, Any]:
    """The compact per-line shape documented for `grade --batch`."""
    return {
        "question_id": grade.question_id,
        "score": grade.score,
        "signals": [
            {"id": s.id, "hit": s.hit, "evidence": [e.quote for e in s.evidence]}
            for s in grade.signals
        ],
        "strengths": grade.strengths,
        "improvements": grade.improvements,
        "follow_up": grade.follow_up,
        "grader": grade.grader,
    }


def _grade_line(raw: str, grade: GradeFn) -> dict[str, Any]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MockInterviewerError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise MockInterviewerError('expected an object like {"question_id": ..., "answer": ...}')
    question_id, answer = item.get("question_id"), item.get("answer")
    if not isinstance(question_id, str) or not question_id:
        raise MockInterviewerError('missing "question_id" (a string)')
    if not isinstance(answer, str):
        raise MockInterviewerError('missing "answer" (a string)')
    return batch_record(grade(question_id, check_answer(answer)))


def grade_batch(path: Path, grade: GradeFn) -> Iterator[dict[str, Any]]:
    """Yield one result per non-blank input line; errors become {"line", "error"} objects."""
    for number, raw in enumerate(read_text_file(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield {"line": number, **_grade_line(raw, grade)}
        except MockInterviewerError as exc:
            yield {"line": number, "error": str(exc)}
