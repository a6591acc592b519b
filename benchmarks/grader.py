"""Offline grader speed: per-answer latency in process, and a whole-process batch of 100.

Run: python benchmarks/grader.py  (prints figures; nothing is asserted)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mock_interviewer.grading import grade_answer
from mock_interviewer.rubric import load_default_rubric

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "calibration.jsonl"


def main() -> None:
    pack = load_default_rubric()
    items = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    grade_answer(pack, items[0]["question_id"], items[0]["answer"])  # compile cues once
    timings = []
    for _ in range(5):
        for item in items:
            start = time.perf_counter()
            grade_answer(pack, item["question_id"], item["answer"])
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"in process: {len(timings)} gradings, median {statistics.median(timings):.2f} ms, "
        f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )

    batch = [{"question_id": i["question_id"], "answer": i["answer"]} for i in items]
    batch = (batch * 2)[:100]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.jsonl"
        path.write_text("".join(json.dumps(b) + "\n" for b in batch))
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "mock_interviewer", "grade", "--batch", str(path), "--json"],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(time.perf_counter() - start)
            assert len(done.stdout.splitlines()) == 100
    print(
        f"whole process: grade --batch of 100 answers, best {min(runs):.2f} s, "
        f"median {statistics.median(runs):.2f} s over {len(runs)} runs"
    )


if __name__ == "__main__":
    main()
