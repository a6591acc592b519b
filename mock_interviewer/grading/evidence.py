"""Find evidence for each rubric signal, sentence by sentence.

A sentence is evidence when one of the signal's cues matches it, no negation governs the
match, and the sentence is substance rather than labels (buzzwords with nothing concrete).
Hedged matches and weak cues only earn a 'partial'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mock_interviewer.grading import text as t
from mock_interviewer.models import Evidence, Signal
from mock_interviewer.rubric import RubricPack

MAX_QUOTE = 240


@dataclass(frozen=True)
class CompiledSignal:
    id: str
    cues: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...]


@dataclass
class SignalFinding:
    """What the sentences said about one signal before it becomes a SignalResult."""

    strong: list[Evidence] = field(default_factory=list)
    hedged: list[Evidence] = field(default_factory=list)
    weak: list[Evidence] = field(default_factory=list)
    negated: int = 0


def _compile(signal: Signal) -> CompiledSignal:
    return CompiledSignal(
        id=signal.id,
        cues=tuple(re.compile(p, re.I) for p in signal.cues),
        weak=tuple(re.compile(p, re.I) for p in signal.weak_cues),
    )


_COMPILED: dict[str, tuple[CompiledSignal, ...]] = {}


def compiled_signals(pack: RubricPack) -> tuple[CompiledSignal, ...]:
    """Compile a pack's cues once per pack content (keyed by its hash)."""
    if pack.sha256 not in _COMPILED:
        _COMPILED[pack.sha256] = tuple(_compile(s) for s in pack.rubric.signals)
    return _COMPILED[pack.sha256]


def _quote(sentence: t.Sentence, match: re.Match[str]) -> Evidence:
    """The sentence, or for a very long one a window around the match, as an exact substring."""
    if len(sentence.text) <= MAX_QUOTE:
        return Evidence(quote=sentence.text, start=sentence.start, end=sentence.end)
    lo = max(0, match.start() - 80)
    hi = min(len(sentence.text), match.end() + 80)
    lo = sentence.text.rfind(" ", 0, lo) + 1 if lo else 0
    space = sentence.text.find(" ", hi)
    hi = space if space != -1 else len(sentence.text)
    quote = sentence.text[lo:hi].strip()
    start = sentence.start + sentence.text.index(quote, lo)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def is_substantive(sentence: str) -> bool:
    """Labels without substance ("I'm a data-driven, stakeholder-obsessed self-starter") are
    not evidence: two or more buzzwords and nothing concrete disqualifies a sentence."""
    buzz = t.buzzword_count(sentence)
    if buzz < 2:
        return True
    concrete = t.has_number(sentence) or t.past_actions(sentence) > 0
    return concrete and buzz * 6 < t.word_count(sentence)


def find_evidence(
    sentences: list[t.Sentence], signals: tuple[CompiledSignal, ...]
) -> tuple[dict[str, SignalFinding], set[int]]:
    """Per-signal findings, and the indexes of sentences that matched any cue at all
    (how much of the answer is about the job, which separates rambling from substance)."""
    findings = {s.id: SignalFinding() for s in signals}
    matched: set[int] = set()
    for index, sentence in enumerate(sentences):
        if not is_substantive(sentence.text):
            continue
        is_hedged = t.hedged(sentence.text)
        # "I'm very data-driven" names a signal; it is not even a hint of one.
        labelled = t.buzzword_count(sentence.text) > 0
        before = sum(len(f.strong) + len(f.hedged) + len(f.weak) for f in findings.values())
        for signal in signals:
            finding = findings[signal.id]
            for cue in signal.cues:
                match = cue.search(sentence.text)
                if match is None:
                    continue
                if t.negated_before(sentence.text, match.start()):
                    finding.negated += 1
                    continue
                (finding.hedged if is_hedged else finding.strong).append(_quote(sentence, match))
                break
            else:
                if labelled:
                    continue
                for cue in signal.weak:
                    match = cue.search(sentence.text)
                    if match and not t.negated_before(sentence.text, match.start()):
                        finding.weak.append(_quote(sentence, match))
                        break
        if sum(len(f.strong) + len(f.hedged) + len(f.weak) for f in findings.values()) > before:
            matched.add(index)
    return findings, matched
