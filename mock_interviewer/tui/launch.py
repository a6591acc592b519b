"""From parsed CLI arguments to a running app: the one place that builds real services.

The CLI imports this module only when the TUI is wanted, and Textual is imported only after
the services are built, so `mock-interviewer grade ...` never pays for either.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mock_interviewer.session.commands import open_store, pack_for, plan_options
from mock_interviewer.session.plan import PlanOptions

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine
    from mock_interviewer.rubric import RubricPack
    from mock_interviewer.tui.app import Start
    from mock_interviewer.tui.services import Services

_SETTING_FLAGS = ("base_url", "model", "local_only", "timeout", "deadline")


def engine_for(args: argparse.Namespace, pack: RubricPack) -> tuple[Engine, object | None]:
    """The LLM engine when one is configured (and not --offline), else the offline one.

    The LLM layer (and `openai`) is imported only when it will be used, to keep start-up fast.
    """
    from mock_interviewer.config import load_settings

    flags = {name: getattr(args, name, None) for name in _SETTING_FLAGS}
    flags["offline"] = getattr(args, "offline", False) or None
    settings = load_settings(flags)
    if settings.llm_enabled:
        from mock_interviewer.llm import build_engine

        return build_engine(settings, pack), settings
    from mock_interviewer.engine import OfflineEngine

    return OfflineEngine(pack), settings


def start_for(args: argparse.Namespace) -> Start:
    """`interview` with no plan flags shows the setup form prefilled; with flags it starts."""
    from mock_interviewer.tui.app import Start

    command = getattr(args, "command", None)
    if command == "interview":
        options = plan_options(args)
        return Start("interview", options=None if options == PlanOptions() else options)
    if command == "practice":
        return Start("practice", question_id=getattr(args, "question_id", None))
    return Start()


def services_for(args: argparse.Namespace) -> Services:
    from mock_interviewer.tui.services import Services

    pack = pack_for(args)
    engine, settings = engine_for(args, pack)
    return Services(pack=pack, engine=engine, store=open_store(args), settings=settings)


def open_tui(args: argparse.Namespace) -> int:
    """Run the app for `mock-interviewer`, `interview` or `practice` (without --plain)."""
    services = services_for(args)
    start = start_for(args)
    if start.question_id is not None:
        services.pack.question(start.question_id)  # an unknown id is a usage error, not a UI
    from mock_interviewer.tui.app import run_tui

    return run_tui(services, start)
