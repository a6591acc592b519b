"""Load and validate rubric packs (TOML), and look things up in them."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from mock_interviewer.errors import RubricError
from mock_interviewer.files import decode_utf8, read_bytes
from mock_interviewer.locations import shipped
from mock_interviewer.models import Question, Rubric, Signal

DEFAULT_RUBRIC = "product_ops_manager"


def _field_path(rubric_data: dict, loc: tuple) -> str:
    """Turn a pydantic location into words a pack author can find: questions[3] (id q4).text."""
    parts: list[str] = []
    node: object = rubric_data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id {node['id']!r})"
            parts.append(label)
        else:
            parts.append(f".{item}" if parts else str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def _format_validation_error(path: Path, data: dict, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:5]:
        lines.append(f"{path}: {_field_path(data, err['loc'])}: {err['msg']}")
    more = len(exc.errors()) - 5
    if more > 0:
        lines.append(f"{path}: ... and {more} more problems")
    return "\n".join(lines)


@dataclass(frozen=True)
class RubricPack:
    """A validated rubric with its source, content hash and fast look-ups."""

    rubric: Rubric
    path: Path
    sha256: str
    _signals: dict[str, Signal] = field(default_factory=dict, repr=False)
    _questions: dict[str, Question] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._signals.update({s.id: s for s in self.rubric.signals})
        self._questions.update({q.id: q for q in self.rubric.questions})

    @property
    def id(self) -> str:
        return self.rubric.id

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    @property
    def questions(self) -> list[Question]:
        return self.rubric.questions

    @cached_property
    def signal_ids(self) -> list[str]:
        return [s.id for s in self.rubric.signals]

    def signal(self, signal_id: str) -> Signal:
        return self._signals[signal_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def question(self, question_id: str) -> Question:
        """The question, or a RubricError listing valid ids (the user typed it)."""
        try:
            return self._questions[question_id]
        except KeyError:
            known = ", ".join(self._questions)
            raise RubricError(
                f"unknown question id {question_id!r} (known: {known}); "
                "see `mock-interviewer questions`"
            ) from None


def load_rubric(path: Path) -> RubricPack:
    """Read a pack; every failure becomes a RubricError that names the file and the field."""
    raw = read_bytes(path, "rubric file", RubricError)
    try:
        data = tomllib.loads(decode_utf8(raw, str(path), RubricError))
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{path}: invalid TOML: {exc}") from None
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricError(_format_validation_error(path, data, exc)) from None
    return RubricPack(rubric=rubric, path=path, sha256=hashlib.sha256(raw).hexdigest())


def default_rubric_path() -> Path:
    return shipped("rubrics") / f"{DEFAULT_RUBRIC}.toml"


def load_default_rubric() -> RubricPack:
    return load_rubric(default_rubric_path())
