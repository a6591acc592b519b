"""Services built from arguments: the config file's data dir and follow-up limit reach the
store and the plan, flags beat the file, and `resume` opens the right session in the TUI."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_interviewer.cli import build_parser
from mock_interviewer.commands import plan_options
from mock_interviewer.config import config_path
from mock_interviewer.engine import OfflineEngine
from mock_interviewer.rubric import RubricPack
from mock_interviewer.services import engine_for, open_store, settings_for
from mock_interviewer.session.plan import PlanOptions, build_plan, new_session
from mock_interviewer.session.store import SessionStore


def _config(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_config_file_sets_data_dir_and_follow_ups(tmp_path: Path) -> None:
    _config(f'data_dir = "{tmp_path / "elsewhere"}"\nmax_follow_ups = 3\n')
    args = build_parser().parse_args(["interview", "--plain"])
    assert open_store(settings_for(args)).directory == tmp_path / "elsewhere" / "sessions"
    assert plan_options(args, settings_for(args)).max_follow_ups == 3


def test_flags_beat_the_config_file(tmp_path: Path) -> None:
    _config(f'data_dir = "{tmp_path / "elsewhere"}"\nmax_follow_ups = 3\n')
    argv = ["--data-dir", str(tmp_path / "flag"), "interview", "--max-follow-ups", "0"]
    args = build_parser().parse_args(argv)
    assert open_store(settings_for(args)).directory == tmp_path / "flag" / "sessions"
    assert plan_options(args, settings_for(args)).max_follow_ups == 0


def test_engine_is_offline_unless_an_llm_is_configured(
    pack: RubricPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = build_parser().parse_args(["grade"])
    assert isinstance(engine_for(settings_for(args), pack), OfflineEngine)
    monkeypatch.delenv("MOCK_INTERVIEWER_OFFLINE")
    args = build_parser().parse_args(["grade", "--base-url", "http://127.0.0.1:9/v1"])
    llm = engine_for(settings_for(args), pack)
    assert not isinstance(llm, OfflineEngine)
    args = build_parser().parse_args(["--offline", "grade", "--base-url", "http://127.0.0.1:9/v1"])
    assert isinstance(engine_for(settings_for(args), pack), OfflineEngine)


def test_resume_without_plain_opens_the_latest_unfinished_session_in_the_tui(
    pack: RubricPack,
) -> None:
    from mock_interviewer.tui.launch import services_for, start_for

    store = SessionStore()
    older = new_session(pack, build_plan(pack, PlanOptions()))
    store.save(older)
    newer = new_session(pack, older.plan)
    store.save(newer)
    args = build_parser().parse_args(["resume"])
    start = start_for(args, services_for(args))
    assert start.kind == "session"
    assert start.session_id == newer.id


def test_data_dir_with_a_tilde_means_the_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/candidate")
    _config('data_dir = "~/practice"\n')
    args = build_parser().parse_args(["sessions"])
    assert open_store(settings_for(args)).directory == Path("/home/candidate/practice/sessions")
