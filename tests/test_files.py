"""The shared file helpers: atomic writes with chosen modes, and one-line read errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mock_interviewer import files
from mock_interviewer.errors import InputError


class Crash(Exception):
    pass


def test_write_atomic_replaces_with_the_chosen_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    files.write_atomic(target, b"new", InputError, mode=files.SHARED)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == files.SHARED
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"], "no temp file left behind"


def test_a_crash_before_the_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")

    def crash(src: str, dst: str) -> None:
        raise Crash

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(Crash):
        files.write_atomic(target, b"new", InputError)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_into_a_missing_folder_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing: cannot save there"):
        files.write_atomic(tmp_path / "missing" / "x.md", b"x", InputError)


def test_read_errors_name_file_and_cause(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: answer file not found"):
        files.read_bytes(tmp_path / "nope.txt", "answer file", InputError)
    with pytest.raises(InputError, match=r"tmp.*: is a directory, not a file"):
        files.read_bytes(tmp_path, "answer file", InputError)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(
        InputError, match=r"latin1\.txt is not UTF-8 text \(bad byte at position 3\)"
    ):
        files.read_text(bad, "file", InputError)
