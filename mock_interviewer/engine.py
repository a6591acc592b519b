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

    def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        """Stream the line that asks a question: at most a short bridge, then the question's
        text verbatim (it is the rubric's, and the grade is measured against it).

        `previous` is (question_id, the candidate's last answer to it, '' if skipped), or None
        for the first question.
        """
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

    pack: RubricPack
    notice: str | None = None

    def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        """Just the question, so an engine without a voice of its own still streams it."""
        return word_chunks(self.pack.question(question_id).text)

    def preliminary_grade(self, question_id: str, answer: str) -> Grade | None:
        return None

    async def aclose(self) -> None:
        return None


async def word_chunks(text: str) -> AsyncIterator[str]:
    """Yield a ready-made line word by word, so offline and LLM lines stream the same way."""
    for word in text.split(" "):
        yield word + " "


BRIDGES = (
    "Thanks. Next question.",
    "Thank you. Let's move on.",
    "Okay, let's turn to something different.",
    "Thanks for that. Here is the next one.",
)
AFTER_A_SKIP = "Let's move on to the next question."


def offline_bridge(pack: RubricPack, question_id: str, previous: tuple[str, str] | None) -> str:
    """The offline engine's bridge into a question: '' before the first (the greeting opens
    the interview). Neutral on purpose: an interviewer does not grade aloud. Picked by the
    question's place in the pack, so a session reads the same every time yet varies."""
    if previous is None:
        return ""
    if not previous[1].strip():
        return AFTER_A_SKIP
    position = [q.id for q in pack.questions].index(question_id)
    return BRIDGES[position % len(BRIDGES)]


def offline_ask_line(pack: RubricPack, question_id: str, previous: tuple[str, str] | None) -> str:
    """The whole offline line: the bridge, a blank line, then the question verbatim."""
    bridge = offline_bridge(pack, question_id, previous)
    question = pack.question(question_id).text
    return f"{bridge}\n\n{question}" if bridge else question


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
        return word_chunks(grade.follow_up)

    def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        return word_chunks(offline_ask_line(self.pack, question_id, previous))
