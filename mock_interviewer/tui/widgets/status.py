"""A one-line status bar: where you are, the answer timer, and a spinner while work is in flight."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class StatusLine(Horizontal):
    """`left · ⠋ activity` on the left, `right` flush right; the spinner ticks only when busy."""

    left: reactive[str] = reactive("")
    right: reactive[str] = reactive("")
    activity: reactive[str] = reactive("")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._frame = 0
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status-left")
        yield Static(id="status-right")

    def on_mount(self) -> None:
        self._render_left()
        self.query_one("#status-right", Static).update(self.right)

    def watch_activity(self, activity: str) -> None:
        if activity and self._ticker is None:
            self._ticker = self.set_interval(0.1, self._tick)
        elif not activity and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self._render_left()

    def watch_left(self) -> None:
        self._render_left()

    def watch_right(self, right: str) -> None:
        if self.is_mounted:
            self.query_one("#status-right", Static).update(right)

    def _tick(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self._render_left()

    def _render_left(self) -> None:
        if not self.is_mounted:
            return
        parts = [Content.from_markup("[b]$left[/]", left=self.left)] if self.left else []
        if self.activity:
            spinner = SPINNER[self._frame]
            parts.append(
                Content.from_markup("[$accent]$spin $what[/]", spin=spinner, what=self.activity)
            )
        self.query_one("#status-left", Static).update(Content("  ·  ").join(parts))
