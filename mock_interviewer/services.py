"""Settings, engine and store built from parsed command-line arguments.

`grade`, plain mode and the TUI launcher all build their services here, so the engine and the
data folder are chosen the same way everywhere. The LLM layer (and `openai`) is imported only
when an LLM is configured, which keeps offline start-up fast.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mock_interviewer.config import Settings, load_settings
from mock_interviewer.session.store import SessionStore

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine
    from mock_interviewer.rubric import RubricPack

SETTING_FLAGS = ("base_url", "model", "local_only", "max_follow_ups", "data_dir")


def settings_for(args: argparse.Namespace) -> Settings:
    """Config file < environment < flags; a flag the user did not give counts as not given."""
    flags = {name: getattr(args, name, None) for name in SETTING_FLAGS}
    flags["offline"] = getattr(args, "offline", False) or None
    flags["local_only"] = flags["local_only"] or None
    return load_settings(flags)


def engine_for(settings: Settings, pack: RubricPack) -> Engine:
    """The LLM engine when one is configured (and not --offline), else the offline one."""
    if settings.llm_enabled:
        from mock_interviewer.llm import build_engine

        return build_engine(settings, pack)
    from mock_interviewer.engine import OfflineEngine

    return OfflineEngine(pack)


def open_store(settings: Settings) -> SessionStore:
    return SessionStore(settings.data_dir)
