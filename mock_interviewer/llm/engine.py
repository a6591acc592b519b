"""`LLMEngine`: the `Engine` protocol over an OpenAI-compatible server, never worse than offline.

Every call has a deadline. Whatever goes wrong (auth, transport, deadline, unusable output,
refusal) ends in the offline grade, the rubric's probe or the offline bridge to the next
question, with the reason in words in `Grade.notice` (and `engine.notice` for the
interviewer's lines). Configuration faults (bad key, unknown
model) and two transport failures in a row switch the LLM off for the rest of the session, so
the candidate does not wait out a dead server on every answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing

from mock_interviewer.config import Settings
from mock_interviewer.engine import EngineDefaults, offline_ask_line, word_chunks
from mock_interviewer.grading import grade_answer
from mock_interviewer.llm.client import ChatClient, Messages, UsageMeter
from mock_interviewer.llm.errors import LLMConfigError, LLMError, LLMTimeout, LLMUnavailable
from mock_interviewer.llm.hybrid import combine
from mock_interviewer.llm.interviewer import (
    follow_up_messages,
    neutral_bridge,
    transition_messages,
)
from mock_interviewer.llm.judge import Judge
from mock_interviewer.llm.prompts import Prompts, load_prompts
from mock_interviewer.models import Grade, TokenUsage
from mock_interviewer.rubric import RubricPack

OfflineGrader = Callable[[RubricPack, str, str], Grade]
FAILURES_BEFORE_OFF = 2


class LLMEngine(EngineDefaults):
    """Interviewer and judge over an OpenAI-compatible chat completions endpoint."""

    def __init__(
        self,
        settings: Settings,
        pack: RubricPack,
        *,
        prompts: Prompts | None = None,
        offline_grader: OfflineGrader = grade_answer,
    ) -> None:
        self.pack = pack
        self.settings = settings
        self.notice: str | None = None
        self._prompts = prompts or load_prompts()
        self._client = ChatClient(settings)
        self._judge = Judge(self._client, self._prompts.judge, pack)
        self._offline_grader = offline_grader
        self._meter = UsageMeter()
        self._off_reason: str | None = None
        self._failures = 0

    @property
    def name(self) -> str:
        return self.settings.model

    @property
    def usage(self) -> TokenUsage:
        return self._meter.total

    @property
    def llm_off(self) -> str | None:
        """Why the LLM is switched off for this session, or None while it is in use."""
        return self._off_reason

    def preliminary_grade(self, question_id: str, answer: str) -> Grade:
        """The immediate offline grade: show it at once, the judge's grade replaces it later."""
        return self._offline_grader(self.pack, question_id, answer)

    async def grade(self, question_id: str, answer: str) -> Grade:
        question = self.pack.question(question_id)
        offline = await asyncio.to_thread(self.preliminary_grade, question_id, answer)
        if self._off_reason is not None:
            return self._fallback(offline, self._off_reason, TokenUsage())
        meter = UsageMeter(self._meter)
        try:
            async with asyncio.timeout(self.settings.deadline):
                verdict = await self._judge.run(question, answer, meter)
        except TimeoutError:
            return self._failed(offline, self._deadline_error(), meter.total)
        except LLMError as exc:
            return self._failed(offline, exc, meter.total)
        self._failures = 0
        return combine(
            question,
            offline,
            verdict,
            model=self.settings.model,
            prompt_version=self._prompts.judge.tag,
            usage=meter.total,
        )

    def follow_up(self, question_id: str, answer: str, grade: Grade) -> AsyncIterator[str]:
        if self._off_reason is not None or grade.follow_up_signal is None:
            return word_chunks(grade.follow_up)
        question = self.pack.question(question_id)
        messages = follow_up_messages(self._prompts, self.pack, question, answer, grade)
        return self._llm_line(
            self._deadlined(self._stream(messages)),
            grade.follow_up,
            empty="The LLM sent an empty follow-up.",
            instead="The interviewer used the rubric's probe instead.",
        )

    def ask(self, question_id: str, previous: tuple[str, str] | None) -> AsyncIterator[str]:
        """The model's bridge, then the question verbatim. Without an answer to bridge from
        (the first question, a skipped one) the offline line needs no call."""
        offline = offline_ask_line(self.pack, question_id, previous)
        if self._off_reason is not None or previous is None or not previous[1].strip():
            return word_chunks(offline)
        question = self.pack.question(question_id)
        messages = transition_messages(self._prompts, self.pack, previous, question)
        return self._llm_line(
            neutral_bridge(self._deadlined(self._stream(messages))),
            offline,
            empty="The LLM sent no bridge to the next question.",
            instead="The interviewer used its own bridge to the next question.",
            then=question.text,
        )

    def _stream(self, messages: Messages) -> AsyncGenerator[str, None]:
        """An interviewer line over SSE, its tokens counted in the engine's meter."""
        temperature = self._prompts.interviewer.temperature
        return self._client.stream(messages, temperature=temperature, meter=self._meter)

    async def _deadlined(self, tokens: AsyncGenerator[str, None]) -> AsyncGenerator[str, None]:
        """The tokens, with the whole stream (not each token) under the per-call deadline."""
        deadline = asyncio.get_running_loop().time() + self.settings.deadline
        async with aclosing(tokens):
            while True:
                try:
                    async with asyncio.timeout_at(deadline):
                        token = await anext(tokens)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    raise self._deadline_error() from None
                yield token

    async def _llm_line(
        self,
        tokens: AsyncGenerator[str, None],
        offline: str,
        *,
        empty: str,
        instead: str,
        then: str = "",
    ) -> AsyncIterator[str]:
        """Stream the model's line, then `then`; on any failure the offline line instead.

        A line that broke midway stays, and the whole offline line follows it, so the
        candidate always ends up with something complete to answer.
        """
        said = False
        failure: LLMError | None = None
        async with aclosing(tokens):
            try:
                async for token in tokens:
                    said = True
                    yield token
            except LLMError as exc:
                failure = exc
        if failure is None and said:
            self._failures = 0
            if then:
                yield "\n\n"
                async for word in word_chunks(then):
                    yield word
            return
        failure = failure or LLMUnavailable(empty)
        self._record(failure)
        self.notice = f"{failure} {instead}"
        if said:
            yield "\n\n"
        async for word in word_chunks(offline):
            yield word

    async def aclose(self) -> None:
        """Release the HTTP connection pool (the app calls this on exit)."""
        await self._client.aclose()

    def _deadline_error(self) -> LLMTimeout:
        return LLMTimeout(f"No usable reply from the LLM within {self.settings.deadline:g} s.")

    def _record(self, exc: LLMError) -> None:
        """Count the failure; switch the LLM off when retrying cannot help."""
        if isinstance(exc, LLMConfigError):
            self._off_reason = str(exc)
        elif isinstance(exc, LLMUnavailable):
            self._failures += 1
            if self._failures >= FAILURES_BEFORE_OFF:
                self._off_reason = f"{exc} The LLM is off for the rest of this session."

    def _failed(self, offline: Grade, exc: LLMError, usage: TokenUsage) -> Grade:
        self._record(exc)
        return self._fallback(offline, str(exc), usage)

    def _fallback(self, offline: Grade, reason: str, usage: TokenUsage) -> Grade:
        self.notice = f"{reason} Showing the offline grade."
        notice = " ".join(n for n in (self.notice, offline.notice) if n)
        return offline.model_copy(update={"notice": notice, "usage": usage})
