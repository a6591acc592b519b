"""The multi-line answer box: Enter makes a new line, ctrl+j submits (shown in the Footer)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

SUBMIT_KEY = "ctrl+j"


class AnswerBox(TextArea):
    """A TextArea that posts `Submitted` instead of acting itself (messages up)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"{SUBMIT_KEY},alt+enter", "submit", "Submit answer"),
    ]

    class Submitted(Message):
        """The candidate wants this text graded; the box keeps it until the screen clears it."""

        def __init__(self, answer_box: AnswerBox, text: str) -> None:
            super().__init__()
            self.answer_box = answer_box
            self.text = text

        @property
        def control(self) -> AnswerBox:
            return self.answer_box

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder="Type your answer. Enter adds a line; ctrl+j submits.",
            id=id,
        )

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "blink", True)
        self.move_cursor(self.document.end)  # a restored draft continues where it stopped

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))
