"""The graded transcript as one self-contained HTML file: inline CSS, an inline SVG chart.

Every piece of text goes through `esc` (answers, quotes and even rubric text), and a
Content-Security-Policy forbids scripts, so an answer containing `<script>` stays text even
if someone edits the saved JSON by hand.
"""

from __future__ import annotations

from html import escape

from mock_interviewer.models import Grade, QuestionRecord, Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.export import diff_summary, format_date, status_line
from mock_interviewer.session.stats import (
    SignalCoverage,
    question_text,
    session_coverage,
    signal_name,
    top_items,
)

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;
background:#f6f8fa}main{max-width:860px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:1.6em;margin-top:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d0d7de;
padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.meta{color:#59636e}.score{font-weight:600}blockquote{margin:8px 0;padding:4px 12px;
border-left:4px solid #d0d7de;color:#1f2328;white-space:pre-wrap}
.hit{color:#1a7f37}.partial{color:#9a6700}.miss{color:#cf222e}.not_probed{color:#59636e}
.interviewer{font-weight:600}.note{font-style:italic;color:#59636e}
article{border-top:1px solid #d0d7de;margin-top:16px}
@media print{body{background:#fff}main{padding:0}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
COLORS = {"hit": "#2da44e", "partial": "#d4a72c", "miss": "#e5534b"}
LABEL_W, BAR_W, ROW_H = 330, 300, 26


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def coverage_svg(rows: list[SignalCoverage], pack: RubricPack) -> str:
    """Stacked hit/partial/miss bars, one row per signal, each bar the answers that probed it."""
    height = ROW_H * len(rows) + 30
    width = LABEL_W + BAR_W + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" role="img" '
        'aria-label="Signal coverage">',
        "<title>Signal coverage: hit, partial and miss per signal</title>",
    ]
    for i, row in enumerate(rows):
        y = i * ROW_H
        name = esc(signal_name(pack, row.signal_id))
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{name}</text>')
        x = float(LABEL_W)
        for status in ("hit", "partial", "miss"):
            count = getattr(row, status)
            if not count:
                continue
            w = BAR_W * count / row.probed
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" '
                f'fill="{COLORS[status]}"><title>{name}: {count} {status}</title></rect>'
            )
            x += w
        rate = f"{(row.rate or 0):.0%}"
        parts.append(f'<text x="{LABEL_W + BAR_W + 8}" y="{y + 17}" font-size="13">{rate}</text>')
    legend_y = ROW_H * len(rows) + 20
    for j, (status, color) in enumerate(COLORS.items()):
        x = LABEL_W + j * 90
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{x + 16}" y="{legend_y}" font-size="12">{status}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _list(title: str, items: list[str], heading: str = "h4") -> str:
    if not items:
        return ""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return f"<{heading}>{esc(title)}</{heading}><ul>{lis}</ul>"


def _grade(grade: Grade, pack: RubricPack, record: QuestionRecord) -> str:
    known = pack.has_question(record.question_id)
    key = set(pack.question(record.question_id).key_signals) if known else set()
    rows = []
    for r in grade.signals:
        if r.hit == "not_probed" and r.id not in key:
            continue
        quotes = "<br>".join(f"“{esc(e.quote)}”" for e in r.evidence) or "-"
        label = esc(signal_name(pack, r.id)) + (" (key)" if r.id in key else "")
        status = esc(r.hit.replace("_", " "))
        rows.append(
            f'<tr><td>{label}</td><td class="{esc(r.hit)}">{status}</td><td>{quotes}</td></tr>'
        )
    notes = [n for n in (grade.notice,) if n]
    if grade.disagreement:
        notes.append(
            f"The LLM ({grade.llm_score}) and offline ({grade.offline_score}) grades differ."
        )
    follow_up = ""
    if grade.follow_up and not record.follow_ups_asked:
        follow_up = f"<p><strong>A follow-up to prepare for:</strong> {esc(grade.follow_up)}</p>"
    return (
        f'<p class="score">Score: {grade.score} / 5 ({esc(grade.grader)} grader): '
        f"{esc(pack.rubric.scale[grade.score - 1])}</p>"
        + "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
        + "<table><tr><th>Signal</th><th>Result</th><th>Evidence</th></tr>"
        + "".join(rows)
        + "</table>"
        + _list("Strengths", grade.strengths)
        + _list("Improvements", grade.improvements)
        + follow_up
    )


def _record(session: Session, pack: RubricPack, number: int, previous: Grade | None) -> str:
    record = session.records[number - 1]
    label = f"Attempt {number}:" if session.mode == "practice" else f"{number}."
    body = [f"<h3>{label} {esc(question_text(pack, session, record.question_id))}</h3>"]
    for turn in record.turns:
        if turn.kind == "follow_up":
            body.append(f'<p><span class="interviewer">Interviewer:</span> {esc(turn.text)}</p>')
        elif turn.kind == "answer":
            body.append(f"<p><strong>You:</strong></p><blockquote>{esc(turn.text)}</blockquote>")
        elif turn.kind == "skip":
            body.append('<p class="note">Skipped.</p>')
    if record.grade:
        if previous is not None and session.mode == "practice":
            change = esc(diff_summary(pack, previous, record.grade))
            body.append(f"<p><strong>Since the last attempt:</strong> {change}</p>")
        body.append(_grade(record.grade, pack, record))
    elif record.answers:
        body.append('<p class="note">Not graded yet.</p>')
    return "<article>" + "\n".join(body) + "</article>"


def _records(session: Session, pack: RubricPack) -> list[str]:
    articles, previous = [], None
    for number, record in enumerate(session.records, 1):
        articles.append(_record(session, pack, number, previous))
        previous = record.grade or previous
    return articles


def render_html(session: Session, pack: RubricPack) -> str:
    mean = session.mean_score
    score = f"Mean score: {mean:.1f} / 5" if mean is not None else "Not graded yet"
    state = "finished" if session.finished else "unfinished"
    meta = f"Session {session.id} · {format_date(session)} · {session.engine} engine · {state}"
    score_rows = "".join(
        f"<tr><td>{n}</td><td>{esc(question_text(pack, session, r.question_id))}</td>"
        f"<td>{f'{r.grade.score} / 5' if r.grade else ('skipped' if r.skipped else '-')}</td></tr>"
        for n, r in enumerate(session.records, 1)
    )
    rows = session_coverage(session, pack)
    grades = [r.grade for r in session.records if r.grade]
    sections = [
        f"<h1>Mock {esc(session.mode)}: {esc(pack.rubric.name)}</h1>",
        f'<p class="meta">{esc(meta)}</p>',
        f'<p class="score">{esc(score)} · {esc(status_line(session))}</p>',
        "<h2>Scores</h2><table><tr><th>#</th><th>Question</th><th>Score</th></tr>"
        + score_rows
        + "</table>",
        f"<h2>Signal coverage</h2>{coverage_svg(rows, pack)}" if rows else "",
        _list("Top strengths", top_items(g.strengths for g in grades), "h2"),
        _list("Top improvements", top_items(g.improvements for g in grades), "h2"),
        "<h2>Transcript</h2>",
        *_records(session, pack),
    ]
    title = f"Mock {session.mode}: {pack.rubric.name}, {format_date(session)}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(s for s in sections if s)
        + "\n</main>\n</body>\n</html>\n"
    )
