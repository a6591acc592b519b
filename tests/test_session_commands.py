"""The session sub-commands through `cli.main`: output, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from session_factories import sample_session

from mock_interviewer.cli import main
from mock_interviewer.models import Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.store import SessionStore


@pytest.fixture
def store() -> SessionStore:
    return SessionStore()  # under MOCK_INTERVIEWER_HOME, like the CLI


def saved(
    pack: RubricPack, store: SessionStore, session_id: str, *, finished: bool = True
) -> Session:
    session = sample_session(pack).model_copy(update={"id": session_id, "finished": finished})
    store.save(session)
    return session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sessions_lists_and_warns_about_corrupt_files(
    pack: RubricPack, store: SessionStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "sessions")
    assert code == 0 and out.startswith("No sessions yet")
    saved(pack, store, "20250304-093000-aaaa")
    saved(pack, store, "20250305-093000-bbbb", finished=False)
    (store.directory / "broken.json").write_text("{")
    code, out, err = run(capsys, "sessions")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "DATE", "MODE", "ANSWERED", "SCORE", "STATUS"]
    assert {row.split()[0] for row in rows} == {"20250304-093000-aaaa", "20250305-093000-bbbb"}
    assert "2/3" in rows[0] and "3.0" in rows[0]
    assert err.count("\n") == 1 and "broken.json" in err
    code, out, _ = run(capsys, "sessions", "--json")
    listed = json.loads(out)
    assert {s["finished"] for s in listed} == {True, False}
    assert (store.directory / "broken.json").read_text() == "{"


def test_sessions_delete(pack: RubricPack, store: SessionStore, capsys) -> None:
    saved(pack, store, "20250304-093000-aaaa")
    code, out, _ = run(capsys, "sessions", "--delete", "20250304-093000-aaaa")
    assert code == 0 and "Deleted session 20250304-093000-aaaa" in out
    code, _, err = run(capsys, "sessions", "--delete", "20250304-093000-aaaa")
    assert code == 2 and err.startswith("mock-interviewer: error: no session")
    assert err.count("\n") == 1


@pytest.mark.parametrize(("fmt", "start"), [("md", "# Mock"), ("html", "<!DOCTYPE"), ("json", "{")])
def test_report_formats_to_stdout_and_file(
    pack: RubricPack, store: SessionStore, capsys, tmp_path: Path, fmt: str, start: str
) -> None:
    saved(pack, store, "20250304-093000-aaaa")
    code, out, _ = run(capsys, "report", "20250304", "--format", fmt)
    assert code == 0 and out.startswith(start)
    target = tmp_path / f"report.{fmt}"
    code, out, _ = run(capsys, "report", "20250304-093000-aaaa", "--format", fmt, "-o", str(target))
    assert code == 0 and out == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith(start)


def test_report_errors_are_one_line_with_exit_2(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "report", "nothing-here")
    assert code == 2 and out == "" and err.count("\n") == 1
    with pytest.raises(SystemExit) as exc:
        main(["report", "x", "--format", "pdf"])
    assert exc.value.code == 2


def test_data_dir_option_before_or_after_the_command(
    pack: RubricPack, capsys, tmp_path: Path
) -> None:
    other = SessionStore(tmp_path / "elsewhere")
    saved(pack, other, "20250304-093000-cccc")
    for argv in (
        ["--data-dir", str(tmp_path / "elsewhere"), "sessions"],
        ["sessions", "--data-dir", str(tmp_path / "elsewhere")],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and "20250304-093000-cccc" in out


def test_progress_over_three_sessions(pack: RubricPack, store: SessionStore, capsys) -> None:
    for day in (4, 5, 6):
        saved(pack, store, f"202503{day:02d}-093000-aaaa")
    code, out, _ = run(capsys, "progress")
    assert code == 0 and out.startswith("Progress over 3 finished session(s)")
    assert "Data fluency" in out


def test_schema_session_prints_the_session_schema(capsys) -> None:
    code, out, _ = run(capsys, "schema", "--session")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Session" and "records" in schema["properties"]
    code, out, _ = run(capsys, "schema")
    assert json.loads(out)["title"] == "Grade"


def test_resume_without_unfinished_sessions_is_a_usage_error(
    pack: RubricPack, store: SessionStore, capsys
) -> None:
    code, _, err = run(capsys, "resume")
    assert code == 2 and "no unfinished session" in err
    saved(pack, store, "20250304-093000-aaaa")
    code, _, err = run(capsys, "resume", "20250304-093000-aaaa")
    assert code == 2 and "is finished" in err


def test_interview_plain_reads_stdin(
    store: SessionStore, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = "Every Monday I review my task list in Notion and flag risks to dependencies early."
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{answer}\n.\n"))
    code, out, _ = run(
        capsys,
        "interview",
        "--plain",
        "--offline",
        "--questions",
        "2",
        "--level",
        "advanced",
        "--seed",
        "3",
    )
    assert code == 0 and "Question 1 of 2" in out and "## Scores" in out
    assert "(offline engine)" in out
    (summary,), _ = store.list_sessions()
    session = store.load(summary.id)
    assert session.plan.shuffle_seed == 3 and session.finished
    assert session.records[0].answers == [answer]


def test_interview_with_impossible_plan_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "interview", "--plain", "--questions", "40")
    assert code == 2 and "has 11 common" in err


def test_practice_plain_with_an_id(store: SessionStore, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("I track KPIs like cycle time.\n.\n"))
    code, out, _ = run(capsys, "practice", "--plain", "--offline", "q16_ops_kpis")
    assert code == 0 and "A strong answer covers:" in out
    (summary,), _ = store.list_sessions()
    assert summary.mode == "practice" and summary.finished
    code, _, err = run(capsys, "practice", "--plain", "q99_nope")
    assert code == 2 and "unknown question id" in err
