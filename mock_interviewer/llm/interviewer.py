"""The LLM interviewer's lines: a follow-up aimed at the signal the grader picked, and the
bridge sentence that leads into the next question."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator
from contextlib import aclosing, suppress

from mock_interviewer.llm.client import Messages
from mock_interviewer.llm.errors import LLMError, LLMOutputError
from mock_interviewer.llm.prompts import Prompts, markers_for
from mock_interviewer.models import Grade, Question
from mock_interviewer.rubric import RubricPack

MAX_BRIDGE_CHARS = 160
# A sentence ends at . ! or ? (closing quotes and brackets included) before whitespace, so
# "Node.js" or "3.5" do not end one; the stream's end closes the last.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
# Words that turn a bridge into feedback, a hint or a request of its own. The prompt already
# forbids them; this is the check that makes it true whatever the model does.
_NOT_A_BRIDGE = re.compile(
    r"\b(great|good|excellent|strong|nice|well done|impressive|perfect|solid|fantastic|"
    r"wonderful|awesome|brilliant|insightful|thoughtful|helpful|interesting|love|correct|"
    r"incorrect|wrong|weak|missed|should have|could have|score|remember|tip|hint|make sure|"
    r"try to|don't forget|tell me|walk me|talk me|describe|explain|give me)\b",
    re.IGNORECASE,
)


def _persona(prompts: Prompts, pack: RubricPack) -> str:
    return prompts.interviewer.render("system", role=pack.rubric.role)


def follow_up_messages(
    prompts: Prompts, pack: RubricPack, question: Question, answer: str, grade: Grade
) -> Messages:
    """Persona as system, then the question, the answer as delimited data, and the target.

    The grade names the signal (`follow_up_signal`) and carries the rubric's probe for it
    (`follow_up`), which the model rephrases to fit what the candidate actually said.
    """
    assert grade.follow_up_signal is not None  # the engine streams the offline line otherwise
    signal = pack.signal(grade.follow_up_signal)
    open_marker, close_marker = markers_for(answer)
    user = prompts.follow_up.render(
        "user",
        question=question.text,
        open=open_marker,
        close=close_marker,
        answer=answer,
        signal=f"{signal.name}: {signal.description}",
        probe=grade.follow_up,
    )
    return [
        {"role": "system", "content": _persona(prompts, pack)},
        {"role": "user", "content": user},
    ]


def transition_messages(
    prompts: Prompts, pack: RubricPack, previous: tuple[str, str], question: Question
) -> Messages:
    """Persona as system, then the last question, the last answer as delimited data, and the
    next question (so the bridge can lead into it; the engine shows it verbatim after)."""
    previous_id, answer = previous
    open_marker, close_marker = markers_for(answer)
    user = prompts.transition.render(
        "user",
        previous_question=pack.question(previous_id).text,
        open=open_marker,
        close=close_marker,
        answer=answer,
        next_question=question.text,
    )
    return [
        {"role": "system", "content": _persona(prompts, pack)},
        {"role": "user", "content": user},
    ]


def is_neutral_bridge(sentence: str) -> bool:
    """One short sentence that neither asks, grades nor hints."""
    text = sentence.strip()
    return (
        bool(text)
        and "?" not in text
        and len(text) <= MAX_BRIDGE_CHARS
        and _NOT_A_BRIDGE.search(text) is None
    )


def _clip(pieces: list[str], length: int) -> list[str]:
    """The leading pieces that make up the first `length` characters of their join."""
    kept: list[str] = []
    used = 0
    for piece in pieces:
        if used >= length:
            break
        kept.append(piece[: length - used])
        used += len(piece)
    return kept


async def neutral_bridge(tokens: AsyncGenerator[str, None]) -> AsyncGenerator[str, None]:
    """The model's first neutral sentence, yielded as the tokens that made it.

    A sentence is yielded only once it is complete, because only then can it be checked:
    a question, feedback or a hint is dropped and the next sentence tried, and whatever
    follows the accepted one (typically a question of the model's own) is cut. The rest of
    the reply is still read, unseen, so the server's usage report (its last chunk) arrives.
    Raises `LLMOutputError` when no sentence qualifies.
    """
    async with aclosing(tokens):
        pieces: list[str] = []
        async for token in tokens:
            pieces.append(token)
            while match := _SENTENCE_END.search(text := "".join(pieces)):
                if is_neutral_bridge(text[: match.end()]):
                    for piece in _clip(pieces, match.end()):
                        yield piece
                    with suppress(LLMError):  # only the usage report is left to come
                        async for _ in tokens:
                            pass
                    return
                rest = text[match.end() :].lstrip()
                pieces = [rest] if rest else []
        tail = "".join(pieces).rstrip()
        if is_neutral_bridge(tail):
            for piece in _clip(pieces, len(tail)):
                yield piece
            return
    raise LLMOutputError("The LLM sent no usable bridge to the next question.")
