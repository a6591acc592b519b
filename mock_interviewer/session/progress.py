"""Trends across finished sessions: which signals and questions improved (`progress`).

Each session contributes one value per signal (its coverage rate) and per question (the
latest score), so a sparkline reads oldest to newest, one character per session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mock_interviewer.models import Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.export import text_bar
from mock_interviewer.session.stats import coverage, final_grades, signal_name

SPARKS = "▁▂▃▄▅▆▇█"
GAP = "·"
LABEL_WIDTH = 36


@dataclass(frozen=True)
class Trend:
    """One row: a label and a value per session (None where the session did not cover it)."""

    key: str
    label: str
    values: list[float | None]

    @property
    def present(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def latest(self) -> float:
        return self.present[-1]

    @property
    def change(self) -> float | None:
        """Latest minus first value; None with a single data point."""
        present = self.present
        return present[-1] - present[0] if len(present) > 1 else None


def signal_trends(sessions: Sequence[Session], pack: RubricPack) -> list[Trend]:
    per_session = [
        {c.signal_id: c.rate for c in coverage(final_grades(s).values())} for s in sessions
    ]
    return [
        Trend(
            signal_id, signal_name(pack, signal_id), [rates.get(signal_id) for rates in per_session]
        )
        for signal_id in pack.signal_ids
        if any(signal_id in rates for rates in per_session)
    ]


def question_trends(sessions: Sequence[Session], pack: RubricPack) -> list[Trend]:
    per_session = [{q: float(g.score) for q, g in final_grades(s).items()} for s in sessions]
    return [
        Trend(q.id, q.text, [scores.get(q.id) for scores in per_session])
        for q in pack.questions
        if any(q.id in scores for scores in per_session)
    ]


def sparkline(values: Sequence[float | None], low: float, high: float) -> str:
    span = high - low
    chars = []
    for value in values:
        if value is None:
            chars.append(GAP)
        else:
            level = round((value - low) / span * (len(SPARKS) - 1))
            chars.append(SPARKS[min(max(level, 0), len(SPARKS) - 1)])
    return "".join(chars)


def _label(text: str) -> str:
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1] + "…"


def _signal_row(trend: Trend) -> str:
    change = "" if trend.change is None else f"  {trend.change * 100:+.0f} pts"
    spark = sparkline(trend.values, 0.0, 1.0)
    latest = f"{text_bar(trend.latest)} {trend.latest:4.0%}"
    return f"  {_label(trend.label):<{LABEL_WIDTH}}  {spark}  {latest}{change}"


def _question_row(trend: Trend) -> str:
    change = "" if trend.change is None else f"  {trend.change:+.0f}"
    spark = sparkline(trend.values, 1.0, 5.0)
    return f"  {_label(trend.label):<{LABEL_WIDTH}}  {spark}  {trend.latest:.0f}/5{change}"


def finished_for(sessions: Sequence[Session], pack: RubricPack) -> list[Session]:
    """Finished, graded sessions of this rubric, oldest first."""
    chosen = [s for s in sessions if s.finished and s.rubric_id == pack.id and s.graded]
    return sorted(chosen, key=lambda s: (s.created_at, s.id))


def render_progress(sessions: Sequence[Session], pack: RubricPack) -> str:
    chosen = finished_for(sessions, pack)
    if not chosen:
        return (
            "No finished sessions yet: finish an interview or a practice question, "
            "then come back to see your trends."
        )
    first, last = chosen[0].created_at, chosen[-1].created_at
    lines = [
        f"Progress over {len(chosen)} finished session(s), {first:%Y-%m-%d} to {last:%Y-%m-%d}",
        "Each sparkline character is one session, oldest first; · = not asked that time.",
        "",
        "Signals (share shown; a partial counts half)",
        *(_signal_row(t) for t in signal_trends(chosen, pack)),
        "",
        "Questions (score 1-5)",
        *(_question_row(t) for t in question_trends(chosen, pack)),
    ]
    return "\n".join(lines)
