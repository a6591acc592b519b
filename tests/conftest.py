"""Shared fixtures. Every test is offline and isolated from the user's real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_interviewer.rubric import RubricPack, load_default_rubric

DEAD_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens, so a stray call fails fast


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point data/config at a temp dir and the SDK at a dead local port; drop real keys.

    The dead base URL is a safety net for a client built by mistake; MOCK_INTERVIEWER_OFFLINE
    keeps the offline engine the default, as on a fresh machine. LLM tests build their
    settings explicitly and mock the HTTP layer with respx.
    """
    monkeypatch.setenv("MOCK_INTERVIEWER_HOME", str(tmp_path / "home"))
    names = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MOCK_INTERVIEWER_MODEL", "AZURE_OPENAI_API_KEY")
    for var in names:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", DEAD_URL)
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("MOCK_INTERVIEWER_OFFLINE", "1")


@pytest.fixture(scope="session")
def pack() -> RubricPack:
    return load_default_rubric()
