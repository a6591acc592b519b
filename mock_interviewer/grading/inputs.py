"""Reading answers from flags, files and stdin, with errors a candidate can act on."""

from __future__ import annotations

import sys
from pathlib import Path

from mock_interviewer.errors import InputError, UsageError
from mock_interviewer.files import decode_utf8, read_text

MAX_ANSWER_CHARS = 20_000
"""About 3,000 words: far beyond any spoken answer, small enough to grade instantly."""


def check_answer(text: str) -> str:
    """Reject what cannot be graded meaningfully; return the answer unchanged otherwise."""
    if not text.strip():
        raise InputError("the answer is empty: write what you would say to the interviewer")
    if len(text) > MAX_ANSWER_CHARS:
        raise InputError(
            f"the answer is {len(text):,} characters; the limit is {MAX_ANSWER_CHARS:,} "
            "(about 3,000 words): shorten it to what you would say in an interview"
        )
    return text


def read_text_file(path: str | Path) -> str:
    """Read a UTF-8 file (or stdin for '-') with one-line errors instead of tracebacks."""
    if str(path) == "-":
        return decode_utf8(sys.stdin.buffer.read(), "standard input", InputError)
    return read_text(Path(path), "file", InputError)


def read_answer(answer: str | None, answer_file: str | None) -> str:
    """The answer from --answer or --answer-file (path or '-')."""
    if answer is None and answer_file is None:
        raise UsageError("give the answer with --answer TEXT or --answer-file PATH (- for stdin)")
    text = answer if answer is not None else read_text_file(answer_file or "-")
    return check_answer(text)
