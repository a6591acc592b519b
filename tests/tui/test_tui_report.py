"""Pilot tests of the report: scores, coverage bars, top feedback, graders, save and export."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Markdown
from tui_support import SIZE, Recorder, graded_session, make_app, make_services, settle

from mock_interviewer.rubric import RubricPack
from mock_interviewer.session.export import render
from mock_interviewer.tui.app import Start
from mock_interviewer.tui.screens.detail import QuestionDetailScreen
from mock_interviewer.tui.screens.home import HomeScreen
from mock_interviewer.tui.screens.report import ReportScreen
from mock_interviewer.tui.widgets.bars import SignalBars


def cells(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def test_report_shows_scores_coverage_feedback_and_graders(
    pack: RubricPack, tmp_path: Path
) -> None:
    services = make_services(pack, tmp_path)
    session = graded_session(pack)
    services.store.save(session)
    app = make_app(services, Start("session", session_id=session.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        headline = str(screen.query_one("#report-headline").render())
        assert "3 questions · 2 answered · mean 3.0/5" in headline
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        assert cells(table, 0)[2:] == ["████░ 4/5", "offline", "0", "1:15"]
        assert cells(table, 1)[2] == "██░░░ 2/5"
        assert cells(table, 1)[3] == "hybrid ⚠"
        assert "grades differ by 2 or more" in str(screen.query_one("#report-disagree").render())
        assert cells(table, 2)[2:4] == ["skipped", "—"]

        bars = str(screen.query_one(SignalBars).render())
        motivation = next(line for line in bars.splitlines() if "Motivation" in line)
        assert "████████████████ 100%" in motivation
        systems = next(line for line in bars.splitlines() if "Personal operating" in line)
        assert "░░░░░░░░░░░░░░░░   0%" in systems

        feedback = screen.query_one("#report-feedback", Markdown).source
        strengths, improvements = feedback.split("### Top improvements")
        assert "Names a specific reason for product ops" in strengths
        assert improvements.count("Say how you free up PMs") == 1, "repeats are merged"

        table.move_cursor(row=0)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionDetailScreen)
        detail = app.screen.query_one(Markdown).source
        assert "**You:** I enjoy enabling PMs \\*a lot\\*\\." in detail
        assert "Score 4/5" in detail and "Outline of a strong answer" in detail
        await pilot.press("escape")
        assert app.screen is screen

        table.move_cursor(row=1)  # the hybrid grade: who made each call
        await pilot.press("enter")
        detail = app.screen.query_one(Markdown).source
        assert "graded by hybrid (llm 1, offline 1)" in detail
        assert "Personal operating system (key) · _llm_" in detail
        assert "Concrete example · _offline_" in detail


async def test_report_save_and_export(pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    session = graded_session(pack)
    notes = Recorder()
    app = make_app(services)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        app.open_report(session)
        await settle(pilot)
        await pilot.press("s", "m", "j", "w")
        await pilot.pause()
        assert services.store.load(session.id) == session
        for fmt in ("md", "json", "html"):
            path = tmp_path / "exports" / f"mock-interview-{session.id}.{fmt}"
            assert path.read_text(encoding="utf-8") == render(session, pack, fmt)
            assert str(path) in notes.text()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_export_failure_is_a_notification(pack: RubricPack, tmp_path: Path) -> None:
    services = make_services(pack, tmp_path)
    services.export_dir = tmp_path / "a-file"
    services.export_dir.write_text("not a folder")
    notes = Recorder()
    app = make_app(services)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        app.open_report(graded_session(pack))
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert notes.notes and notes.notes[-1].severity == "error"


async def test_type_ahead_after_an_interview_does_not_export(
    pack: RubricPack, tmp_path: Path, monkeypatch
) -> None:
    """Letters still being typed when the report replaces the interview do nothing; once the
    guard lapses the same keys work."""
    session = graded_session(pack)
    export = tmp_path / "exports" / f"mock-interview-{session.id}.md"
    for guard, exported in ((60.0, False), (0.0, True)):
        monkeypatch.setattr(ReportScreen, "TYPE_AHEAD_SECONDS", guard)
        app = make_app(make_services(pack, tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            app.open_report(session, replace=True)
            await settle(pilot)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, ReportScreen)
            assert export.exists() is exported
