"""OpenAI-compatible reply bodies for tests, Pilot tests and the pipeline benchmark.

Tests mock the HTTP layer with respx and serve these bodies, so the real SDK parses them;
the benchmark's fake server serves the same bodies over a socket.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest


def chat_completion(
    content: str | None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str = "fake-model",
    prompt_tokens: int = 120,
    completion_tokens: int = 40,
) -> dict[str, Any]:
    """A non-streamed /chat/completions body."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def sse_stream(
    tokens: Sequence[str],
    *,
    model: str = "fake-model",
    prompt_tokens: int = 80,
    completion_tokens: int | None = None,
) -> bytes:
    """A streamed body: one `data:` event per token, a usage chunk, then `[DONE]`."""

    def event(payload: dict[str, Any]) -> str:
        return f"data: {json.dumps(payload)}\n\n"

    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": model}
    events = [
        event({**base, "choices": [{"index": 0, "delta": {"content": t}, "finish_reason": None}]})
        for t in tokens
    ]
    events.append(event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    used = len(tokens) if completion_tokens is None else completion_tokens
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": used}
    events.append(
        event({**base, "choices": [], "usage": {**usage, "total_tokens": sum(usage.values())}})
    )
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def judgement(
    signal_ids: Sequence[str],
    *,
    score: int,
    quotes: Sequence[str] = (),
    status: str = "hit",
) -> dict[str, Any]:
    """A well-formed judgement of the given key signals, citing `quotes` for each."""
    return {
        "signals": [
            {
                "signal_id": signal_id,
                "evidence": list(quotes),
                "rationale": f"fake rationale for {signal_id}",
                "status": status if quotes else "miss",
            }
            for signal_id in signal_ids
        ],
        "strengths": ["fake strength"],
        "improvements": ["fake improvement"],
        "rationale": "fake overall rationale",
        "score": score,
    }


def instant_retries(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make the SDK's retry back-off instant; the returned list records each delay the SDK
    chose (so a test can see Retry-After honoured without waiting for it)."""
    import openai

    delays: list[float] = []
    original = openai.AsyncOpenAI._calculate_retry_timeout

    def record(self: openai.AsyncOpenAI, *args: Any, **kwargs: Any) -> float:
        delays.append(original(self, *args, **kwargs))
        return 0.0

    monkeypatch.setattr(openai.AsyncOpenAI, "_calculate_retry_timeout", record)
    return delays
