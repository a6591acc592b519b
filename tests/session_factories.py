"""Builders shared by the session, plain-mode and export tests (grades made by hand, so these
tests do not depend on the offline grader's judgement)."""

from __future__ import annotations

from mock_interviewer.models import Grade, HitStatus, Provenance, Session, SignalResult
from mock_interviewer.rubric import RubricPack


class MemoryStore:
    """A store that keeps a deep copy of the session at every save, to check what was saved."""

    def __init__(self) -> None:
        self.saves: list[Session] = []

    def save(self, session: Session) -> None:
        self.saves.append(session.model_copy(deep=True))


def make_grade(
    pack: RubricPack,
    question_id: str,
    *,
    score: int = 3,
    hits: dict[str, HitStatus] | None = None,
    default: HitStatus = "miss",
    follow_up: str = "Can you give a concrete example?",
) -> Grade:
    """A grade over the question's key signals: `hits` overrides, the rest get `default`."""
    question = pack.question(question_id)
    statuses = hits or {}
    return Grade(
        question_id=question_id,
        score=score,
        signals=[SignalResult(id=s, hit=statuses.get(s, default)) for s in question.key_signals],
        follow_up=follow_up,
        provenance=Provenance(
            rubric_id=pack.id,
            rubric_version=pack.rubric.version,
            rubric_hash=pack.sha256,
            grader_version="test",
        ),
    )
