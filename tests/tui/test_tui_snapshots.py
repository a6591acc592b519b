"""Snapshots of the main screens at 100x30, animations and cursor blink off.

Dates are fixed (hand-made sessions, TZ=UTC) and the answer timer's clock is frozen, so a
snapshot changes only when the screen does. Update with `pytest --snapshot-update`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import SIZE, graded_session, make_app, make_services, settle

from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.plan import PlanOptions
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.widgets.answer_box import AnswerBox


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def _submit(pilot: Pilot, text: str) -> None:
    pilot.app.screen.query_one(AnswerBox).load_text(text)
    await pilot.press("ctrl+j")
    await settle(pilot)


def test_snapshot_home_with_past_sessions(snap_compare, pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    finished = graded_session(pack)
    unfinished = graded_session(pack).model_copy(
        update={"id": "20250515-090000-beef", "finished": False}
    )
    unfinished.updated_at = unfinished.updated_at.replace(day=15, hour=9)
    services.store.save(finished)
    services.store.save(unfinished)
    assert snap_compare(make_app(services), terminal_size=SIZE, run_before=settle)


def test_snapshot_interview_after_a_follow_up(
    snap_compare, pack: RubricPack, tmp_path: Path
) -> None:
    app = make_app(make_services(pack, tmp_path), Start("interview", PlanOptions(questions=3)))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await _submit(pilot, "We work together closely.")  # weak: a follow-up streams in
        await pilot.press(*"Product ops owns")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_practice_feedback_after_a_retry(
    snap_compare, pack: RubricPack, tmp_path: Path
) -> None:
    app = make_app(
        make_services(pack, tmp_path), Start("practice", question_id="q04_process_reengineering")
    )

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await _submit(pilot, "I optimise processes and I am very data-driven.")
        await pilot.press("ctrl+r")
        await _submit(
            pilot,
            "At Acme I mapped every step of our release intake process and found duplicate "
            "approvals. I removed two approval steps, which cut cycle time from 10 days to 4.",
        )

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_report(snap_compare, pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    session = graded_session(pack)
    services.store.save(session)
    app = make_app(services, Start("session", session_id=session.id))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
