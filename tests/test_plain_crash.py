"""Kill a real plain-mode interview with SIGKILL after two answers; resume loses nothing."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mock_interviewer.session.store import SessionStore

ANSWERS = [
    "I enjoy enabling product managers rather than owning the roadmap myself.",
    "At Acme I took release notes off the PMs' plate, which saved each of them 3 hours a week.",
    "Every Monday I review my task list and flag risks to dependencies early.",
]
TIMEOUT = 60


class Interviewee:
    """Talks to the subprocess line by line; waits on its output, never on the clock."""

    def __init__(self, args: list[str], home: Path) -> None:
        env = {**os.environ, "MOCK_INTERVIEWER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mock_interviewer", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_prompt(self) -> str:
        """The next interviewer line: a question or a follow-up."""
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                stderr = self.proc.stderr.read() if self.proc.stderr else ""
                pytest.fail(f"process ended early; output: {self.seen}; stderr: {stderr}")
            self.seen.append(line)
            if line.startswith(("Question", "Follow-up:")):
                return line

    def answer(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{text}\n.\n")
        self.proc.stdin.flush()


def test_sigkill_after_two_answers_then_resume_keeps_both(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = Interviewee(["interview", "--plain", "--offline", "--questions", "3"], home)
    try:
        assert run.wait_for_prompt().startswith("Question 1 of 3")
        run.answer(ANSWERS[0])
        run.wait_for_prompt()  # a follow-up or question 2: printed only after the save
        run.answer(ANSWERS[1])
        run.wait_for_prompt()
    finally:
        run.proc.send_signal(signal.SIGKILL)
        run.proc.wait(timeout=TIMEOUT)
    assert run.proc.returncode == -signal.SIGKILL

    store = SessionStore(home / "data")
    killed = store.latest_unfinished()
    assert killed is not None
    answers = [a for r in killed.records for a in r.answers]
    assert answers == ANSWERS[:2]

    resumed = subprocess.run(
        [sys.executable, "-m", "mock_interviewer", "resume", "--plain", "--offline"],
        input=f"{ANSWERS[2]}\n.\n",
        capture_output=True,
        text=True,
        env={**os.environ, "MOCK_INTERVIEWER_HOME": str(home)},
        timeout=TIMEOUT,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming session {killed.id}: " in resumed.stdout
    assert "## Scores" in resumed.stdout
    final = store.load(killed.id)
    assert [a for r in final.records for a in r.answers] == ANSWERS
    assert final.finished
    assert all(r.grade is not None for r in final.records if r.answers)
