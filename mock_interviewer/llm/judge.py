"""The LLM judge: rubric in, evidence-checked verdict out.

The reply schema puts evidence and rationale before the score (the model writes its reasons
first). Every quote is located in the answer; quotes that are not there, or that are
instructions to the grader, are dropped and the call is re-asked once with the error. Bad JSON
and wrong shapes are re-asked once too (tenacity owns that loop); a second failure is an
`LLMOutputError`, which the engine turns into the offline grade.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from mock_interviewer.grading.text import is_instruction_to_grader
from mock_interviewer.llm.client import ChatClient, Messages, Reply, UsageMeter
from mock_interviewer.llm.errors import LLMOutputError
from mock_interviewer.llm.prompts import Prompt, markers_for
from mock_interviewer.models import Evidence, Question, SignalResult, Strict
from mock_interviewer.rubric import RubricPack

ATTEMPTS = 2  # the first call and one re-ask
MIN_QUOTE_CHARS = 3
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_QUOTE_TRIM = " \t\n\"'“”‘’.…"


class JudgedSignal(Strict):
    signal_id: str
    evidence: list[str]
    rationale: str
    status: Literal["hit", "partial", "miss"]


class Judgement(Strict):
    """What the model must return; field order is the order it writes them."""

    signals: list[JudgedSignal]
    strengths: list[str]
    improvements: list[str]
    rationale: str
    score: Literal[1, 2, 3, 4, 5]


@cache
def _base_schema() -> dict[str, Any]:
    schema = Judgement.model_json_schema()
    schema.pop("description", None)  # the docstring is for readers of this file, not the model
    return schema


def schema_for(question: Question) -> dict[str, Any]:
    """The reply schema, with signal ids narrowed to this question's key signals."""
    schema = copy.deepcopy(_base_schema())
    schema["$defs"]["JudgedSignal"]["properties"]["signal_id"]["enum"] = question.key_signals
    return schema


class InvalidOutput(LLMOutputError):
    """A reply the model can fix: the message is fed back to it verbatim."""


@dataclass
class Verdict:
    """A verified judgement: key-signal results with located evidence, and the raw score."""

    signals: list[SignalResult]
    score: int
    strengths: list[str]
    improvements: list[str]
    rationale: str
    dropped: list[str] = field(default_factory=list)


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, unify quote marks and collapse whitespace, keeping each char's origin."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text.translate(_FOLD).lower()):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        origin.append(i)
    return "".join(chars), origin


def locate(quote: str, answer: str) -> Evidence | None:
    """The quote as an exact span of the answer (forgiving case, quote marks and spacing)."""
    wanted = quote.strip(_QUOTE_TRIM)
    if len(wanted.replace(" ", "")) < MIN_QUOTE_CHARS:
        return None
    folded_answer, origin = _fold(answer)
    folded_quote, _ = _fold(wanted)
    pos = folded_answer.find(folded_quote)
    if pos < 0:
        return None
    start, end = origin[pos], origin[pos + len(folded_quote) - 1] + 1
    return Evidence(quote=answer[start:end], start=start, end=end)


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def verify(reply: Reply, question: Question, answer: str) -> Verdict:
    """Parse and check one reply; raise InvalidOutput with words the model can act on."""
    if reply.truncated:
        raise InvalidOutput("it was cut off by the token limit; keep rationales shorter")
    if not reply.content.strip():
        raise InvalidOutput("it was empty")
    try:
        judgement = Judgement.model_validate_json(reply.content)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise InvalidOutput(f"it is not valid JSON ({exc.errors()[0]['msg']})") from None
        raise InvalidOutput(f"it does not match the schema: {_describe(exc)}") from None
    ids = [s.signal_id for s in judgement.signals]
    unknown = [i for i in ids if i not in question.key_signals]
    missing = [i for i in question.key_signals if i not in ids]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if unknown or missing or repeated:
        problems = [
            f"{label}: {', '.join(items)}"
            for label, items in (("unknown", unknown), ("missing", missing), ("repeated", repeated))
            if items
        ]
        raise InvalidOutput(
            f"signal ids must be exactly {', '.join(question.key_signals)} ({'; '.join(problems)})"
        )
    results, dropped = [], []
    for judged in sorted(judgement.signals, key=lambda s: question.key_signals.index(s.signal_id)):
        evidence = []
        for quote in judged.evidence:
            found = locate(quote, answer)
            if found is None or is_instruction_to_grader(found.quote):
                dropped.append(quote)
            elif found not in evidence:
                evidence.append(found)
        status, note = judged.status, judged.rationale
        if status != "miss" and not evidence:
            status, note = "miss", f"no verifiable quote; {note}"
        results.append(
            SignalResult(
                id=judged.signal_id, hit=status, evidence=evidence, grader="llm", note=note
            )
        )
    return Verdict(
        signals=results,
        score=judgement.score,
        strengths=judgement.strengths,
        improvements=judgement.improvements,
        rationale=judgement.rationale,
        dropped=dropped,
    )


