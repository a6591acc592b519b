"""Pick a practice question: filter the bank by level or signal, or let chance choose."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Select, Static
from textual.widgets.option_list import Option

from mock_interviewer.models import Question

if TYPE_CHECKING:
    from mock_interviewer.tui.app import InterviewerApp

ANY = "any"


def matching(questions: list[Question], level: str, signal: str) -> list[Question]:
    """Questions at `level` whose key signals include `signal` ('any' matches everything)."""
    return [
        q
        for q in questions
        if (level == ANY or q.level == level) and (signal == ANY or signal in q.key_signals)
    ]


class PracticePickScreen(Screen[None]):
    """The question bank as a list; enter practises the highlighted question."""

    app: InterviewerApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "random", "Random question"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        pack = self.app.services.pack
        with Vertical(id="pick-body"):
            yield Static("[b]Practise one question[/]  [dim]enter opens it · r picks at random[/]")
            with Horizontal(id="pick-filters"):
                yield Select(
                    [("Any level", ANY), ("Common", "common"), ("Advanced", "advanced")],
                    value=ANY,
                    allow_blank=False,
                    id="pick-level",
                )
                yield Select(
                    [("Any signal", ANY), *((s.name, s.id) for s in pack.rubric.signals)],
                    value=ANY,
                    allow_blank=False,
                    id="pick-signal",
                )
            yield OptionList(id="pick-list")
        yield Footer()

    def on_mount(self) -> None:
        self._refill()
        self.query_one(OptionList).focus()

    def visible(self) -> list[Question]:
        level = str(self.query_one("#pick-level", Select).value)
        signal = str(self.query_one("#pick-signal", Select).value)
        return matching(self.app.services.pack.questions, level, signal)

    def _refill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        questions = self.visible()
        for q in questions:
            prompt = Content.from_markup(
                "[dim]$level[/] $text", text=q.text, level=q.level.ljust(8)
            )
            options.add_option(Option(prompt, id=q.id))
        if questions:
            options.highlighted = 0
        else:
            options.add_option(Option("[dim]No question matches both filters.[/]", disabled=True))

    def on_select_changed(self) -> None:
        self._refill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.start_practice(event.option.id)

    def action_random(self) -> None:
        questions = self.visible()
        if not questions:
            self.notify("No question matches the filters.", severity="warning")
            return
        self.app.start_practice(self.app.services.rng.choice(questions).id)
