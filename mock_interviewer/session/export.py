"""The graded transcript as Markdown, JSON or HTML (`report`, plain mode, the TUI report).

Markdown is written to read well on GitHub and as raw text; candidate text is escaped just
enough that nothing in an answer can turn into HTML. JSON is the full `Session` model.
"""

from __future__ import annotations

from typing import Any, Literal

from mock_interviewer.models import Grade, QuestionRecord, Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import attempt_diff
from mock_interviewer.session.stats import (
    question_text,
    session_coverage,
    signal_name,
    top_items,
)

Format = Literal["md", "json", "html"]
FORMATS: tuple[Format, ...] = ("md", "json", "html")
RESULT_MARKS = {
    "hit": "✅ hit",
    "partial": "🟡 partial",
    "miss": "❌ miss",
    "not_probed": "➖ not probed",
}
BAR_WIDTH = 10


def render(session: Session, pack: RubricPack, fmt: Format) -> str:
    if fmt == "json":
        return render_json(session)
    if fmt == "html":
        from mock_interviewer.session.html import render_html

        return render_html(session, pack)
    return render_markdown(session, pack)


def render_json(session: Session) -> str:
    return session.model_dump_json(indent=2) + "\n"


def session_schema() -> dict[str, Any]:
    """The JSON Schema of a saved session / `report --format json` (`schema --session`)."""
    return Session.model_json_schema()


def text_bar(rate: float, width: int = BAR_WIDTH) -> str:
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def format_date(session: Session) -> str:
    return f"{session.created_at:%Y-%m-%d %H:%M} UTC"


def status_line(session: Session) -> str:
    answered = sum(1 for r in session.records if r.answers)
    skipped = sum(1 for r in session.records if r.skipped)
    planned = len(session.plan.question_ids)
    if session.mode == "practice":
        return f"{len(session.records)} attempt(s) at one question"
    extra = f", {skipped} skipped" if skipped else ""
    return f"{answered} of {planned} questions answered{extra}"


def _md(text: str) -> str:
    """Candidate or model text inside Markdown: never raw HTML."""
    return text.replace("<", "&lt;")


def _cell(text: str) -> str:
    return _md(" ".join(text.split())).replace("|", "\\|")


def _quote(text: str) -> list[str]:
    return [f"> {_md(line)}".rstrip() for line in text.strip().splitlines()]


def _header(session: Session, pack: RubricPack) -> list[str]:
    state = "finished" if session.finished else "unfinished"
    mean = session.mean_score
    lines = [
        f"# Mock {session.mode}: {pack.rubric.name}",
        "",
        f"Session `{session.id}` · {format_date(session)} · {session.mode} · "
        f"{session.engine} engine · {state}",
        "",
        f"**Mean score: {mean:.1f} / 5** · {status_line(session)}"
        if mean is not None
        else f"**Not graded yet** · {status_line(session)}",
    ]
    if session.rubric_hash != pack.sha256:
        lines += ["", "> Note: the rubric has changed since this session; names may differ."]
    return lines


def _scores(session: Session, pack: RubricPack) -> list[str]:
    lines = ["## Scores", "", "| # | Question | Score | Grader |", "|--:|---|:-:|---|"]
    for number, record in enumerate(session.records, 1):
        text = _cell(question_text(pack, session, record.question_id))
        if record.grade:
            score, grader = f"{record.grade.score} / 5", record.grade.grader
        else:
            score, grader = ("skipped" if record.skipped else "not graded"), "-"
        lines.append(f"| {number} | {text} | {score} | {grader} |")
    return lines


def _coverage(session: Session, pack: RubricPack) -> list[str]:
    rows = session_coverage(session, pack)
    if not rows:
        return []
    lines = [
        "## Signal coverage",
        "",
        "| Signal | Coverage | Hit | Partial | Miss |",
        "|---|---|--:|--:|--:|",
    ]
    for row in rows:
        rate = row.rate or 0.0
        bar = f"`{text_bar(rate)}` {rate:.0%}"
        name = _cell(signal_name(pack, row.signal_id))
        lines.append(f"| {name} | {bar} | {row.hit} | {row.partial} | {row.miss} |")
    return lines


