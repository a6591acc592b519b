"""Home: start an interview, practise a question, reopen a past session, or quit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mock_interviewer.session.store import SessionSummary

if TYPE_CHECKING:
    from mock_interviewer.tui.app import InterviewerApp

MAX_SESSIONS = 30
MENU = [
    ("interview", "Start a full interview", "i"),
    ("practice", "Practise one question", "p"),
    ("help", "Help and keys", "f1"),
    ("quit", "Quit", "q"),
]


def session_label(summary: SessionSummary) -> Content:
    """'Interview · 12 May 10:02 · 2/6 answered · mean 3.5 · unfinished'."""
    parts = [
        summary.mode.capitalize(),
        summary.updated_at.astimezone().strftime("%d %b %H:%M"),
        f"{summary.answered}/{summary.planned} answered",
    ]
    if summary.score is not None:
        parts.append(f"mean {summary.score:.1f}")
    text = " · ".join(parts)
    if summary.finished:
        return Content(text)
    return Content.from_markup("$text · [b $warning]unfinished: enter resumes[/]", text=text)


def order_sessions(summaries: list[SessionSummary]) -> list[SessionSummary]:
    """Unfinished interviews first (most likely wanted), then everything newest first;
    a finished session with no answer (practice opened and left) has nothing to show."""
    kept = [s for s in summaries if s.answered or not s.finished]
    newest = sorted(kept, key=lambda s: s.updated_at, reverse=True)
    resumable = [s for s in newest if not s.finished and s.mode == "interview"]
    return (resumable + [s for s in newest if s not in resumable])[:MAX_SESSIONS]


class HomeScreen(Screen[None]):
    """The first screen; sessions load in a thread so the menu paints at once."""

    app: InterviewerApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "app.new_interview", "Interview"),
        Binding("p", "app.practice", "Practice"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        services = self.app.services
        rubric = services.pack.rubric
        with Vertical(id="home-body"):
            yield Static("[b]mock-interviewer[/]", id="home-title")
            yield Static(
                Content.from_markup(
                    "$role interview practice · $n questions · interviewer: [b]$engine[/]",
                    role=rubric.role,
                    n=str(len(rubric.questions)),
                    engine=services.engine_label,
                ),
                id="home-subtitle",
            )
            yield OptionList(
                *(
                    Option(
                        Content.from_markup("$label [dim]$key[/]", label=label.ljust(24), key=key),
                        id=action,
                    )
                    for action, label, key in MENU
                ),
                id="home-menu",
            )
            yield Static("", id="home-sessions-title")
            yield OptionList(id="home-sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-sessions", OptionList).display = False
        self.query_one("#home-menu", OptionList).focus()
        self.refresh_sessions()

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    @work(thread=True, exclusive=True, group="sessions")
    def refresh_sessions(self) -> None:
        """Read the store off the UI thread; a slow disk must not delay the first paint."""
        summaries, problems = self.app.services.store.list_sessions()
        self.app.call_from_thread(self._show_sessions, order_sessions(summaries), len(problems))

    def _show_sessions(self, summaries: list[SessionSummary], broken: int) -> None:
        options = self.query_one("#home-sessions", OptionList)
        title = self.query_one("#home-sessions-title", Static)
        options.clear_options()
        options.add_options(Option(session_label(s), id=s.id) for s in summaries)
        options.display = bool(summaries)
        if summaries:
            options.highlighted = 0
        unfinished = sum(1 for s in summaries if not s.finished)
        heading = f"[b]Past sessions[/] [dim]({len(summaries)}"
        heading += f", {unfinished} unfinished)[/]" if unfinished else ")[/]"
        title.update(heading if summaries else "")
        if broken:
            self.notify(
                f"{broken} session file(s) could not be read; see `mock-interviewer sessions`.",
                severity="warning",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if event.option_list.id == "home-menu":
            action = {"interview": "new_interview", "practice": "practice", "help": "help"}
            if option_id == "quit":
                self.app.exit()
            elif option_id in action:
                self.app.run_action(action[option_id])
        elif option_id:
            self.app.open_session(option_id)
