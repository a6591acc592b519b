"""The one place that talks to an OpenAI-compatible server.

Transport failures (429, 5xx, timeouts, connection) belong to the SDK's own `max_retries`,
which honours Retry-After; whatever is left over is mapped once, here, into `llm.errors`.
Semantic failures (bad JSON, bad quotes) are the judge's business, so this layer just hands
back the text. Structured calls send a JSON schema first and drop to JSON mode for good if the
server rejects schemas; either way the caller validates the reply itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from mock_interviewer.config import Settings
from mock_interviewer.llm.errors import LLMError, LLMRefusal, LLMUnavailable, map_sdk_error
from mock_interviewer.models import TokenUsage

log = logging.getLogger(__name__)

MAX_RETRIES = 2
Messages = list[ChatCompletionMessageParam]


class UsageMeter:
    """Counts tokens for one grade and, through its parent, for the whole engine."""

    def __init__(self, parent: UsageMeter | None = None) -> None:
        self.total = TokenUsage()
        self._parent = parent

    def add(self, usage: TokenUsage) -> None:
        self.total = self.total + usage
        if self._parent is not None:
            self._parent.add(usage)


@dataclass(frozen=True)
class Reply:
    """A completed (non-streamed) reply; `truncated` when the token limit cut it off."""

    content: str
    truncated: bool


def _usage(raw: Any, *, calls: int) -> TokenUsage:
    if raw is None:
        return TokenUsage(calls=calls)
    return TokenUsage(
        prompt_tokens=raw.prompt_tokens or 0,
        completion_tokens=raw.completion_tokens or 0,
        calls=calls,
    )


class ChatClient:
    """An `AsyncOpenAI` with an explicit timeout and retry budget, and our error tree."""

    def __init__(self, settings: Settings) -> None:
        self.model = settings.model
        self.base_url = settings.endpoint
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None
        self._sdk = openai.AsyncOpenAI(
            api_key=settings.key_for_client(),
            base_url=settings.endpoint,
            timeout=settings.timeout,
            max_retries=MAX_RETRIES,
        )
        self._schemas_supported = True

    def _error(self, exc: openai.OpenAIError | httpx.HTTPError) -> LLMError:
        return map_sdk_error(exc, base_url=self.base_url, model=self.model, api_key=self._secret)

    async def complete_json(
        self,
        messages: Messages,
        *,
        schema_name: str,
        schema: dict[str, Any],
        temperature: float | None,
        meter: UsageMeter,
    ) -> Reply:
        """One structured call: JSON-schema response format, or JSON mode on servers without it."""
        schema_format = {
            "type": "json_schema",
            "json_schema": {"name": schema_name, "strict": True, "schema": schema},
        }
        extra = {} if temperature is None else {"temperature": temperature}
        completion: ChatCompletion | None = None
        try:
            if self._schemas_supported:
                try:
                    completion = await self._sdk.chat.completions.create(
                        model=self.model, messages=messages, response_format=schema_format, **extra
                    )
                except openai.BadRequestError as exc:
                    log.info("server rejected a JSON schema (%s); using JSON mode", exc.status_code)
                    self._schemas_supported = False
            if completion is None:
                completion = await self._sdk.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format={"type": "json_object"},
                    **extra,
                )
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise self._error(exc) from None
        meter.add(_usage(completion.usage, calls=1))
        if not completion.choices:
            return Reply(content="", truncated=False)
        choice = completion.choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal:
            raise LLMRefusal(f"The model declined to grade this answer: {refusal[:200]}")
        if choice.finish_reason == "content_filter":
            raise LLMRefusal("The model's content filter stopped the reply.")
        return Reply(
            content=choice.message.content or "", truncated=choice.finish_reason == "length"
        )

    async def stream(
        self, messages: Messages, *, temperature: float | None, meter: UsageMeter
    ) -> AsyncGenerator[str, None]:
        """Stream text deltas (SSE); usage arrives in the last chunk when the server sends it."""
        extra = {} if temperature is None else {"temperature": temperature}
        try:
            response = await self._sdk.chat.completions.create(
                model=self.model,
                messages=messages,
                stream=True,
                stream_options={"include_usage": True},
                **extra,
            )
            meter.add(TokenUsage(calls=1))
            async with response as chunks:
                async for chunk in chunks:
                    if chunk.usage is not None:
                        meter.add(_usage(chunk.usage, calls=0))
                    for choice in chunk.choices:
                        if getattr(choice.delta, "refusal", None):
                            raise LLMRefusal("The model declined to write the interviewer's line.")
                        if choice.delta.content:
                            yield choice.delta.content
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise self._error(exc) from None
        except json.JSONDecodeError:
            raise LLMUnavailable(
                f"The LLM server at {self.base_url} sent a garbled stream."
            ) from None

    async def aclose(self) -> None:
        await self._sdk.close()
