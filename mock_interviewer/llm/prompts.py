"""Prompt files: load, validate and render. All prompt wording lives in `prompts/*.md`.

A prompt file is front matter (name, version, optional temperature) between `---` lines, then
sections introduced by a line like `[system]`. Placeholders are `{{ name }}`; rendering fails,
naming the file, when a placeholder has no value or a value has no placeholder, so code and
prompt text cannot drift apart silently. `name@version` goes into every grade's provenance.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from mock_interviewer.files import read_text
from mock_interviewer.llm.errors import PromptError
from mock_interviewer.locations import shipped
from mock_interviewer.models import Strict

REQUIRED_SECTIONS: dict[str, tuple[str, ...]] = {
    "interviewer": ("system",),
    "follow_up": ("user",),
    "transition": ("user",),
    "judge": ("system", "user", "reask"),
}
_SECTION = re.compile(r"^\[([a-z_]+)\]\s*$", re.M)
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class PromptFile(Strict):
    """One validated prompt file."""

    name: str = Field(pattern=r"^[a-z][a-z_]*$")
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    temperature: float | None = Field(default=None, ge=0, le=2)
    sections: dict[str, str]

    @model_validator(mode="after")
    def _sections_present(self) -> PromptFile:
        required = REQUIRED_SECTIONS.get(self.name)
        if required is None:
            raise ValueError(
                f"unknown prompt name {self.name!r} (known: {', '.join(REQUIRED_SECTIONS)})"
            )
        missing = [s for s in required if not self.sections.get(s, "").strip()]
        if missing:
            raise ValueError(f"missing or empty sections: {', '.join(missing)}")
        extra = sorted(set(self.sections) - set(required))
        if extra:
            raise ValueError(f"unexpected sections: {', '.join(extra)}")
        return self

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Prompt:
    """A validated prompt and the file it came from (for error messages)."""

    file: PromptFile
    path: Path

    @property
    def tag(self) -> str:
        return self.file.tag

    @property
    def temperature(self) -> float | None:
        return self.file.temperature

    def render(self, section: str, **values: str) -> str:
        """Fill one section's placeholders; every placeholder and every value must match."""
        text = self.file.sections[section]
        wanted = set(_PLACEHOLDER.findall(text))
        missing, unused = wanted - set(values), set(values) - wanted
        if missing or unused:
            problems = [f"no value for {{{{{m}}}}}" for m in sorted(missing)]
            problems += [f"no placeholder for {u!r}" for u in sorted(unused)]
            raise PromptError(f"{self.path}: [{section}]: {'; '.join(problems)}")
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text).strip()


def parse_prompt(path: Path, text: str) -> Prompt:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        raise PromptError(f"{path}: must start with front matter between '---' lines")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    meta: dict[str, object] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if not sep:
            raise PromptError(f"{path}: front matter line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    body = "\n".join(lines[end + 1 :])
    parts = _SECTION.split(body)
    if parts[0].strip():
        raise PromptError(f"{path}: text before the first [section] line")
    meta["sections"] = dict(zip(parts[1::2], parts[2::2], strict=True))
    try:
        return Prompt(PromptFile.model_validate(meta), path)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        ctx = first.get("ctx", {})
        message = str(ctx["error"]) if first["type"] == "value_error" else first["msg"]
        raise PromptError(f"{path}: {where + ': ' if where else ''}{message}") from None


def load_prompt(path: Path) -> Prompt:
    prompt = parse_prompt(path, read_text(path, "prompt", PromptError))
    if prompt.file.name != path.stem:
        raise PromptError(f"{path}: front matter name {prompt.file.name!r} != file name")
    return prompt


@dataclass(frozen=True)
class Prompts:
    interviewer: Prompt
    follow_up: Prompt
    transition: Prompt
    judge: Prompt


@cache
def load_prompts(directory: Path | None = None) -> Prompts:
    """The prompt set from `directory` (default: the shipped `prompts/`), read once."""
    folder = directory or shipped("prompts")
    loaded = {name: load_prompt(folder / f"{name}.md") for name in REQUIRED_SECTIONS}
    return Prompts(**loaded)


def markers_for(answer: str) -> tuple[str, str]:
    """Unique open/close markers for an answer: a random nonce the answer cannot contain, so
    text inside it cannot close the data block early and pose as instructions."""
    while True:
        nonce = secrets.token_hex(8)
        if nonce not in answer:
            return f"<<<ANSWER {nonce}>>>", f"<<<END ANSWER {nonce}>>>"
