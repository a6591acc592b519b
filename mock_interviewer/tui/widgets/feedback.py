"""Feedback on one graded answer: score, signals with quoted evidence, what to do next."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from mock_interviewer.models import Grade, Question
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import AttemptDiff
from mock_interviewer.tui.widgets.bars import bar
from mock_interviewer.tui.widgets.transcript import escape_markdown, stream_markdown

FOLLOW_UP_HEADING = "### The interviewer would follow up with\n\n"
_MARKS = {"hit": "✔ hit", "partial": "◐ partial", "miss": "✘ miss", "not_probed": "· not probed"}


def graders_used(grade: Grade) -> str:
    """'offline', 'llm', or e.g. 'hybrid (llm 3, offline 1)': who made each call."""
    per_signal = Counter(s.grader for s in grade.signals if s.hit != "not_probed")
    if len(per_signal) <= 1:
        return grade.grader
    detail = ", ".join(f"{name} {count}" for name, count in per_signal.most_common())
    return f"{grade.grader} ({detail})"


def _names(pack: RubricPack, ids: list[str]) -> str:
    return ", ".join(pack.signal(i).name for i in ids) or "none"


def change_markdown(pack: RubricPack, diff: AttemptDiff, attempt: int) -> str:
    """'Compared with attempt 1: score 2 → 3 (+1); gained …; lost …' in one paragraph."""
    head = f"**Compared with attempt {attempt - 1}:**"
    if not (diff.score_delta or diff.gained or diff.lost):
        return f"{head} no change in score or signals."
    text = f"{head} score {diff.score_before} → {diff.score_after} ({diff.score_delta:+d})"
    if diff.gained:
        text += f"; gained {_names(pack, [c.signal_id for c in diff.gained])}"
    if diff.lost:
        text += f"; lost {_names(pack, [c.signal_id for c in diff.lost])}"
    return text + "."


def grade_markdown(
    pack: RubricPack,
    question: Question,
    grade: Grade,
    *,
    attempt: int = 1,
    change: AttemptDiff | None = None,
) -> str:
    """The body of the feedback, everything but the streamed follow-up and the outline."""
    lines = [
        f"## Score {grade.score}/5 `{bar(grade.score / 5, 5)}`",
        f"_Attempt {attempt} · graded by {graders_used(grade)} · "
        f"{pack.rubric.scale[grade.score - 1]}_",
    ]
    if grade.llm_score is not None and grade.offline_score is not None:
        flag = " ⚠ they disagree" if grade.disagreement else ""
        lines += [
            "",
            f"LLM judge {grade.llm_score}/5 · offline grader {grade.offline_score}/5{flag}",
        ]
    if grade.notice:
        lines += ["", f"> **Note:** {escape_markdown(grade.notice)}"]
    if change is not None:
        lines += ["", change_markdown(pack, change, attempt)]
    lines += ["", "### Signals"]
    key = set(question.key_signals)
    ordered = sorted(grade.signals, key=lambda s: (s.id not in key, s.hit == "not_probed"))
    for result in ordered:
        if result.hit == "not_probed" and result.id not in key:
            continue
        star = " (key)" if result.id in key else ""
        by = f" · _{result.grader}_" if grade.grader == "hybrid" else ""
        lines.append(f"- **{_MARKS[result.hit]}** · {pack.signal(result.id).name}{star}{by}")
        lines += [f"    - “{escape_markdown(ev.quote)}”" for ev in result.evidence]
        if result.note:
            lines.append(f"    - _{escape_markdown(result.note)}_")
    for title, items in (("Strengths", grade.strengths), ("Improvements", grade.improvements)):
        if items:
            lines += ["", f"### {title}", *(f"- {escape_markdown(item)}" for item in items)]
    return "\n".join(lines)


def outline_markdown(question: Question) -> str:
    points = [f"{i}. {point}" for i, point in enumerate(question.outline, 1)]
    return "\n".join(["### Outline of a strong answer", *points])


class FeedbackView(VerticalScroll):
    """The feedback panel: body, the interviewer's follow-up (streamed), and the outline."""

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Markdown("", id="feedback-body")
        yield Markdown("", id="feedback-follow-up")
        yield Markdown("", id="feedback-outline")

    async def show_placeholder(self, text: str) -> None:
        await self.query_one("#feedback-body", Markdown).update(text)
        await self.query_one("#feedback-follow-up", Markdown).update("")
        await self.query_one("#feedback-outline", Markdown).update("")

    async def show(
        self,
        pack: RubricPack,
        question: Question,
        grade: Grade,
        *,
        attempt: int = 1,
        change: AttemptDiff | None = None,
    ) -> None:
        body = grade_markdown(pack, question, grade, attempt=attempt, change=change)
        await self.query_one("#feedback-body", Markdown).update(body)
        await self.query_one("#feedback-follow-up", Markdown).update("")
        await self.query_one("#feedback-outline", Markdown).update(outline_markdown(question))
        self.scroll_home(animate=False)

    async def show_follow_up(self, text: str) -> None:
        target = self.query_one("#feedback-follow-up", Markdown)
        await target.update(f"{FOLLOW_UP_HEADING}{text}")

    async def stream_follow_up(self, chunks: AsyncIterator[str]) -> str:
        """Stream the follow-up the interviewer would ask under the signals."""
        target = self.query_one("#feedback-follow-up", Markdown)
        await target.update(FOLLOW_UP_HEADING)
        return await stream_markdown(target, chunks)
