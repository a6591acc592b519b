"""The LLM layer: an interviewer and a judge over any OpenAI-compatible server.

Callers need two functions: `build_engine(settings, pack)` for the engine to use and
`setup_notice(settings)` for the one line telling a user without an LLM how to turn it on.
"""

from __future__ import annotations

from mock_interviewer.config import Settings
from mock_interviewer.engine import Engine, OfflineEngine
from mock_interviewer.llm.engine import LLMEngine
from mock_interviewer.rubric import RubricPack

SETUP_HINT = (
    "Offline grader in use. For LLM follow-ups and grading set OPENAI_API_KEY, or point "
    "--base-url at a local server such as http://localhost:11434/v1 (Ollama)."
)


def build_engine(settings: Settings, pack: RubricPack) -> Engine:
    """The LLM engine when a key or base URL is configured (and not --offline), else offline."""
    if settings.llm_enabled:
        return LLMEngine(settings, pack)
    return OfflineEngine(pack)


def setup_notice(settings: Settings) -> str | None:
    """One line for users who have not configured an LLM; None if they have or chose --offline."""
    if settings.llm_enabled or settings.offline:
        return None
    return SETUP_HINT


__all__ = ["SETUP_HINT", "LLMEngine", "build_engine", "setup_notice"]
