"""Interview setup: how many questions, which level, which order, follow-ups, and who asks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from mock_interviewer.errors import MockInterviewerError
from mock_interviewer.session.plan import DEFAULT_QUESTIONS, PlanLevel, PlanOptions

if TYPE_CHECKING:
    from mock_interviewer.tui.app import InterviewerApp

LEVELS: list[tuple[str, PlanLevel]] = [
    ("Common questions", "common"),
    ("Advanced questions", "advanced"),
    ("Mixed (common first)", "mixed"),
]
ORDERS = [("Guide order", False), ("Shuffled", True)]


class SetupScreen(Screen[None]):
    """A short form; ctrl+j (or the button) starts, escape goes back home."""

    app: InterviewerApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j", "start", "Start interview", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, options: PlanOptions | None = None) -> None:
        super().__init__()
        self._options = options or PlanOptions()

    def compose(self) -> ComposeResult:
        pack = self.app.services.pack
        counts = {
            lvl: sum(q.level == lvl for q in pack.questions) for lvl in ("common", "advanced")
        }
        opts = self._options
        with Vertical(id="setup-form"):
            yield Static("[b]Set up your interview[/]", id="setup-title")
            with Horizontal(classes="setup-row"):
                yield Label("Questions", classes="setup-label")
                yield Input(str(opts.questions), type="integer", id="setup-count", max_length=2)
                yield Label(
                    f"[dim]{counts['common']} common, {counts['advanced']} advanced[/]",
                    classes="setup-hint",
                )
            with Horizontal(classes="setup-row"):
                yield Label("Level", classes="setup-label")
                yield Select(LEVELS, value=opts.level, allow_blank=False, id="setup-level")
            with Horizontal(classes="setup-row"):
                yield Label("Order", classes="setup-label")
                yield Select(ORDERS, value=opts.shuffle, allow_blank=False, id="setup-order")
                yield Label("Seed", classes="setup-label -short")
                seed = "" if opts.seed is None else str(opts.seed)
                yield Input(seed, placeholder="random", type="integer", id="setup-seed")
            with Horizontal(classes="setup-row"):
                yield Label("Follow-ups", classes="setup-label")
                yield Switch(value=opts.follow_ups, id="setup-follow-ups")
                yield Label("[dim]one probe when a key signal is weak[/]", classes="setup-hint")
            with Horizontal(classes="setup-row -thin"):
                yield Label("Interviewer", classes="setup-label")
                yield Label(f"[b]{self.app.services.engine_label}[/]", id="setup-engine")
            yield Button("Start interview  ctrl+j", variant="primary", id="setup-start")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#setup-count", Input).focus()

    def options(self) -> PlanOptions:
        """The form as PlanOptions; a blank count means the default."""
        count = self.query_one("#setup-count", Input).value.strip()
        seed = self.query_one("#setup-seed", Input).value.strip()
        return PlanOptions(
            questions=int(count) if count else DEFAULT_QUESTIONS,
            level=cast(PlanLevel, self.query_one("#setup-level", Select).value),
            shuffle=bool(self.query_one("#setup-order", Select).value),
            seed=int(seed) if seed else None,
            follow_ups=self.query_one("#setup-follow-ups", Switch).value,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "setup-start":
            self.action_start()

    def on_input_submitted(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        try:
            self.app.start_interview(self.options(), replace=True)
        except MockInterviewerError as exc:
            self.notify(str(exc), title="Cannot start", severity="error")
