"""The session store: round trip, atomic replace, permissions, corrupt files, look-ups."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from session_factories import make_grade

from mock_interviewer import files as files_module
from mock_interviewer.errors import UsageError
from mock_interviewer.models import SCHEMA_VERSION, InterviewPlan, Session
from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.flow import InterviewFlow
from mock_interviewer.session.plan import new_session
from mock_interviewer.session.store import (
    SessionNotFound,
    SessionStore,
    StoreError,
)

Q1, Q2 = "q01_why_product_ops", "q03_daily_systems"


def answered_session(pack: RubricPack, store: SessionStore, *, finish: bool = False) -> Session:
    plan = InterviewPlan(question_ids=[Q1, Q2], max_follow_ups=0)
    flow = InterviewFlow(new_session(pack, plan), pack, store)
    flow.question_asked()
    request = flow.answer_submitted("I enjoy enabling PMs.", seconds=30)
    flow.grade_ready(make_grade(pack, Q1, score=4, default="hit"), request)
    if finish:
        flow.question_asked()
        flow.skip()
    return flow.session


def test_round_trip_keeps_every_field(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    loaded = store.load(session.id)
    assert loaded == session
    assert loaded.records[0].grade.score == 4
    raw = json.loads((tmp_path / "sessions" / f"{session.id}.json").read_text())
    assert raw["schema_version"] == SCHEMA_VERSION


def test_default_location_follows_mock_interviewer_home(pack: RubricPack, tmp_path: Path) -> None:
    session = answered_session(pack, SessionStore())
    assert (tmp_path / "home" / "data" / "sessions" / f"{session.id}.json").is_file()


def test_files_are_private(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    path = store.path_for(session.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700


class Crash(BaseException):
    """Stands in for the process dying between the temp-file write and the rename."""


def test_crash_between_write_and_rename_leaves_old_file_intact(
    pack: RubricPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    path = store.path_for(session.id)
    before = path.read_bytes()
    written: list[bytes] = []

    def crash(src: Path, dst: Path) -> None:
        written.append(Path(src).read_bytes())
        raise Crash

    monkeypatch.setattr(files_module.os, "replace", crash)
    session.records[0].turns[-1].text = "an edited answer"
    with pytest.raises(Crash):
        store.save(session)
    assert b"an edited answer" in written[0], "the new version was fully written first"
    assert path.read_bytes() == before
    assert store.load(session.id).records[0].answers == ["I enjoy enabling PMs."]


def test_leftover_temp_files_are_not_sessions(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    stray = store.directory / f".{session.id}.abc123.tmp"
    stray.write_text('{"half": ')
    summaries, problems = store.list_sessions()
    assert [s.id for s in summaries] == [session.id] and problems == []
    assert stray.exists()


def test_write_failure_is_a_store_error(pack: RubricPack, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot save"):
        answered_session(pack, SessionStore(blocker))


CORRUPT = {
    "truncated.json": None,  # filled with half of a real session below
    "empty.json": "",
    "not-a-session.json": '{"hello": "world"}',
    "future.json": None,
    "binary.json": "\x00\x01garbage",
}


def test_corrupt_files_are_reported_by_name_skipped_and_never_touched(
    pack: RubricPack, tmp_path: Path
) -> None:
    store = SessionStore(tmp_path)
    good = answered_session(pack, store)
    text = store.path_for(good.id).read_text()
    contents = dict(CORRUPT)
    contents["truncated.json"] = text[: len(text) // 2]
    contents["future.json"] = text.replace('"schema_version": 1', '"schema_version": 99')
    for name, content in contents.items():
        (store.directory / name).write_text(content)

    summaries, problems = store.list_sessions()
    assert [s.id for s in summaries] == [good.id]
    reasons = {p.path.name: p.reason for p in problems}
    assert set(reasons) == set(contents)
    assert "not valid JSON" in reasons["truncated.json"]
    assert "empty file" in reasons["empty.json"]
    assert "newer mock-interviewer" in reasons["future.json"]
    assert all(str(p).startswith(f"{p.path}: ") for p in problems)

    answered_session(pack, store)  # saving other sessions leaves them alone too
    store.latest_unfinished()
    for name, content in contents.items():
        assert (store.directory / name).read_text() == content
    with pytest.raises(StoreError, match=r"truncated\.json"):
        store.resolve("truncated")


def test_summaries_and_latest_unfinished(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    done = answered_session(pack, store, finish=True)
    older = answered_session(pack, store)
    newer = answered_session(pack, store)
    summaries, _ = store.list_sessions()
    by_id = {s.id: s for s in summaries}
    assert by_id[done.id].finished and not by_id[older.id].finished
    assert (by_id[done.id].answered, by_id[done.id].planned) == (1, 2)
    assert by_id[done.id].score == 4.0 and by_id[done.id].mode == "interview"
    assert by_id[done.id].as_json()["score"] == 4.0
    assert store.latest_unfinished().id == newer.id
    assert older.id != newer.id


def test_latest_unfinished_is_none_without_sessions(tmp_path: Path) -> None:
    assert SessionStore(tmp_path).latest_unfinished() is None
    assert SessionStore(tmp_path).list_sessions() == ([], [])


def test_delete(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    assert store.delete(session.id) == store.path_for(session.id)
    assert not store.path_for(session.id).exists()
    with pytest.raises(SessionNotFound):
        store.delete(session.id)


@pytest.mark.parametrize("bad", ["../escape", "a/b", "", ".hidden", "x..y"])
def test_ids_that_are_not_file_names_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError, match="not a session id"):
        SessionStore(tmp_path).delete(bad)


def test_resolve_by_id_prefix_and_path(pack: RubricPack, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = answered_session(pack, store)
    for session_id in ("20250101-090000-aaaa", "20250101-090000-aaab", "20250102-090000-cccc"):
        store.save(session.model_copy(update={"id": session_id}))
    assert store.resolve("20250101-090000-aaab").id == "20250101-090000-aaab"
    assert store.resolve("20250102").id == "20250102-090000-cccc"
    assert store.resolve(str(store.path_for(session.id))).id == session.id
    with pytest.raises(UsageError, match="several sessions"):
        store.resolve("20250101-090000-aaa")
    with pytest.raises(SessionNotFound, match="no session"):
        store.resolve("19990101")


def test_no_api_key_or_environment_is_ever_saved(
    pack: RubricPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "sk-test-do-not-save-0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("MOCK_INTERVIEWER_SENTINEL", "env-sentinel-value")
    store = SessionStore(tmp_path)
    answered_session(pack, store, finish=True)
    for path in store.directory.iterdir():
        text = path.read_text()
        assert secret not in text
        assert "env-sentinel-value" not in text and "OPENAI" not in text
