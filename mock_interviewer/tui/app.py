"""The Textual app: wiring only. It holds the services and moves between screens.

Screens call the navigation methods here (`start_interview`, `open_report`, …); what happens
inside an interview lives in `session/flow.py` and the screens, never in this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from mock_interviewer.files import SHARED, write_atomic
from mock_interviewer.models import Session
from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.session.plan import PlanOptions, build_plan, new_practice_session, new_session
from mock_interviewer.session.store import StoreError
from mock_interviewer.tui.screens.home import HomeScreen
from mock_interviewer.tui.services import Services

if TYPE_CHECKING:
    from mock_interviewer.session.export import Format

# Every other screen is imported where it is first shown: Markdown, TextArea and DataTable
# cost ~150 ms of imports that the home screen's first paint does not need.


@dataclass(frozen=True)
class Start:
    """Where the app opens: home, an interview (setup skipped when options are given),
    practice (one question by id, or the picker), or a saved session by id."""

    kind: str = "home"
    options: PlanOptions | None = None
    question_id: str | None = None
    session_id: str | None = None


class InterviewerApp(App[None]):
    """mock-interviewer's terminal UI."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses anywhere work
    TITLE = "mock-interviewer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
    ]

    def __init__(self, services: Services, start: Start | None = None, *, blink: bool = True):
        super().__init__()
        self.services = services
        self.start_at = start or Start()
        self.blink = blink
        if not blink:
            self.animation_level = "none"

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        start = self.start_at
        try:
            if start.kind == "interview":
                if start.options is None:
                    self.action_new_interview()
                else:
                    self.start_interview(start.options)
            elif start.kind == "practice":
                if start.question_id:
                    self.start_practice(start.question_id)
                else:
                    self.action_practice()
            elif start.kind == "session" and start.session_id:
                self.open_session(start.session_id)
        except Exception as exc:  # a bad option lands on home with a message, not a traceback
            self.notify(str(exc), title="Cannot start", severity="error", timeout=10)

    def on_ready(self) -> None:
        self._warm_grader()

    @work(thread=True, exit_on_error=False)
    def _warm_grader(self) -> None:
        """Compile the offline grader's cues off the UI thread once the first frame is up,
        so the first answer's grade does not stall typing (~70 ms of regex compilation)."""
        from mock_interviewer.grading import grade_answer

        pack = self.services.pack
        grade_answer(pack, pack.questions[0].id, "Warming up.")

    async def on_unmount(self) -> None:
        """Close the engine's HTTP pool (an LLM engine has one) before the loop goes away."""
        await self.services.engine.aclose()

    # ------------------------------------------------------------------ navigation

    def start_interview(self, options: PlanOptions, *, replace: bool = False) -> None:
        """Plan, create and save a session, then open it (raises UsageError for bad options)."""
        from mock_interviewer.tui.screens.interview import InterviewScreen

        pack = self.services.pack
        session = new_session(pack, build_plan(pack, options), engine=self.services.engine_label)
        flow = InterviewFlow(session, pack, self.services.store)
        self._show(InterviewScreen(flow), replace=replace)

    def start_practice(self, question_id: str) -> None:
        from mock_interviewer.tui.screens.practice import PracticeScreen

        pack = self.services.pack
        session = new_practice_session(pack, question_id, engine=self.services.engine_label)
        self._show(PracticeScreen(InterviewFlow(session, pack, self.services.store)))

    def open_session(self, session_id: str) -> None:
        """Resume an unfinished session, or show the report of a finished one."""
        from mock_interviewer.tui.screens.interview import InterviewScreen
        from mock_interviewer.tui.screens.practice import PracticeScreen

        try:
            session = self.services.store.load(session_id)
        except Exception as exc:  # an unreadable file is reported, the app keeps running
            self.notify(str(exc), title="Cannot open session", severity="error", timeout=8)
            return
        if session.finished:
            self.open_report(session)
            return
        flow = InterviewFlow(session, self.services.pack, self.services.store)
        if flow.finished:
            self.open_report(session)
        elif session.mode == "practice":
            self._show(PracticeScreen(flow))
        else:
            self._show(InterviewScreen(flow))

    def open_report(self, session: Session, *, replace: bool = False) -> None:
        """`replace` is the end of an interview: the report takes its place and guards
        against the candidate's type-ahead."""
        from mock_interviewer.tui.screens.report import ReportScreen

        self._show(ReportScreen(session, guard_type_ahead=replace), replace=replace)

    def export_session(self, session: Session, fmt: Format) -> Path:
        """Write the report next to the user's work (the export dir) and return its path."""
        from mock_interviewer.session.export import render

        text = render(session, self.services.pack, fmt)
        directory = self.services.export_dir
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"mock-interview-{session.id}.{fmt}"
        write_atomic(path, text.encode("utf-8"), StoreError, mode=SHARED)
        return path

    def _show(self, screen: Screen, *, replace: bool = False) -> None:
        if replace and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # ------------------------------------------------------------------ actions

    def action_new_interview(self) -> None:
        from mock_interviewer.tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(self.start_at.options))

    def action_practice(self) -> None:
        from mock_interviewer.tui.screens.practice_pick import PracticePickScreen

        self.push_screen(PracticePickScreen())

    def action_random_practice(self) -> None:
        self.start_practice(self.services.rng.choice(self.services.pack.questions).id)

    def action_help(self) -> None:
        from mock_interviewer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The main actions by name, then whatever the current screen offers."""
        main = [
            ("New interview", "Set up and start a full mock interview", self.action_new_interview),
            ("Practise a question", "Pick one question and get feedback", self.action_practice),
            ("Random question", "Practise a question chosen for you", self.action_random_practice),
            ("Home", "Back to the home screen", self.action_go_home),
            ("Help", "Keys and how grading works", self.action_help),
        ]
        for title, help_text, callback in main:
            yield SystemCommand(title, help_text, callback)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)


def run_tui(services: Services, start: Start | None = None) -> int:
    """Run until the user quits; the CLI's entry point into the TUI."""
    InterviewerApp(services, start).run()
    return 0