def _highlights(session: Session) -> list[str]:
    grades = [r.grade for r in session.records if r.grade]
    lines: list[str] = []
    for title, items in (
        ("Top strengths", top_items(g.strengths for g in grades)),
        ("Top improvements", top_items(g.improvements for g in grades)),
    ):
        if items:
            lines += [f"## {title}", "", *(f"- {_md(item)}" for item in items), ""]
    return lines[:-1]


def _grade(
    grade: Grade, pack: RubricPack, record: QuestionRecord, show_follow_up: bool
) -> list[str]:
    scale = pack.rubric.scale[grade.score - 1]
    lines = [f"**Score: {grade.score} / 5** ({grade.grader} grader): {scale}", ""]
    if grade.notice:
        lines += [f"*{_md(grade.notice)}*", ""]
    if grade.disagreement:
        lines += [
            f"*The LLM ({grade.llm_score}) and offline ({grade.offline_score}) grades differ.*",
            "",
        ]
    known = pack.has_question(record.question_id)
    key = set(pack.question(record.question_id).key_signals) if known else set()
    lines += ["| Signal | Result | Evidence |", "|---|---|---|"]
    for result in grade.signals:
        if result.hit == "not_probed" and result.id not in key:
            continue
        name = _cell(signal_name(pack, result.id)) + (" (key)" if result.id in key else "")
        evidence = "<br>".join(f"“{_cell(e.quote)}”" for e in result.evidence) or "-"
        lines.append(f"| {name} | {RESULT_MARKS[result.hit]} | {evidence} |")
    for title, items in (("Strengths", grade.strengths), ("Improvements", grade.improvements)):
        if items:
            lines += ["", f"**{title}**", "", *(f"- {_md(item)}" for item in items)]
    if show_follow_up and grade.follow_up:
        lines += ["", f"**A follow-up to prepare for:** {_md(grade.follow_up)}"]
    return lines


def _turns(record: QuestionRecord) -> list[str]:
    lines: list[str] = []
    for turn in record.turns:
        if turn.kind == "question":
            continue  # the section heading already shows it
        if turn.kind == "follow_up":
            lines += [f"**Interviewer:** {_md(turn.text)}", ""]
        elif turn.kind == "answer":
            lines += ["**You:**", "", *_quote(turn.text), ""]
        elif turn.kind == "skip":
            lines += ["*Skipped.*", ""]
        else:
            lines += [f"*{_md(turn.text)}*", ""]
    return lines


def _record(session: Session, pack: RubricPack, number: int, previous: Grade | None) -> list[str]:
    record = session.records[number - 1]
    title = _md(question_text(pack, session, record.question_id))
    label = f"Attempt {number}" if session.mode == "practice" else f"{number}."
    lines = [f"### {label} {title}", "", *_turns(record)]
    if record.answer_seconds:
        lines += [f"*Answer time: {record.answer_seconds:.0f} s*", ""]
    if record.grade:
        if previous is not None and session.mode == "practice":
            lines += [
                f"**Since the last attempt:** {_md(diff_summary(pack, previous, record.grade))}",
                "",
            ]
        lines += _grade(record.grade, pack, record, show_follow_up=not record.follow_ups_asked)
    elif record.answers:
        lines.append("*Not graded yet.*")
    return lines


def _transcript(session: Session, pack: RubricPack) -> list[str]:
    blocks = ["## Transcript"]
    previous: Grade | None = None
    for number, record in enumerate(session.records, 1):
        blocks.append("\n".join(_record(session, pack, number, previous)).rstrip("\n"))
        previous = record.grade or previous
    return ["\n\n".join(blocks)]


def diff_summary(pack: RubricPack, previous: Grade, current: Grade) -> str:
    """One line on a practice retry: score movement and the signals gained or lost."""
    diff = attempt_diff(previous, current)
    parts = [f"score {diff.score_before} → {diff.score_after} ({diff.score_delta:+d})"]
    for label, changes in (("gained", diff.gained), ("lost", diff.lost)):
        if changes:
            parts.append(f"{label}: " + ", ".join(signal_name(pack, c.signal_id) for c in changes))
    return "; ".join(parts)


def render_markdown(session: Session, pack: RubricPack, *, transcript: bool = True) -> str:
    """The report; without the transcript it is the summary plain mode prints at the end."""
    sections = [
        _header(session, pack),
        _scores(session, pack),
        _coverage(session, pack),
        _highlights(session),
    ]
    if transcript:
        sections.append(_transcript(session, pack))
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"
