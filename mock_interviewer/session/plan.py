"""Build interview plans and new sessions from a rubric pack and the user's options.

Kept apart from the flow so the TUI setup screen and the CLI share one set of rules for
"which questions, in which order" and the flow only ever sees a finished plan.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from mock_interviewer.errors import UsageError
from mock_interviewer.models import InterviewPlan, Mode, Question, Session, utcnow
from mock_interviewer.rubric import RubricPack

PlanLevel = Literal["common", "advanced", "mixed"]
DEFAULT_QUESTIONS = 6


@dataclass(frozen=True)
class PlanOptions:
    """What the interview setup asks for (the TUI form and `interview` flags map onto this)."""

    questions: int = DEFAULT_QUESTIONS
    level: PlanLevel = "common"
    shuffle: bool = False
    seed: int | None = None
    follow_ups: bool = True
    max_follow_ups: int = 1


def _pick(pool: list[Question], n: int, rng: random.Random | None) -> list[Question]:
    """First n in guide order, or a seeded sample that keeps the draw reproducible."""
    return rng.sample(pool, n) if rng else pool[:n]


def build_plan(pack: RubricPack, options: PlanOptions) -> InterviewPlan:
    """Choose the questions. Mixed takes half common (rounded up), half advanced, common first
    in guide order, since a real interview warms up before it goes deep."""
    if options.questions < 1:
        raise UsageError("the number of questions must be at least 1")
    common = [q for q in pack.questions if q.level == "common"]
    advanced = [q for q in pack.questions if q.level == "advanced"]
    if options.level == "mixed":
        wanted = {"common": (options.questions + 1) // 2, "advanced": options.questions // 2}
    else:
        wanted = {options.level: options.questions}
    pools = {"common": common, "advanced": advanced}
    for level, n in wanted.items():
        if n > len(pools[level]):
            raise UsageError(
                f"asked for {options.questions} {options.level} questions ({n} {level}), "
                f"but the {pack.id} pack has {len(pools[level])} {level} questions"
            )
    seed = None
    rng = None
    if options.shuffle:
        seed = options.seed if options.seed is not None else secrets.randbelow(2**31)
        rng = random.Random(seed)
    chosen = [q for level, n in wanted.items() for q in _pick(pools[level], n, rng)]
    if rng:
        rng.shuffle(chosen)
    return InterviewPlan(
        question_ids=[q.id for q in chosen],
        max_follow_ups=options.max_follow_ups if options.follow_ups else 0,
        level=options.level,
        shuffle_seed=seed,
    )


def new_session_id(now: datetime) -> str:
    """Sortable by time and unique enough for one user's machine; safe as a file name."""
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def new_session(
    pack: RubricPack,
    plan: InterviewPlan,
    *,
    mode: Mode = "interview",
    engine: str = "offline",
    clock: Callable[[], datetime] = utcnow,
) -> Session:
    now = clock()
    return Session(
        id=new_session_id(now),
        mode=mode,
        created_at=now,
        updated_at=now,
        rubric_id=pack.id,
        rubric_hash=pack.sha256,
        engine=engine,
        plan=plan,
    )


def new_practice_session(
    pack: RubricPack,
    question_id: str,
    *,
    engine: str = "offline",
    clock: Callable[[], datetime] = utcnow,
) -> Session:
    """One question, no follow-ups: practice shows the follow-up as feedback instead."""
    question = pack.question(question_id)
    plan = InterviewPlan(question_ids=[question.id], max_follow_ups=0, level=question.level)
    return new_session(pack, plan, mode="practice", engine=engine, clock=clock)
