"""The engine seam between the interview flow and whatever produces interviewer lines and grades.

The flow, the TUI and plain mode talk only to `Engine`; the offline engine (rubric probes and
the offline grader) and the LLM engine (in `llm/`) both implement it, and tests pass fakes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Protocol

from mock_interviewer.grading import grade_answer
from mock_interviewer.models import Grade, TokenUsage
from mock_interviewer.rubric import RubricPack


class Engine(Protocol):
    """Produces grades and interviewer lines for one rubric pack."""

    pack: RubricPack

    @property
    def name(self) -> str:
        """Shown to the user: 'offline' or the model name."""
        ...

    @property
    def usage(self) -> TokenUsage:
        """Tokens spent so far by this engine (zero offline)."""
        ...

    async def grade(self, question_id: str, answer: str) -> Grade:
        """Grade everything the candidate said about one question. Never raises for LLM faults:
        it falls back to the offline grade and says so in `Grade.notice`."""
        ...

    def follow_up(self, question_id: str, answer: str, grade: Grade) -> AsyncIterator[str]:
        """Stream the interviewer's follow-up, aimed at the weakest key signal."""
        ...

    notice: str | None
    """The latest fallback reason (a follow-up that used the rubric's probe), for the UI."""

    def preliminary_grade(self, question_id: str, answer: str) -> Grade | None:
        """An instant grade to show while `grade` is on its way; None when `grade` is instant."""
        ...

    async def aclose(self) -> None:
        """Release connections when the app ends."""
        ...


class EngineDefaults:
    """The optional parts of `Engine` for engines that have nothing to add (offline, fakes)."""

    notice: str | None = None

    def preliminary_grade(self, question_id: str, answer: str) -> Grade | None:
        return None

    async def aclose(self) -> None:
        return None


async def _chunks(text: str) -> AsyncIterator[str]:
    """Yield a ready-made line word by word, so offline and LLM lines stream the same way."""
    for word in text.split(" "):
        yield word + " "


class OfflineEngine(EngineDefaults):
    """Deterministic interviewer and grader: no network, the default on a fresh machine."""

    def __init__(self, pack: RubricPack) -> None:
        self.pack = pack

    @property
    def name(self) -> str:
        return "offline"

    @property
    def usage(self) -> TokenUsage:
        return TokenUsage()

    async def grade(self, question_id: str, answer: str) -> Grade:
        """In a worker thread: a few milliseconds, but never on the UI's event loop."""
        return await asyncio.to_thread(grade_answer, self.pack, question_id, answer)

    def follow_up(self, question_id: str, answer: str, grade: Grade) -> AsyncIterator[str]:
        return _chunks(grade.follow_up)