class Judge:
    """Builds the judge's messages from the prompt file and runs the re-ask loop."""

    def __init__(self, client: ChatClient, prompt: Prompt, pack: RubricPack) -> None:
        self._client = client
        self._prompt = prompt
        self._pack = pack

    def messages(self, question: Question, answer: str) -> Messages:
        rubric = self._pack.rubric
        open_marker, close_marker = markers_for(answer)
        signals = [
            {
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "anchors": {str(i): a for i, a in enumerate(s.anchors, 1)},
            }
            for s in (self._pack.signal(i) for i in question.key_signals)
        ]
        system = self._prompt.render(
            "system",
            role=rubric.role,
            scale="\n".join(f"{i}: {text}" for i, text in enumerate(rubric.scale, 1)),
            schema=json.dumps(schema_for(question)),
        )
        user = self._prompt.render(
            "user",
            question=question.text,
            outline="\n".join(f"- {point}" for point in question.outline),
            signals=json.dumps(signals, indent=2, ensure_ascii=False),
            signal_ids=", ".join(question.key_signals),
            open=open_marker,
            close=close_marker,
            answer=answer,
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def _reask(self, base: Messages, reply: Reply, error: str) -> Messages:
        return [
            *base,
            {"role": "assistant", "content": reply.content},
            {"role": "user", "content": self._prompt.render("reask", error=error)},
        ]

    async def run(self, question: Question, answer: str, meter: UsageMeter) -> Verdict:
        """Judge one answer: at most one re-ask; a partly salvaged verdict beats none."""
        base = self.messages(question, answer)
        messages, salvage = base, None
        retrying = AsyncRetrying(
            stop=stop_after_attempt(ATTEMPTS),
            retry=retry_if_exception_type(InvalidOutput),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    reply = await self._client.complete_json(
                        messages,
                        schema_name="judgement",
                        schema=schema_for(question),
                        temperature=self._prompt.temperature,
                        meter=meter,
                    )
                    try:
                        verdict = verify(reply, question, answer)
                    except InvalidOutput as exc:
                        messages = self._reask(base, reply, str(exc))
                        raise
                    last_try = attempt.retry_state.attempt_number >= ATTEMPTS
                    if verdict.dropped and not last_try:
                        salvage = verdict
                        quotes = "; ".join(
                            json.dumps(q, ensure_ascii=False) for q in verdict.dropped
                        )
                        error = (
                            "these evidence quotes are not in the answer, or are instructions "
                            f"to the grader rather than evidence: {quotes}"
                        )
                        messages = self._reask(base, reply, error)
                        raise InvalidOutput(error)
                    return verdict
        except InvalidOutput as exc:
            if salvage is not None:
                return salvage
            raise LLMOutputError(
                f"The model's grade was unusable even after a re-ask ({exc})."
            ) from None
        raise AssertionError("unreachable: tenacity either returns or re-raises")
