"""Words for the candidate: strengths, improvements and the follow-up a good interviewer asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mock_interviewer.models import Question, SignalResult
from mock_interviewer.rubric import RubricPack

if TYPE_CHECKING:
    from mock_interviewer.grading.grader import Features

CONCRETE_PROBE = (
    "Can you walk me through one specific time you did that: "
    "what happened, what you did, and what came of it?"
)
NUMBERS_PROBE = "How did you know it worked? What changed, in numbers, before and after?"
REFLECTION_PROBE = "Looking back, what would you do differently, and who would you involve earlier?"


def _short(quote: str, limit: int = 90) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


def strengths(
    pack: RubricPack, question: Question, results: list[SignalResult], f: Features
) -> list[str]:
    out = []
    ordered = sorted(results, key=lambda r: r.id not in question.key_signals)
    for r in ordered:
        if r.hit == "hit" and r.evidence:
            out.append(f'{pack.signal(r.id).name}: "{_short(r.evidence[0].quote)}"')
    return out[:4]


def improvements(
    pack: RubricPack, question: Question, results: list[SignalResult], f: Features
) -> list[str]:
    by_id = {r.id: r for r in results}
    out = []
    for signal_id in question.key_signals:
        r = by_id[signal_id]
        if r.hit != "hit":
            signal = pack.signal(signal_id)
            gap = "only hinted at" if r.hit == "partial" else "missing"
            out.append(f"{signal.name} ({gap}): {signal.anchors[3]}")
    if f.buzz_stuffed:
        out.append("Replace labels like 'data-driven' or 'synergy' with what you actually did.")
    if f.injection:
        out.append(
            "Talk to the interviewer, not the grader: instructions in an answer are ignored."
        )
    if not f.concrete and f.on_topic:
        out.append("Ground it in one real situation: what happened, what you did, what came of it.")
    elif not f.quantified:
        out.append("Put a number on the outcome: time saved, cycle time, error rate, adoption.")
    if not f.on_topic:
        out.insert(0, f"Answer the question asked: {question.text}")
    return out[:4]


def follow_up_for(
    question: Question, results: list[SignalResult], f: Features
) -> tuple[str | None, str]:
    """Aim at the weakest key signal (miss before partial); then at a missing example or number."""
    by_id = {r.id: r for r in results}
    for wanted in ("miss", "partial"):
        for signal_id in question.key_signals:
            if by_id[signal_id].hit == wanted:
                return signal_id, question.probes[signal_id][0]
    if not f.concrete:
        return "concrete_example", CONCRETE_PROBE
    if not f.quantified:
        return "quantified_impact", NUMBERS_PROBE
    return None, REFLECTION_PROBE
