"""LLM failures as user-facing errors, mapped from the SDK's exceptions in one place.

The engine turns every `LLMError` into an offline fallback with the message as the notice, so
messages are written for the candidate: what went wrong and what to do. They never carry the
API key (server messages can echo part of it, so auth errors drop them and others are redacted).
"""

from __future__ import annotations

import httpx
import openai

from mock_interviewer.errors import MockInterviewerError

_SERVER_MESSAGE_LIMIT = 200


class PromptError(MockInterviewerError):
    """A prompt file is missing or malformed; the message names the file."""


class LLMError(MockInterviewerError):
    """Base for anything that stops the LLM from answering a call."""


class LLMConfigError(LLMError):
    """The settings are wrong for this server (key, model): retrying cannot help."""


class LLMAuthError(LLMConfigError):
    """The server rejected the credentials; the message says how to fix them."""


class LLMUnavailable(LLMError):
    """The server could not be reached or kept failing after the SDK's retries."""


class LLMTimeout(LLMUnavailable):
    """No usable reply within the per-call deadline."""


class LLMRequestError(LLMError):
    """The server refused this request (an unsupported option, a too-long prompt)."""


class LLMRefusal(LLMError):
    """The model declined to answer (refusal field or content filter)."""


class LLMOutputError(LLMError):
    """The reply stayed unusable (bad JSON, wrong shape) after the re-ask."""


def redact(text: str, secret: str | None) -> str:
    """Remove a secret from text that may be shown, logged or saved."""
    if secret:
        text = text.replace(secret, "[redacted]")
    return text


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if isinstance(message, str) and message:
            return message[:_SERVER_MESSAGE_LIMIT]
    return exc.message[:_SERVER_MESSAGE_LIMIT]


def map_sdk_error(
    exc: openai.OpenAIError | httpx.HTTPError, *, base_url: str, model: str, api_key: str | None
) -> LLMError:
    """The one translation from SDK/transport exceptions to our tree."""
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMAuthError(
            f"The LLM server at {base_url} rejected the API key (HTTP {exc.status_code}). "
            "Fix: set OPENAI_API_KEY to a valid key for this server, or run with --offline."
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMConfigError(
            f"The LLM server at {base_url} does not know model {model!r} (HTTP 404). "
            "Fix: pass --model or set MOCK_INTERVIEWER_MODEL to a model it serves."
        )
    if isinstance(exc, openai.APITimeoutError):
        return LLMTimeout(f"The LLM server at {base_url} timed out.")
    if isinstance(exc, openai.APIConnectionError | httpx.RequestError):
        return LLMUnavailable(f"Could not reach the LLM server at {base_url}.")
    if isinstance(exc, openai.RateLimitError):
        detail = redact(_server_message(exc), api_key)
        return LLMUnavailable(f"The LLM server at {base_url} is rate-limiting requests: {detail}")
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        detail = redact(_server_message(exc), api_key)
        return LLMRequestError(f"The LLM server at {base_url} refused the request: {detail}")
    if isinstance(exc, openai.APIStatusError):
        return LLMUnavailable(
            f"The LLM server at {base_url} kept failing (HTTP {exc.status_code})."
        )
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return LLMRefusal("The model's content filter stopped the reply.")
    return LLMUnavailable(
        f"The LLM call failed: {redact(str(exc), api_key)[:_SERVER_MESSAGE_LIMIT]}"
    )
