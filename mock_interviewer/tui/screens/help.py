"""The help screen: every key, and what the grader listens for, one escape away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# mock-interviewer help

## Everywhere
| Key | Action |
|---|---|
| `f1` | This help |
| `ctrl+p` | Command palette: every action by name, and themes |
| `ctrl+q` | Quit (your session is already saved) |
| `tab` / `shift+tab` | Move between panels |

## Interview and practice
| Key | Action |
|---|---|
| `enter` | New line in your answer |
| `ctrl+j` | Submit the answer (`alt+enter` works too) |
| `ctrl+n` | Skip this question (interview) |
| `ctrl+r` | Try again (practice): edit your answer and resubmit |
| `escape` | End the interview early, or leave practice |

## Report
| Key | Action |
|---|---|
| `s` | Save (sessions are saved as you go; this confirms the file) |
| `m` / `j` / `w` | Export Markdown / JSON / HTML |
| `escape` | Back to home |

## How answers are graded
Each answer is checked against the question's **key signals**. A signal is a **hit** only
when a sentence of your answer shows it; the grader quotes that sentence as evidence.
Naming a signal ("I'm very data-driven") is not evidence: describe what you did, in a real
situation, with a result (a number if you have one).

Scores run 1 to 5: 3 answers the question, 4 adds a concrete example, 5 adds a measured
result, reflection and stakeholders. Grading runs in the background: keep typing.
"""


class HelpScreen(ModalScreen[None]):
    """A modal over whatever screen asked for help, so nothing in progress is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP)
        yield Footer()
