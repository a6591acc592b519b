"""Combine the judge's verdict with the offline grade by fixed rules, so a grade is explainable.

The rules:
- A key signal takes whichever grader's call is stronger; both need quoted evidence, so a
  stronger call is a better-evidenced one. Every signal says which grader made it.
- The judge's score is capped by its own evidence: without a verified quote for any key
  signal it may lower the offline score but never raise it ("no quote, no raise"); without
  a key-signal hit it cannot exceed 3.
- The offline grade is the cross-check: the final score stays within one point of it.
  A gap of 2 or more between the raw judge score and the offline score is flagged.
- `grader` is "llm" when the judge's score stood unchanged, "hybrid" when the rules moved it.
"""

from __future__ import annotations

from mock_interviewer.llm.judge import Verdict
from mock_interviewer.models import Grade, HitStatus, Question, SignalResult, TokenUsage

DISAGREEMENT = 2
_RANK: dict[HitStatus, int] = {"not_probed": 0, "miss": 1, "partial": 2, "hit": 3}


def evidence_cap(judged: list[SignalResult], offline_score: int) -> int:
    statuses = {s.hit for s in judged}
    if "hit" in statuses:
        return 5
    return 3 if "partial" in statuses else offline_score


def merge_signals(offline: list[SignalResult], judged: list[SignalResult]) -> list[SignalResult]:
    by_id = {s.id: s for s in judged}
    merged = []
    for result in offline:
        llm = by_id.pop(result.id, None)
        merged.append(result if llm is None or _RANK[result.hit] > _RANK[llm.hit] else llm)
    return merged + list(by_id.values())


def _follow_up(
    question: Question, offline: Grade, signals: list[SignalResult]
) -> tuple[str | None, str]:
    """Re-aim the follow-up when the merged signals moved the weakest key signal."""
    by_id = {s.id: s.hit for s in signals}
    weakest = min(question.key_signals, key=lambda s: _RANK[by_id.get(s, "not_probed")])
    if by_id.get(weakest) == "hit" or weakest == offline.follow_up_signal:
        return offline.follow_up_signal, offline.follow_up
    return weakest, question.probes[weakest][0]


def combine(
    question: Question,
    offline: Grade,
    verdict: Verdict,
    *,
    model: str,
    prompt_version: str,
    usage: TokenUsage,
) -> Grade:
    signals = merge_signals(offline.signals, verdict.signals)
    capped = min(verdict.score, evidence_cap(verdict.signals, offline.score))
    score = max(offline.score - 1, min(offline.score + 1, capped))
    follow_signal, follow_text = _follow_up(question, offline, signals)
    notices = [offline.notice] if offline.notice else []
    if verdict.dropped:
        notices.append(
            f"The LLM judge cited {len(verdict.dropped)} quote(s) that are not in your answer; "
            "they were dropped."
        )
    return Grade(
        question_id=question.id,
        score=score,
        signals=signals,
        strengths=verdict.strengths or offline.strengths,
        improvements=verdict.improvements or offline.improvements,
        follow_up=follow_text,
        follow_up_signal=follow_signal,
        grader="llm" if score == verdict.score else "hybrid",
        offline_score=offline.score,
        llm_score=verdict.score,
        disagreement=abs(verdict.score - offline.score) >= DISAGREEMENT,
        notice=" ".join(notices) or None,
        usage=usage,
        provenance=offline.provenance.model_copy(
            update={"prompt_version": prompt_version, "model": model}
        ),
    )
