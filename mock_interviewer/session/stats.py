"""Numbers derived from a session, shared by the exports, `progress` and the TUI report.

One place decides what counts (the latest grade per question, "partial" worth half a hit),
so the Markdown report, the HTML chart and the progress trends never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mock_interviewer.models import Grade, HitStatus, Session
from mock_interviewer.rubric import RubricPack

PARTIAL_WEIGHT = 0.5


@dataclass(frozen=True)
class SignalCoverage:
    """How often one signal was shown across the answers that probed it."""

    signal_id: str
    hit: int = 0
    partial: int = 0
    miss: int = 0

    @property
    def probed(self) -> int:
        return self.hit + self.partial + self.miss

    @property
    def rate(self) -> float | None:
        """Share shown, partial counting half; None when no answer probed the signal."""
        if not self.probed:
            return None
        return (self.hit + PARTIAL_WEIGHT * self.partial) / self.probed


def final_grades(session: Session) -> dict[str, Grade]:
    """The latest grade per question: a practice retry or a re-grade supersedes earlier ones."""
    grades: dict[str, Grade] = {}
    for record in session.records:
        if record.grade is not None:
            grades[record.question_id] = record.grade
    return grades


def coverage(grades: Iterable[Grade], order: Iterable[str] = ()) -> list[SignalCoverage]:
    """Per-signal counts; signals in `order` first (rubric order), then any others seen."""
    counts: dict[str, dict[HitStatus, int]] = {}
    for grade in grades:
        for result in grade.signals:
            if result.hit != "not_probed":
                tally = counts.setdefault(result.id, {})
                tally[result.hit] = tally.get(result.hit, 0) + 1
    ordered = [s for s in order if s in counts] + [s for s in counts if s not in set(order)]
    return [
        SignalCoverage(
            s, counts[s].get("hit", 0), counts[s].get("partial", 0), counts[s].get("miss", 0)
        )
        for s in ordered
    ]


def session_coverage(session: Session, pack: RubricPack) -> list[SignalCoverage]:
    return coverage(final_grades(session).values(), pack.signal_ids)


def top_items(lists: Iterable[list[str]], limit: int = 5) -> list[str]:
    """The first distinct items across grades, in interview order (strengths, improvements)."""
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return list(seen)[:limit]


def signal_name(pack: RubricPack, signal_id: str) -> str:
    """The rubric's name for a signal, or its id when the pack no longer has it."""
    return pack.signal(signal_id).name if signal_id in pack.signal_ids else signal_id


def question_text(pack: RubricPack, session: Session, question_id: str) -> str:
    """The text as asked (saved in the transcript), so a later rubric edit cannot change it."""
    for record in session.records:
        if record.question_id == question_id:
            for turn in record.turns:
                if turn.kind == "question":
                    return turn.text
    return pack.question(question_id).text if pack.has_question(question_id) else question_id
