"""TUI figures: time to first paint of the home screen, and typing latency while grading runs.

Run: python benchmarks/tui_startup.py  (prints figures; nothing is asserted)

First paint is measured headless, from process launch (interpreter start and imports
included) to Textual's `Ready` event, which is posted once the first frame is composed.
Typing latency is the time each simulated key press takes to be handled, measured with the
Pilot while an answer is being graded, plus the longest stall of the event loop meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mock_interviewer.engine import EngineDefaults

CHILD = """
import sys, time
from mock_interviewer.cli import build_parser
from mock_interviewer.tui.launch import services_for
from mock_interviewer.tui.app import InterviewerApp

class Probe(InterviewerApp):
    def on_ready(self) -> None:
        print(time.time())
        self.exit()

Probe(services_for(build_parser().parse_args(["--offline"]))).run(headless=True)
"""

TYPICAL_ANSWER = (
    "At Acme I mapped every step of our release intake process and found duplicate approvals. "
    "I removed two approval steps and automated the status report, which cut cycle time from "
    "10 days to 4 days. "
) * 4  # about 140 words

LONG_ANSWER = (
    "At Acme I mapped every step of our release intake process and found duplicate approvals. "
    "I removed two approval steps and automated the status report, which cut cycle time from "
    "10 days to 4 days. "
) * 20  # about 700 words: a long, rambling answer is the offline grader's worst case


def first_paint(runs: int = 7) -> list[float]:
    """Milliseconds from launching a Python process to the home screen's first frame."""
    env = {**os.environ, "MOCK_INTERVIEWER_HOME": tempfile.mkdtemp(), "OPENAI_API_KEY": ""}
    timings = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True
        )
        timings.append((float(out.stdout.strip().splitlines()[-1]) - start) * 1000)
    return timings


class SlowEngine(EngineDefaults):
    """Stands in for an LLM: the grade takes `delay` seconds of waiting on the network."""

    def __init__(self, pack, delay: float) -> None:  # type: ignore[no-untyped-def]
        from mock_interviewer.engine import OfflineEngine

        self.pack = pack
        self._offline = OfflineEngine(pack)
        self._delay = delay
        self.name = "slow-llm"
        self.usage = self._offline.usage

    async def grade(self, question_id: str, answer: str):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self._delay)
        return await self._offline.grade(question_id, "short answer")

    def follow_up(self, question_id, answer, grade):  # type: ignore[no-untyped-def]
        return self._offline.follow_up(question_id, answer, grade)


async def typing_latency(
    engine_kind: str, answer: str = LONG_ANSWER, keys: int = 40
) -> tuple[list[float], float]:
    """Per-key latency (ms) while one long answer is graded, and the longest loop stall.

    Each key is sent the way a terminal's would arrive (through the driver) and timed until
    the answer box holds it; keys come every 10 ms (key repeat), so some land mid-grade.
    """
    from textual import events

    from mock_interviewer.engine import OfflineEngine
    from mock_interviewer.rubric import load_default_rubric
    from mock_interviewer.session.plan import PlanOptions
    from mock_interviewer.session.store import SessionStore
    from mock_interviewer.tui.app import InterviewerApp, Start
    from mock_interviewer.tui.services import Services
    from mock_interviewer.tui.widgets.answer_box import AnswerBox

    pack = load_default_rubric()
    engine = OfflineEngine(pack) if engine_kind != "slow" else SlowEngine(pack, 0.5)
    services = Services(pack=pack, engine=engine, store=SessionStore(Path(tempfile.mkdtemp())))
    options = PlanOptions(questions=3, follow_ups=False)  # grading runs behind question 2
    app = InterviewerApp(services, Start("interview", options=options), blink=False)
    stall = 0.0

    async def watch_loop() -> None:
        nonlocal stall
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.002)
            stall = max(stall, time.perf_counter() - before - 0.002)

    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        box = app.screen.query_one(AnswerBox)
        watcher = asyncio.create_task(watch_loop())
        if engine_kind != "idle":
            box.load_text(answer)
            app._driver.send_message(events.Key("ctrl+j", None))  # typing starts right away
            while box.text:
                await asyncio.sleep(0)
        timings = []
        for ch in ("the next answer starts here while grading runs " * 2)[:keys]:
            expected = len(box.text) + 1
            start = time.perf_counter()
            app._driver.send_message(events.Key(ch if ch != " " else "space", ch))
            while len(box.text) < expected:
                await asyncio.sleep(0)
            timings.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.01)
        watcher.cancel()
        await app.workers.wait_for_complete()
    return timings, stall * 1000


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def main() -> None:
    paint = first_paint()
    print(
        f"first paint of home (process launch -> first frame, {len(paint)} runs): {summary(paint)}"
    )
    for kind, answer, label in (
        ("idle", "", "no grading"),
        ("offline", TYPICAL_ANSWER, "offline grader, 140-word answer"),
        ("offline", LONG_ANSWER, "offline grader, 700-word answer"),
        ("slow", LONG_ANSWER, "LLM-like engine (0.5 s grade), 700-word answer"),
    ):
        timings, stall = asyncio.run(typing_latency(kind, answer))
        print(f"typing, {label}: {summary(timings)}; longest loop stall {stall:.1f} ms")


if __name__ == "__main__":
    main()
