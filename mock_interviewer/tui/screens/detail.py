"""One answered question from a report: what was said, and the full feedback on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from mock_interviewer.models import QuestionRecord
from mock_interviewer.tui.widgets.feedback import (
    FOLLOW_UP_HEADING,
    grade_markdown,
    outline_markdown,
)
from mock_interviewer.tui.widgets.transcript import escape_markdown

if TYPE_CHECKING:
    from mock_interviewer.tui.app import InterviewerApp


def exchange_markdown(record: QuestionRecord) -> str:
    """The question, follow-ups and answers, in order, as Markdown."""
    lines = []
    for turn in record.turns:
        if turn.role == "interviewer":
            label = "Question" if turn.kind == "question" else "Follow-up"
            lines.append(f"**{label}:** {turn.text}")
        elif turn.kind == "skip":
            lines.append("_Skipped._")
        else:
            lines.append(f"**You:** {escape_markdown(turn.text)}")
    return "\n\n".join(lines)


class QuestionDetailScreen(ModalScreen[None]):
    """A modal over the report; escape returns to the same row."""

    app: InterviewerApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Back to report")]

    def __init__(self, record: QuestionRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        pack = self.app.services.pack
        parts = [exchange_markdown(self.record)]
        grade = self.record.grade
        if grade is None:
            parts.append("_This answer has no grade._")
        else:
            question = pack.question(self.record.question_id)
            parts.append(grade_markdown(pack, question, grade))
            if grade.follow_up:
                parts.append(f"{FOLLOW_UP_HEADING}{grade.follow_up}")
            parts.append(outline_markdown(question))
        with VerticalScroll(id="detail-dialog"):
            yield Markdown("\n\n---\n\n".join(parts))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#detail-dialog").focus()
