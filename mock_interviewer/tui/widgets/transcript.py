"""The conversation so far: interviewer lines stream in as Markdown, anchored at the bottom."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown

Speaker = Literal["interviewer", "candidate", "note"]
_LABELS: dict[Speaker, str] = {"interviewer": "Interviewer", "candidate": "You", "note": ""}


def escape_markdown(text: str) -> str:
    """Show a candidate's words literally: '*', '#' or '<' in an answer are not formatting."""
    special = set("\\`*_{}[]<>()#+-.!|~")
    return "".join("\\" + ch if ch in special else ch for ch in text)


async def stream_markdown(target: Markdown, chunks: AsyncIterator[str]) -> str:
    """Append chunks to a Markdown widget as they arrive; returns the whole text.

    If the source fails midway the partial text stays on screen and the error propagates.
    """
    stream = Markdown.get_stream(target)
    received: list[str] = []
    try:
        async for chunk in chunks:
            received.append(chunk)
            await stream.write(chunk)
    finally:
        await stream.stop()
    return "".join(received).strip()


class Entry(Vertical):
    """One turn: who spoke, then what they said."""

    def __init__(self, speaker: Speaker, markdown: str, caption: str = "") -> None:
        super().__init__(classes=f"entry -{speaker}")
        self.speaker = speaker
        self._markdown = markdown
        self._caption = caption

    def compose(self) -> ComposeResult:
        label = " · ".join(part for part in (_LABELS[self.speaker], self._caption) if part)
        if label:
            yield Label(label, classes="entry-label")
        yield Markdown(self._markdown, classes="entry-body")

    @property
    def body(self) -> Markdown:
        return self.query_one(".entry-body", Markdown)


class Transcript(VerticalScroll):
    """A scrolling list of entries that follows new text unless the reader scrolls up."""

    can_focus = True

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, speaker: Speaker, text: str, caption: str = "") -> Entry:
        """Append a finished turn; a candidate's text is escaped, interviewer text is Markdown."""
        markdown = escape_markdown(text) if speaker == "candidate" else text
        entry = Entry(speaker, markdown, caption)
        await self.mount(entry)
        return entry

    async def stream(
        self, speaker: Speaker, chunks: AsyncIterator[str], caption: str = ""
    ) -> tuple[Entry, str]:
        """Stream a turn into a new entry; returns the entry and the full text received.

        If the source fails midway the partial text stays on screen and the error propagates,
        so the caller decides whether to retry or fall back.
        """
        entry = await self.add(speaker, "", caption)
        return entry, await stream_markdown(entry.body, chunks)

    @property
    def entries(self) -> list[Entry]:
        return list(self.query(Entry))
