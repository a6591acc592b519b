"""Exports: golden Markdown, escaped self-contained HTML, schema-valid JSON."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from session_factories import MemoryStore, make_grade, sample_session

from mock_interviewer.models import Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.export import render, render_json, render_markdown, session_schema
from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.session.html import render_html
from mock_interviewer.session.plan import new_practice_session

GOLDEN = Path(__file__).parent / "data" / "golden_report.md"
SCRIPT = "<script>alert('x')</script>"


def test_markdown_matches_golden_file(pack: RubricPack) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite the file after an intended change, then review the diff."""
    text = render_markdown(sample_session(pack), pack)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_markdown_never_carries_raw_html_from_answers(pack: RubricPack) -> None:
    text = render_markdown(sample_session(pack), pack)
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script>alert('x')&lt;/script>" in text


def test_markdown_summary_leaves_out_the_transcript(pack: RubricPack) -> None:
    text = render_markdown(sample_session(pack), pack, transcript=False)
    assert "## Scores" in text and "## Signal coverage" in text
    assert "## Transcript" not in text and "Acme" not in text


def test_practice_report_shows_what_changed_between_attempts(pack: RubricPack) -> None:
    question = "q01_why_product_ops"
    flow = InterviewFlow(new_practice_session(pack, question), pack, MemoryStore())
    flow.question_asked()
    flow.grade_ready(make_grade(pack, question, score=2), flow.answer_submitted("first try"))
    flow.try_again()
    flow.grade_ready(
        make_grade(pack, question, score=4, hits={"role_motivation": "hit"}),
        flow.answer_submitted("second try"),
    )
    text = render_markdown(flow.session, pack)
    assert "### Attempt 1" in text and "### Attempt 2" in text
    assert (
        "**Since the last attempt:** score 2 → 4 (+2); gained: Motivation for product ops" in text
    )
    page = render_html(flow.session, pack)
    assert "Since the last attempt:</strong> score 2 → 4 (+2); gained: Motivation" in page


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_user_text_stays_text(pack: RubricPack) -> None:
    session = sample_session(pack)
    page = render_html(session, pack)
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert "style" in parsed.tags and "svg" in parsed.tags
    text = "".join(parsed.text)
    assert f"I built a {SCRIPT} dashboard | in SQL & Looker." in text
    assert "Names <b>tools</b>." in text
    assert not [a for a in parsed.attrs if a[0] in {"src", "href"}], "no external resources"
    assert "default-src 'none'" in page


def test_html_chart_has_a_bar_per_signal_status(pack: RubricPack) -> None:
    page = render_html(sample_session(pack), pack)
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    ElementTree.fromstring(svg)  # well-formed XML, or browsers show nothing
    bars = re.findall(r"<title>([^<]*): (\d+) (hit|partial|miss)</title>", svg)
    assert sorted(bars) == sorted(
        [
            ("Motivation for product ops", "1", "hit"),
            ("Working with product managers", "1", "hit"),
            ("Data fluency", "1", "partial"),
        ]
    )


def test_html_escapes_signal_and_rubric_text_too(pack: RubricPack) -> None:
    session = sample_session(pack)
    session.records[0].grade.signals[0].id = "<img onerror=x>"
    session.engine = '"><script>'
    page = render_html(session, pack)
    assert "<img" not in page and "<script" not in page


def _check(value: Any, schema: dict[str, Any], defs: dict[str, Any], where: str) -> None:
    """Just enough JSON Schema for what pydantic emits: $ref, anyOf, types, objects, arrays."""
    if "$ref" in schema:
        _check(value, defs[schema["$ref"].split("/")[-1]], defs, where)
        return
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                _check(value, option, defs, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: no anyOf option fits: {errors}")
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    if "type" in schema:
        assert isinstance(value, kinds[schema["type"]]), f"{where}: not {schema['type']}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in enum"
    if "const" in schema:
        assert value == schema["const"], f"{where}: not {schema['const']!r}"
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if "maximum" in schema:
        assert value <= schema["maximum"], where
    if isinstance(value, dict) and "properties" in schema:
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {missing}"
        unknown = set(value) - set(schema["properties"])
        assert not unknown, f"{where}: properties not in the schema: {unknown}"
        for key, item in value.items():
            _check(item, schema["properties"][key], defs, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(item, schema["items"], defs, f"{where}[{i}]")


def test_json_export_is_the_full_model_and_fits_its_schema(pack: RubricPack) -> None:
    session = sample_session(pack)
    text = render(session, pack, "json")
    assert text == render_json(session)
    assert Session.model_validate_json(text) == session
    schema = session_schema()
    _check(json.loads(text), schema, schema["$defs"], "session")


def test_schema_checker_catches_a_mismatch(pack: RubricPack) -> None:
    data = json.loads(render_json(sample_session(pack)))
    data["records"][0]["grade"]["score"] = "four"
    schema = session_schema()
    with pytest.raises(AssertionError, match="score"):
        _check(data, schema, schema["$defs"], "session")


def test_render_dispatches_every_format(pack: RubricPack) -> None:
    session = sample_session(pack)
    assert render(session, pack, "md").startswith("# Mock interview")
    assert render(session, pack, "html").startswith("<!DOCTYPE html>")
