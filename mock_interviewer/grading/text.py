"""Sentence-level text analysis for the offline grader: splitting with offsets, negation,
hedging, buzzwords, concreteness markers and instructions aimed at the grader."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its offsets in the answer, so every quote is an exact substring."""

    text: str
    start: int
    end: int


def split_sentences(answer: str) -> list[Sentence]:
    """Split on sentence punctuation and line breaks, keeping offsets and dropping blanks.

    Bullet markers and surrounding spaces are trimmed from each span, and decimal points
    ("2.5 days") do not end a sentence.
    """
    sentences: list[Sentence] = []
    pos = 0
    for piece in re.split(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9•\-*])|\n+", answer):
        start = answer.find(piece, pos)
        pos = start + len(piece)
        stripped = piece.strip().lstrip("-*•·").strip()
        if not stripped or not re.search(r"[A-Za-z]", stripped):
            continue
        offset = start + piece.find(stripped)
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
    return sentences


_NEGATION = re.compile(
    r"\b(not|never|no|nor|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|won'?t|wouldn'?t|"
    r"can'?t|cannot|couldn'?t|isn'?t|wasn'?t|aren'?t|weren'?t|rarely|barely|hardly|neither|"
    r"nothing|nobody|none)\b|n['’]t\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\b(but|although|though|however|whereas|and then|so)\b", re.I)


def negated_before(sentence: str, match_start: int) -> bool:
    """True when a negation governs the match: it appears earlier in the same clause."""
    prefix = sentence[:match_start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(prefix)]
    clause = prefix[breaks[-1] :] if breaks else prefix
    return bool(_NEGATION.search(clause))


_HEDGE = re.compile(
    r"\b(i guess|i suppose|maybe|perhaps|probably|possibly|kind of|sort of|kinda|i'?m not sure|"
    r"not sure|hopefully|i think i might|might try|could try|in theory|i haven'?t really|"
    r"i imagine|i'd hope|i would hope)\b",
    re.I,
)


def hedged(sentence: str) -> bool:
    return bool(_HEDGE.search(sentence))


BUZZWORDS = re.compile(
    r"\b(synerg\w*|leverag\w*|data[- ]driven|data[- ]first|"
    r"stakeholder[- ](focused|centric|obsessed)|"
    r"customer[- ](centric|obsessed)|best[- ]in[- ]class|world[- ]class|best practices|holistic\w*|"
    r"paradigm\w*|move the needle|needle[- ]moving|circle back|game[- ]chang\w*|cutting[- ]edge|"
    r"value[- ]add\w*|win[- ]win|results[- ]oriented|detail[- ]oriented|self[- ]starter|"
    r"growth mindset|outside the box|low[- ]hanging fruit|empower\w*|seamless\w*|robust|"
    r"end[- ]to[- ]end|360|disrupt\w*|innovativ\w*|dynamic|proactiv\w*|strategic\w*|impactful|"
    r"passionate|passion|excellence|synergistic|agile mindset|mindset|ecosystem|deep[- ]dive|"
    r"actionable|next[- ]level|thought leader\w*|transformation\w*|visionary|"
    r"operational excellence|"
    r"drive results|add value|key stakeholders|rockstar|ninja|unlock\w*|supercharg\w*)\b",
    re.I,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)?")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def buzzword_count(text: str) -> int:
    return len(BUZZWORDS.findall(text))


_PAST_ACTION = re.compile(
    r"\b(i|we|my team)\s+((\w+ly|also|then|just|actually|eventually|finally|quickly|once|even)\s+)?"
    r"(\w{3,}ed|built|ran|led|wrote|made|took|met|sat|spent|found|set|put|cut|began|brought|got|"
    r"gave|saw|chose|drove|grew|won|sold|taught|told|kept|held|left|heard|read|sent|shipped|"
    r"stood|split|went|did|had|rolled|pulled|moved|ended up)\b",
    re.I,
)

_NUMBER = re.compile(
    r"(?<![\w.])(\$?\d+(?:[.,]\d+)?\s?(%|x\b|k\b|m\b)?|\bhalf\b|\bdoubled?\b)", re.I
)


def past_actions(text: str) -> int:
    """First-person past-tense actions: the grammar of a real example, not a hypothetical."""
    return len(_PAST_ACTION.findall(text))


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rubric|criteria|"
    r"prompt|rules|above|previous|grading|scoring)\b|"
    r"\b(give|award|assign|grant|rate|score|grade|mark|output)\b.{0,30}"
    r"\b(5|five|full marks|top (score|marks)|perfect|maximum|highest|10/10|5/5)\b|"
    r"\b(mark|flag|count|include)\w*\b.{0,20}\b(all|every) (the )?signals?\b|"
    r"\bsatisf\w* (all|every) (the )?(rubric )?(criteri|signal)\w*|"
    r"\b(note|message|instruction)s? (to|for) (the )?(ai|model|grader|evaluator|judge|reviewer|"
    r"assessor|scorer|llm)\b|"
    r"\b(grader|evaluator|judge|assessor|scorer|llm|system|assistant)\s*:|"
    r"\b(you are|act as|pretend)\b.{0,30}\b(grader|judge|evaluator|model|assistant|ai)\b|"
    r"\bsystem prompt\b|\bas an ai\b|</?(system|instructions?|answer)>",
    re.I,
)


def is_instruction_to_grader(sentence: str) -> bool:
    """Instructions inside an answer are content for the interviewer, never commands."""
    return bool(INJECTION.search(sentence))
