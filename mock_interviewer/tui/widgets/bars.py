"""Score and signal-coverage bars: a glanceable shape before the reader reaches the words."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from mock_interviewer.session.stats import SignalCoverage

FULL = "█"
EMPTY = "░"


def bar(fraction: float, width: int) -> str:
    """A bar of `width` cells, rounded half up to whole cells so it renders the same everywhere."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * width + 0.5)
    return FULL * filled + EMPTY * (width - filled)


def score_markup(score: int, width: int = 5) -> Content:
    """'███░░ 3/5', coloured by how good the score is."""
    style = "$error" if score <= 2 else "$warning" if score == 3 else "$success"
    return Content.from_markup(
        f"[{style}]$bar[/] [b]$score[/]/5", bar=bar(score / 5, width), score=str(score)
    )


def coverage_lines(
    rows: list[tuple[str, SignalCoverage]], name_width: int = 30, bar_width: int = 16
) -> Content:
    """One line per (name, coverage): name, bar, percentage and the counts behind it."""
    lines = []
    for name, row in rows:
        if row.rate is None:
            continue
        short = name if len(name) <= name_width else name[: name_width - 1] + "…"
        pct = round(row.rate * 100)
        style = "$error" if pct < 40 else "$warning" if pct < 70 else "$success"
        lines.append(
            Content.from_markup(
                f"$name [{style}]$bar[/] $pct [dim]$counts[/]",
                name=short.ljust(name_width),
                bar=bar(row.rate, bar_width),
                pct=f"{pct:>3}%",
                counts=f"{row.hit} hit, {row.partial} partial / {row.probed}",
            )
        )
    return Content("\n").join(lines) if lines else Content("No graded answers yet.")


class SignalBars(Static):
    """Signal coverage across an interview, as bars."""

    def set_rows(self, rows: list[tuple[str, SignalCoverage]]) -> None:
        self.update(coverage_lines(rows))
