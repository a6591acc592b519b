"""The report: per-question scores, signal coverage as bars, top feedback, who graded what.

Everything here is read from the saved session, so a report opened from the home screen
weeks later looks the same as the one shown at the end of the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, Static

from mock_interviewer.models import QuestionRecord, Session
from mock_interviewer.session.stats import (
    final_grades,
    question_text,
    session_coverage,
    signal_name,
    top_items,
)
from mock_interviewer.tui.screens.detail import QuestionDetailScreen
from mock_interviewer.tui.widgets.bars import SignalBars, score_markup
from mock_interviewer.tui.widgets.status import format_seconds
from mock_interviewer.tui.widgets.transcript import escape_markdown

if TYPE_CHECKING:
    from mock_interviewer.session.export import Format
    from mock_interviewer.tui.app import InterviewerApp

QUESTION_WIDTH = 28
COLUMNS = [
    ("#", 2),
    ("Question", QUESTION_WIDTH),
    ("Score", 9),
    ("Graded by", 12),
    ("F-ups", 5),
    ("Time", 5),
]


def _short(text: str, width: int = QUESTION_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def headline(session: Session) -> Content:
    """'6 questions · 5 answered · mean 3.4/5 · offline · 14 May 2025 10:02'."""
    answered = sum(1 for r in session.records if r.answers)
    mean = session.mean_score
    parts = [
        f"{len(session.plan.question_ids)} questions",
        f"{answered} answered",
        f"mean {mean:.1f}/5" if mean is not None else "no grades yet",
        f"interviewer {session.engine}",
        session.created_at.astimezone().strftime("%d %b %Y %H:%M"),
    ]
    if session.usage.total_tokens:
        parts.append(f"{session.usage.total_tokens} tokens")
    if not session.finished:
        parts.append("unfinished")
    return Content(" · ".join(parts))


def feedback_lists(session: Session) -> str:
    """Top strengths and improvements across every graded answer, as Markdown."""
    grades = list(final_grades(session).values())
    strengths = top_items((g.strengths for g in grades), limit=3)
    improvements = top_items((g.improvements for g in grades), limit=3)
    lines = ["### Top strengths"]
    lines += [f"- {escape_markdown(s)}" for s in strengths] or ["- _none recorded yet_"]
    lines += ["", "### Top improvements"]
    lines += [f"- {escape_markdown(s)}" for s in improvements] or ["- _none recorded yet_"]
    return "\n".join(lines)


class ReportScreen(Screen[None]):
    """Read-only view of one session, with save and export.

    Opened straight from an interview, its one-letter keys wait `TYPE_AHEAD_SECONDS`: the
    candidate may still be typing the last answer when the report appears, and those letters
    must not save or export anything.
    """

    app: InterviewerApp  # type: ignore[assignment]
    TYPE_AHEAD_SECONDS: ClassVar[float] = 1.0
    GUARDED_ACTIONS: ClassVar[frozenset[str]] = frozenset({"save", "export"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save", "Save"),
        Binding("m", "export('md')", "Markdown"),
        Binding("j", "export('json')", "JSON"),
        Binding("w", "export('html')", "HTML"),
        Binding("escape", "app.go_home", "Home"),
    ]

    def __init__(self, session: Session, *, guard_type_ahead: bool = False) -> None:
        super().__init__()
        self.session = session
        self._keys_armed = not guard_type_ahead or self.TYPE_AHEAD_SECONDS <= 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Shown but disabled (None) while the type-ahead guard holds."""
        if action in self.GUARDED_ACTIONS and not self._keys_armed:
            return None
        return True

    def _arm_keys(self) -> None:
        self._keys_armed = True
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        kind = "Practice" if self.session.mode == "practice" else "Interview"
        with VerticalScroll(id="report-body"):
            yield Static(f"[b]{kind} report[/]", id="report-title")
            yield Static(headline(self.session), id="report-headline")
            yield Static(
                "[b]Scores[/] [dim]· enter shows an answer's feedback[/]", classes="section"
            )
            yield DataTable(id="report-scores", cursor_type="row", zebra_stripes=True)
            if any(r.grade and r.grade.disagreement for r in self.session.records):
                yield Static(
                    "[$warning]⚠[/] [dim]the LLM and offline grades differ by 2 or more; "
                    "open the answer to see both[/]",
                    id="report-disagree",
                )
            yield Static("[b]Signal coverage[/]", classes="section")
            yield SignalBars(id="report-coverage")
            yield Markdown(feedback_lists(self.session), id="report-feedback")
        yield Footer()

    def on_mount(self) -> None:
        if not self._keys_armed:
            self.set_timer(self.TYPE_AHEAD_SECONDS, self._arm_keys)
        pack = self.app.services.pack
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        for number, record in enumerate(self.session.records, 1):
            table.add_row(
                str(number),
                _short(question_text(pack, self.session, record.question_id)),
                self._score_cell(record),
                self._grader_cell(record),
                str(record.follow_ups_asked),
                format_seconds(record.answer_seconds),
                key=str(number - 1),
            )
        rows = [(signal_name(pack, c.signal_id), c) for c in session_coverage(self.session, pack)]
        self.query_one(SignalBars).set_rows(rows)
        table.focus()

    @staticmethod
    def _score_cell(record: QuestionRecord) -> Content:
        if record.grade is not None:
            return score_markup(record.grade.score)
        return Content.styled("skipped" if record.skipped else "not graded", "dim")

    @staticmethod
    def _grader_cell(record: QuestionRecord) -> Content:
        if record.grade is None:
            return Content("—")
        if record.grade.disagreement:
            return Content.from_markup("$label [$warning]⚠[/]", label=record.grade.grader)
        return Content(record.grade.grader)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        record = self.session.records[int(str(event.row_key.value))]
        self.app.push_screen(QuestionDetailScreen(record))

    def action_save(self) -> None:
        try:
            path = self.app.services.store.save(self.session)
        except Exception as exc:  # a full disk is a notification, not a crash
            self.notify(str(exc), title="Save failed", severity="error", timeout=8)
            return
        self.notify(f"Saved to {path}", title="Save")

    def action_export(self, fmt: Format) -> None:
        try:
            path = self.app.export_session(self.session, fmt)
        except Exception as exc:  # shown; the session itself is already saved
            self.notify(str(exc), title="Export failed", severity="error", timeout=8)
            return
        self.notify(f"Exported to {path}", title="Export")

    def palette_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        yield ("Save report", "Write the session file now", self.action_save)
        for fmt, label in (("md", "Markdown"), ("json", "JSON"), ("html", "HTML")):
            yield (
                f"Export report as {label}",
                f"Write a {label} copy next to your sessions",
                lambda fmt=fmt: self.action_export(fmt),
            )
