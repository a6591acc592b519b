"""From parsed CLI arguments to a running app: the one place that builds real services.

The CLI imports this module only when the TUI is wanted, and Textual is imported only after
the services are built, so `mock-interviewer grade ...` never pays for either.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mock_interviewer import services
from mock_interviewer.commands import pack_for, plan_options, resume_target
from mock_interviewer.session.plan import PlanOptions

if TYPE_CHECKING:
    from mock_interviewer.tui.app import Start
    from mock_interviewer.tui.services import Services


def services_for(args: argparse.Namespace) -> Services:
    from mock_interviewer.tui.services import Services

    pack = pack_for(args)
    settings = services.settings_for(args)
    return Services(
        pack=pack,
        engine=services.engine_for(settings, pack),
        store=services.open_store(settings),
        settings=settings,
    )


def start_for(args: argparse.Namespace, built: Services) -> Start:
    """`interview` with no plan flags shows the setup form prefilled; with flags it starts."""
    from mock_interviewer.tui.app import Start

    command = getattr(args, "command", None)
    if command == "interview":
        options = plan_options(args, built.settings)
        return Start("interview", options=None if options == PlanOptions() else options)
    if command == "practice":
        return Start("practice", question_id=getattr(args, "question_id", None))
    if command == "resume":
        return Start("session", session_id=resume_target(args, built.store).id)
    return Start()


def open_tui(args: argparse.Namespace) -> int:
    """Run the app for `mock-interviewer`, `interview`, `practice` or `resume` (not --plain)."""
    built = services_for(args)
    start = start_for(args, built)
    if start.question_id is not None:
        built.pack.question(start.question_id)  # an unknown id is a usage error, not a UI
    from mock_interviewer.tui.app import run_tui

    return run_tui(built, start)
