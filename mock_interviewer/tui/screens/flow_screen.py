"""What the interview and practice screens share: sending events to the flow safely and
timing the answer being typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine
    from mock_interviewer.tui.app import InterviewerApp


class FlowScreen(Screen[None]):
    """A screen that drives an `InterviewFlow`; `NOTIFY_TITLE` names it in notifications."""

    app: InterviewerApp  # type: ignore[assignment]
    NOTIFY_TITLE: ClassVar[str] = "Interview"

    def __init__(self, flow: InterviewFlow) -> None:
        super().__init__()
        self.flow = flow
        self._answer_started: float | None = None

    @property
    def engine(self) -> Engine:
        return self.app.services.engine

    def _safely(self, event: Callable[..., object], *args: object) -> bool:
        """Send the flow an event; a failure (a full disk, a UI bug) becomes a notification
        and the screen keeps working: submitted answers are already saved."""
        try:
            event(*args)
        except Exception as exc:
            self.notify(str(exc), title=self.NOTIFY_TITLE, severity="error", timeout=8)
            return False
        return True

    def _confirm_if(self, needed: bool, question: str, then: Callable[[bool | None], None]) -> None:
        """Ask first when something typed would be lost; otherwise go straight on."""
        if needed:
            self.app.push_screen(ConfirmScreen(question), then)
        else:
            then(True)

    def _answer_seconds(self) -> float:
        if self._answer_started is None:
            return 0.0
        return self.app.services.clock() - self._answer_started
