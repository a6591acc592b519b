"""The foundation commands as a user runs them: questions, grade, batch, schema, eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mock_interviewer.cli import main
from mock_interviewer.grading.inputs import MAX_ANSWER_CHARS

GOOD = (
    "At my last company I mapped our release approval steps with the PMs and engineering leads, "
    "and replaced two sign-offs with a checklist in Jira. Approval time dropped from 9 days to 2."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_questions_json_lists_the_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "questions", "--json")
    assert code == 0
    questions = json.loads(out)
    assert len(questions) == 18
    assert {"id", "text", "level", "key_signals"} <= set(questions[0])
    assert [q["level"] for q in questions].count("advanced") == 7


def test_grade_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grade", "--question", "q04_process_reengineering", "--answer", GOOD)
    assert code == 0
    assert "Score:" in out and "Follow-up:" in out
    code, out, _ = run(
        capsys,
        "grade",
        "--offline",
        "--question",
        "q04_process_reengineering",
        "--answer",
        GOOD,
        "--json",
    )
    grade = json.loads(out)
    assert code == 0 and grade["grader"] == "offline" and 1 <= grade["score"] <= 5


def test_grade_reads_answer_file_and_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answer.txt"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(
        capsys,
        "grade",
        "--question",
        "q04_process_reengineering",
        "--answer-file",
        str(path),
        "--json",
    )
    from_file = json.loads(out)
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    code2, out2, _ = run(
        capsys, "grade", "--question", "q04_process_reengineering", "--answer-file", "-", "--json"
    )
    assert code == code2 == 0
    assert json.loads(out2)["score"] == from_file["score"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grade", "--question", "nope", "--answer", "x y z"], "unknown question id 'nope'"),
        (["grade", "--question", "q01_why_product_ops", "--answer", "   "], "answer is empty"),
        (["grade", "--question", "q01_why_product_ops"], "--answer TEXT or --answer-file"),
        (["grade", "--answer", "hello"], "needs --question"),
        (
            ["grade", "--question", "q01_why_product_ops", "--answer-file", "/no/such/file"],
            "file not found",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_non_utf8_and_huge_answers_get_clear_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9 process".encode("latin-1"))
    code, _, err = run(
        capsys, "grade", "--question", "q04_process_reengineering", "--answer-file", str(latin)
    )
    assert code == 2 and "not UTF-8" in err
    huge = tmp_path / "huge.txt"
    huge.write_text("word " * (1024 * 1024 // 5), encoding="utf-8")
    code, _, err = run(
        capsys, "grade", "--question", "q04_process_reengineering", "--answer-file", str(huge)
    )
    assert code == 2 and f"{MAX_ANSWER_CHARS:,}" in err


def test_batch_grades_in_order_and_reports_bad_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"question_id": "q04_process_reengineering", "answer": GOOD}),
                "{not json",
                json.dumps({"question_id": "zzz", "answer": "hello there"}),
                json.dumps({"question_id": "q09_data_background"}),
                json.dumps({"question_id": "q09_data_background", "answer": "I wrote SQL."}),
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "grade", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["line"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[0]["question_id"] == "q04_process_reengineering"
    assert {"score", "signals", "strengths", "improvements", "follow_up", "grader"} <= set(lines[0])
    assert {"id", "hit", "evidence"} <= set(lines[0]["signals"][0])
    assert "not valid JSON" in lines[1]["error"]
    assert "unknown question id" in lines[2]["error"]
    assert "answer" in lines[3]["error"]
    assert lines[4]["question_id"] == "q09_data_background"


def test_schema_is_the_grade_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert {"score", "signals", "follow_up", "grader"} <= set(schema["properties"])


def test_eval_prints_agreement_and_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(__file__).parent / "data" / "calibration.jsonl"
    code, out, _ = run(capsys, "eval", str(data), "--json")
    (report,) = json.loads(out)
    assert code == 0
    assert report["answers"] >= 70
    assert {"exact", "within_one", "qwk"} <= set(report["word_count_baseline"])


def test_bad_rubric_names_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nname = "X"\nversion = "1"\nrole = "r"\nscale = ["a"]\n')
    code, _, err = run(capsys, "--rubric", str(bad), "questions")
    assert code == 2
    assert str(bad) in err and "scale" in err
