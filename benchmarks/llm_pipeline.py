"""Report-ready time with an LLM: how long after the last answer until the report is complete.

A fake OpenAI-compatible server on 127.0.0.1 answers every call after a fixed latency (2 s by
default). An 8-question interview runs through the real `InterviewFlow` and `LLMEngine` the
way the UI drives them: the offline grade decides the follow-up at once, the judge grades
every answer in the background, each question after the first streams in behind the LLM's
bridge sentence, and one follow-up per question streams in. The clock starts at
the last answer and stops when the Markdown report is rendered from a fully graded session.

Run: python benchmarks/llm_pipeline.py [--latency 2.0]   (prints figures; nothing is asserted)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mock_interviewer.config import Settings
from mock_interviewer.llm import LLMEngine
from mock_interviewer.llm.fakes import chat_completion, judgement, sse_stream
from mock_interviewer.models import Grade, Session
from mock_interviewer.rubric import load_default_rubric
from mock_interviewer.session.export import render_markdown
from mock_interviewer.session.flow import GradeRequest, InterviewFlow, Phase
from mock_interviewer.session.plan import PlanOptions, build_plan, new_session

QUESTIONS = 8
ANSWER = (
    "At my last company I ran the weekly release review with the product managers. "
    "I rebuilt the intake process in Jira and we cut cycle time by 20% in one quarter."
)
FOLLOW_UP_ANSWER = "I piloted it with one team first and asked support for feedback every week."
# Every streamed call gets these: a follow-up says all of it, a bridge keeps the first sentence.
LINE_TOKENS = ["Thanks for that. ", "Could you ", "walk me through ", "one specific ", "example?"]


def fake_server(latency: float) -> ThreadingHTTPServer:
    """/v1/chat/completions after `latency` seconds: SSE for streams, a judgement otherwise."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            time.sleep(latency)
            if body.get("stream"):
                payload, kind = sse_stream(LINE_TOKENS), "text/event-stream"
            else:
                payload, kind = self._judgement(body), "application/json"
            # A judge call superseded by a follow-up answer is cancelled and its socket closed.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        @staticmethod
        def _judgement(body: dict) -> bytes:
            schema = body["response_format"]["json_schema"]["schema"]
            ids = schema["$defs"]["JudgedSignal"]["properties"]["signal_id"]["enum"]
            user = body["messages"][1]["content"]
            answer = re.search(r"<<<ANSWER (\w+)>>>\n(.*)\n<<<END ANSWER \1>>>", user, re.S)
            first_sentence = answer.group(2).split(". ")[0] if answer else ""
            verdict = judgement(ids, score=3, quotes=[first_sentence])
            return json.dumps(chat_completion(json.dumps(verdict))).encode()

        def log_message(self, *args: object) -> None:
            """Quiet: the benchmark prints its own figures."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class NoStore:
    def save(self, session: Session) -> None:
        """The benchmark measures the pipeline, not the disk."""


async def interview(engine: LLMEngine) -> tuple[float, Session]:
    """Run the interview; return seconds from the last answer to a rendered, complete report."""
    pack = engine.pack
    session = new_session(pack, build_plan(pack, PlanOptions(questions=QUESTIONS)))
    flow = InterviewFlow(session, pack, NoStore())
    background: dict[int, asyncio.Task[None]] = {}  # record index -> its judge call
    last_answer = 0.0

    async def judge(request: GradeRequest) -> None:
        grade: Grade = await engine.grade(request.question_id, request.answer)
        flow.grade_ready(grade, request)

    while not flow.finished:
        if flow.phase is Phase.ASK:
            question_id, previous = flow.ask_context()
            line = "".join([t async for t in engine.ask(question_id, previous)])
            assert line.rstrip().endswith(pack.question(question_id).text)
            flow.question_asked()
        elif flow.phase is Phase.ANSWER:
            record = flow.current_record
            text = FOLLOW_UP_ANSWER if record and record.answers else ANSWER
            request = flow.answer_submitted(text)
            last_answer = time.perf_counter()
            superseded = background.get(request.record)
            if superseded:
                superseded.cancel()  # the flow would drop its grade as stale anyway
            background[request.record] = asyncio.create_task(judge(request))
            if flow.phase is Phase.GRADING:
                flow.grade_ready(
                    engine.preliminary_grade(request.question_id, request.answer), request
                )
        elif flow.phase is Phase.FOLLOW_UP:
            tokens = [t async for t in engine.follow_up(*flow.follow_up_context())]
            flow.follow_up_ready("".join(tokens))
    await asyncio.gather(*background.values())
    render_markdown(session, pack)
    graded_by_llm = [r for r in session.records if r.grade and r.grade.grader != "offline"]
    assert len(graded_by_llm) == QUESTIONS, "every answer should carry the judge's grade"
    return time.perf_counter() - last_answer, session


async def run(latency: float) -> None:
    server = fake_server(latency)
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    pack = load_default_rubric()
    engine = LLMEngine(Settings(base_url=url, model="fake-judge"), pack)
    try:
        await engine.grade(pack.questions[0].id, ANSWER)  # warm-up: connection, SDK set-up
        start = time.perf_counter()
        await engine.grade(pack.questions[0].id, ANSWER)
        one_call = time.perf_counter() - start
        await engine.aclose()
        engine = LLMEngine(Settings(base_url=url, model="fake-judge"), pack)
        start = time.perf_counter()
        ready, session = await interview(engine)
        total = time.perf_counter() - start
    finally:
        await engine.aclose()
        server.shutdown()
    usage = engine.usage
    print(f"fake server latency per call: {latency:.2f} s; one judge call: {one_call:.2f} s")
    print(
        f"interview: {QUESTIONS} questions, {len(session.records)} records, "
        f"{usage.calls} LLM calls completed, {usage.total_tokens} tokens, {total:.2f} s in all"
    )
    print(
        f"report ready {ready:.2f} s after the last answer = {ready / one_call:.2f} x one judge "
        f"call (judging them one by one at the end: ~{QUESTIONS * one_call:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=2.0, help="seconds per fake call")
    asyncio.run(run(parser.parse_args().latency))


if __name__ == "__main__":
    main()
