"""Pydantic shapes shared by every layer: rubric packs, grades, sessions, LLM outputs.

No I/O lives here, so the grader, the LLM layer, the store and the UI can all import it
without pulling in each other.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Level = Literal["common", "advanced"]
HitStatus = Literal["hit", "partial", "miss", "not_probed"]
GraderName = Literal["offline", "llm", "hybrid"]
SCHEMA_VERSION = 1


def utcnow() -> datetime:
    """Timezone-aware now, so saved timestamps compare and sort across machines."""
    return datetime.now(UTC)


class Strict(BaseModel):
    """Base for data read from files: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- rubric packs


class Signal(Strict):
    """One thing interviewers listen for, with the cues the offline grader matches."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    anchors: list[str] = Field(min_length=5, max_length=5, description="1-5 score anchors")
    cues: list[str] = Field(
        min_length=1,
        description="Regular expressions; a sentence matching one is evidence for the signal.",
    )
    weak_cues: list[str] = Field(
        default_factory=list,
        description="Patterns that only suggest the signal: worth a 'partial' on their own.",
    )

    @field_validator("cues", "weak_cues")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return patterns


class Question(Strict):
    """A question from the bank, with what a strong answer shows and how to probe for it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=1)
    level: Level
    key_signals: list[str] = Field(min_length=1)
    probes: dict[str, list[str]] = Field(
        description="Follow-up probes keyed by signal id; every key signal has at least one."
    )
    outline: list[str] = Field(min_length=1, description="Points a strong answer covers.")
    topic: list[str] = Field(
        default_factory=list,
        description="Words that show an answer is about this question at all.",
    )

    @model_validator(mode="after")
    def _probe_every_key_signal(self) -> Question:
        missing = [s for s in self.key_signals if not self.probes.get(s)]
        if missing:
            raise ValueError(f"key signals without a probe: {', '.join(missing)}")
        return self


class Rubric(Strict):
    """A rubric pack: the role, its score scale, its signals and its question bank."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    version: str
    role: str
    scale: list[str] = Field(min_length=5, max_length=5, description="Meaning of scores 1-5")
    signals: list[Signal] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_resolve(self) -> Rubric:
        signal_ids = [s.id for s in self.signals]
        question_ids = [q.id for q in self.questions]
        for kind, ids in (("signal", signal_ids), ("question", question_ids)):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} ids: {', '.join(dupes)}")
        known = set(signal_ids)
        for q in self.questions:
            unknown = [s for s in [*q.key_signals, *q.probes] if s not in known]
            if unknown:
                raise ValueError(f"question {q.id!r} names unknown signals: {', '.join(unknown)}")
        return self


# --------------------------------------------------------------------------- grades


class Evidence(BaseModel):
    """A quote from the answer. start/end index the answer, so a quote is always verifiable."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SignalResult(BaseModel):
    id: str
    hit: HitStatus
    evidence: list[Evidence] = Field(default_factory=list)
    grader: GraderName = "offline"
    note: str = ""


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
        )


class Provenance(BaseModel):
    """Which rubric, prompt and model made a grade: grades from different setups don't mix."""

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    grader_version: str
    prompt_version: str | None = None
    model: str | None = None


class Grade(BaseModel):
    """Feedback on one answer (a question's answer plus any follow-up answers)."""

    question_id: str
    score: int = Field(ge=1, le=5)
    signals: list[SignalResult]
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    follow_up: str = ""
    follow_up_signal: str | None = None
    grader: GraderName = "offline"
    offline_score: int | None = Field(default=None, ge=1, le=5)
    llm_score: int | None = Field(default=None, ge=1, le=5)
    disagreement: bool = False
    notice: str | None = Field(default=None, description="Why the grade is not what was asked for")
    usage: TokenUsage | None = None
    provenance: Provenance

    def signal(self, signal_id: str) -> SignalResult | None:
        return next((s for s in self.signals if s.id == signal_id), None)


# --------------------------------------------------------------------------- sessions

Role = Literal["interviewer", "candidate"]
TurnKind = Literal["question", "follow_up", "transition", "answer", "skip"]
Mode = Literal["interview", "practice"]


class Turn(BaseModel):
    role: Role
    kind: TurnKind
    text: str
    at: datetime = Field(default_factory=utcnow)


class QuestionRecord(BaseModel):
    """Everything said about one question: the ask, answers, follow-ups and the grade."""

    question_id: str
    turns: list[Turn] = Field(default_factory=list)
    grade: Grade | None = None
    skipped: bool = False
    answer_seconds: float = 0.0

    @property
    def answers(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "candidate" and t.kind == "answer"]

    @property
    def follow_ups_asked(self) -> int:
        return sum(1 for t in self.turns if t.kind == "follow_up")


class InterviewPlan(BaseModel):
    question_ids: list[str]
    max_follow_ups: int = Field(default=1, ge=0, le=5)
    level: Literal["common", "advanced", "mixed"] = "common"
    shuffle_seed: int | None = None


class Session(BaseModel):
    """One interview or practice run, saved after every event."""

    schema_version: int = SCHEMA_VERSION
    id: str
    mode: Mode
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    rubric_id: str
    rubric_hash: str
    engine: str = "offline"
    plan: InterviewPlan
    records: list[QuestionRecord] = Field(default_factory=list)
    draft: str = Field(default="", description="Answer being typed, saved every few seconds")
    finished: bool = False
    usage: TokenUsage = Field(default_factory=TokenUsage)

    @property
    def graded(self) -> list[QuestionRecord]:
        return [r for r in self.records if r.grade is not None]

    @property
    def mean_score(self) -> float | None:
        scores = [r.grade.score for r in self.records if r.grade is not None]
        return sum(scores) / len(scores) if scores else None
