"""The offline grader: turns sentence-level evidence into a 1-5 score and feedback.

The score follows the rubric's scale (shared/SIGNALS.md): key signals shown with evidence,
then a concrete example, then numbers, reflection and stakeholders. Length earns nothing by
itself, labels earn nothing, and sentences addressed to the grader are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mock_interviewer.grading import text as t
from mock_interviewer.grading.evidence import SignalFinding, compiled_signals, find_evidence
from mock_interviewer.grading.feedback import follow_up_for, improvements, strengths
from mock_interviewer.models import Grade, HitStatus, Provenance, Question, SignalResult
from mock_interviewer.rubric import RubricPack

GRADER_VERSION = "offline-1.0"
CONCRETE, QUANTIFIED = "concrete_example", "quantified_impact"
BREADTH_SIGNALS = (
    "stakeholder_focus",
    "pm_collaboration",
    "challenge_reflection",
    "iterative_approach",
    "change_management",
)
BUZZ_STUFFED_PER_100_WORDS = 6.0
RAMBLING_RELEVANT_SHARE = 0.4
"""Below this share of on-the-job sentences (in answers of 3+ sentences) an answer rambles."""


@dataclass(frozen=True)
class Features:
    """Answer-level facts the score is built from, one place for `_score` to read."""

    words: int
    key_hits: int
    primary_hit: bool
    key_partials: int
    key_total: int
    concrete: bool
    quantified: bool
    breadth: int
    on_topic: bool
    rambling: bool
    injection: bool
    buzz_stuffed: bool


def _status(finding: SignalFinding, *, is_key: bool) -> HitStatus:
    if finding.strong:
        return "hit"
    if finding.hedged or finding.weak:
        return "partial"
    return "miss" if is_key else "not_probed"


def _on_topic(question: Question, answer: str, statuses: dict[str, HitStatus]) -> bool:
    if any(s in ("hit", "partial") for s in statuses.values()):
        return True
    lowered = answer.lower()
    return any(re.search(rf"\b{re.escape(word)}", lowered) for word in question.topic)


def _relevant_share(question: Question, sentences: list[t.Sentence], matched: set[int]) -> float:
    topic = [re.compile(rf"\b{re.escape(word)}", re.I) for word in question.topic]
    relevant = sum(
        1 for i, s in enumerate(sentences) if i in matched or any(p.search(s.text) for p in topic)
    )
    return relevant / len(sentences) if sentences else 0.0


def _features(
    question: Question,
    answer: str,
    statuses: dict[str, HitStatus],
    findings: dict[str, SignalFinding],
    *,
    injection: bool,
    relevant_share: float,
    sentences: int,
) -> Features:
    words = t.word_count(answer)
    buzz = t.buzzword_count(answer) * 100 / max(words, 1)
    # Cross-cutting signals (an example, a number) support an answer but do not answer the
    # question by themselves, so they count towards coverage only beside a core key signal.
    key = [s for s in question.key_signals if s not in (CONCRETE, QUANTIFIED)]
    key = key or question.key_signals
    actions = t.past_actions(answer)
    quantified = statuses.get(QUANTIFIED) == "hit"
    example_sentences = len(findings[CONCRETE].strong)
    concrete = statuses.get(CONCRETE) == "hit" and (
        example_sentences >= 2 or actions >= 2 or quantified
    )
    no_substance = not concrete and not quantified
    return Features(
        words=words,
        key_hits=sum(statuses[s] == "hit" for s in key),
        primary_hit=statuses[key[0]] == "hit",
        key_partials=sum(statuses[s] == "partial" for s in key),
        key_total=len(key),
        concrete=concrete,
        quantified=quantified,
        breadth=sum(statuses.get(s) == "hit" for s in BREADTH_SIGNALS if s not in key),
        on_topic=_on_topic(question, answer, statuses),
        rambling=sentences >= 3 and relevant_share < RAMBLING_RELEVANT_SHARE,
        injection=injection,
        buzz_stuffed=buzz >= BUZZ_STUFFED_PER_100_WORDS and no_substance,
    )


def _score(f: Features) -> int:
    """Map features onto the rubric's 1-5 scale (see the module docstring).

    A question's first key signal is what it mainly asks for: without it, an answer tops
    out at 3 however good its other evidence is.
    """
    if not f.on_topic or f.words < 3:
        return 1
    if f.rambling:
        return 2 if f.key_hits else 1
    if f.key_hits == 0:
        return 2 if (f.key_partials or f.concrete or f.words >= 25) else 1
    coverage = (f.key_hits + 0.5 * f.key_partials) / f.key_total
    if not f.concrete or not f.primary_hit:
        return 3
    if f.quantified and coverage >= 0.99 and (f.breadth >= 1 or f.key_total > 1):
        return 5
    return 4


def _results(
    question: Question, pack: RubricPack, findings: dict[str, SignalFinding]
) -> list[SignalResult]:
    results = []
    for signal_id in pack.signal_ids:
        finding = findings[signal_id]
        status = _status(finding, is_key=signal_id in question.key_signals)
        evidence = finding.strong or finding.hedged or finding.weak
        note = "hedged" if not finding.strong and finding.hedged else ""
        if finding.negated and status in ("miss", "not_probed"):
            note = "mentioned only in the negative"
        shown = evidence[:3] if status in ("hit", "partial") else []
        results.append(SignalResult(id=signal_id, hit=status, evidence=shown, note=note))
    return results


def grade_answer(pack: RubricPack, question_id: str, answer: str) -> Grade:
    """Grade one answer (or a question's answers joined) against the question's key signals."""
    question = pack.question(question_id)
    sentences = t.split_sentences(answer)
    kept = [s for s in sentences if not t.is_instruction_to_grader(s.text)]
    injection = len(kept) < len(sentences)
    findings, matched = find_evidence(kept, compiled_signals(pack))
    results = _results(question, pack, findings)
    statuses = {r.id: r.hit for r in results}
    considered = " ".join(s.text for s in kept)
    features = _features(
        question,
        considered,
        statuses,
        findings,
        injection=injection,
        relevant_share=_relevant_share(question, kept, matched),
        sentences=len(kept),
    )
    score = _score(features)
    if features.buzz_stuffed:
        score = min(score, 2)
        results = [_downgrade(r) for r in results]
    follow_signal, follow_text = follow_up_for(question, results, features)
    return Grade(
        question_id=question.id,
        score=score,
        signals=results,
        strengths=strengths(pack, question, results, features),
        improvements=improvements(pack, question, results, features),
        follow_up=follow_text,
        follow_up_signal=follow_signal,
        grader="offline",
        offline_score=score,
        notice="Instructions addressed to the grader were ignored." if injection else None,
        provenance=Provenance(
            rubric_id=pack.id,
            rubric_version=pack.rubric.version,
            rubric_hash=pack.short_hash,
            grader_version=GRADER_VERSION,
        ),
    )


def _downgrade(result: SignalResult) -> SignalResult:
    """Buzzword-stuffed answers get no hits: what matched was labels, not evidence."""
    if result.hit != "hit":
        return result
    return result.model_copy(update={"hit": "partial", "note": "buried in buzzwords"})
