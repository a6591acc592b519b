"""Autosave: one JSON file per session, written atomically, readable only by its owner.

A session file is either the old version or the new one, never a mix (`files.write_atomic`:
temp file, fsync, rename, fsync the folder). Files that cannot be read
are reported by name and left alone: they may be the only copy of someone's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from mock_interviewer.errors import MockInterviewerError, UsageError
from mock_interviewer.files import PRIVATE, read_bytes, write_atomic
from mock_interviewer.locations import data_dir
from mock_interviewer.models import SCHEMA_VERSION, Mode, Session

_SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
DIR_MODE = 0o700


class StoreError(MockInterviewerError):
    """A session could not be written or read; the message names the file."""


class SessionNotFound(UsageError):
    """The user named a session that does not exist."""


@dataclass(frozen=True)
class SessionSummary:
    """One line of `sessions`: enough to choose a session without loading every answer."""

    id: str
    path: Path
    created_at: datetime
    updated_at: datetime
    mode: Mode
    answered: int
    planned: int
    score: float | None
    finished: bool

    @classmethod
    def of(cls, session: Session, path: Path) -> SessionSummary:
        return cls(
            id=session.id,
            path=path,
            created_at=session.created_at,
            updated_at=session.updated_at,
            mode=session.mode,
            answered=sum(1 for r in session.records if r.answers),
            planned=len(session.plan.question_ids),
            score=session.mean_score,
            finished=session.finished,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": str(self.path),
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "mode": self.mode,
            "answered": self.answered,
            "planned": self.planned,
            "score": None if self.score is None else round(self.score, 2),
            "finished": self.finished,
        }


@dataclass(frozen=True)
class Problem:
    """A session file that was skipped, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def read_session(path: Path) -> Session:
    """Parse one session file; every failure becomes a StoreError naming the file."""
    raw = read_bytes(path, "session file", StoreError, missing=SessionNotFound)
    if not raw.strip():
        raise StoreError(f"{path}: empty file (a write that never finished?)")
    try:
        session = Session.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        kind = "not valid JSON" if first["type"] == "json_invalid" else f"{where}: {first['msg']}"
        raise StoreError(f"{path}: not a readable session ({kind})") from None
    if session.schema_version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer mock-interviewer (schema {session.schema_version}, "
            f"this one reads {SCHEMA_VERSION}); upgrade to open it"
        )
    return session


class SessionStore:
    """Sessions under `<data dir>/sessions`; `data_dir` overrides the platform default."""

    def __init__(self, data_dir_override: Path | None = None) -> None:
        self.directory = (data_dir_override or data_dir()) / "sessions"

    def path_for(self, session_id: str) -> Path:
        if not _SESSION_ID.fullmatch(session_id) or ".." in session_id:
            raise UsageError(
                f"{session_id!r} is not a session id (see `mock-interviewer sessions`)"
            )
        return self.directory / f"{session_id}.json"

    # ------------------------------------------------------------------ writing

    def save(self, session: Session) -> Path:
        """Replace the session's file atomically; the previous version survives any crash."""
        path = self.path_for(session.id)
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        except OSError as exc:
            raise StoreError(
                f"{self.directory}: cannot save sessions: {exc.strerror or exc}"
            ) from None
        data = session.model_dump_json(indent=2).encode("utf-8")
        write_atomic(path, data, StoreError, mode=PRIVATE)
        return path

    def delete(self, session_id: str) -> Path:
        path = self.path_for(session_id)
        try:
            path.unlink()
        except FileNotFoundError:
            raise SessionNotFound(f"no session {session_id!r} in {self.directory}") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot delete: {exc.strerror or exc}") from None
        return path

    # ------------------------------------------------------------------ reading

    def load(self, session_id: str) -> Session:
        path = self.path_for(session_id)
        if not path.exists():
            raise SessionNotFound(f"no session {session_id!r} in {self.directory}")
        return read_session(path)

    def scan(self) -> tuple[list[tuple[Session, Path]], list[Problem]]:
        """Every readable session (oldest first) and the files that were skipped."""
        sessions: list[tuple[Session, Path]] = []
        problems: list[Problem] = []
        if not self.directory.is_dir():
            return sessions, problems
        for path in sorted(self.directory.glob("*.json")):
            try:
                sessions.append((read_session(path), path))
            except MockInterviewerError as exc:
                problems.append(Problem(path, str(exc).removeprefix(f"{path}: ")))
        sessions.sort(key=lambda pair: (pair[0].created_at, pair[0].id))
        return sessions, problems

    def list_sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        sessions, problems = self.scan()
        return [SessionSummary.of(s, p) for s, p in sessions], problems

    def latest_unfinished(self) -> Session | None:
        sessions, _ = self.scan()
        unfinished = [s for s, _ in sessions if not s.finished]
        return max(unfinished, key=lambda s: s.updated_at) if unfinished else None

    def resolve(self, ref: str) -> Session:
        """A session named by id, unique id prefix, or path to a session file."""
        candidate = Path(ref).expanduser()
        if ref.endswith(".json") and candidate.is_file():
            return read_session(candidate)
        if _SESSION_ID.fullmatch(ref) and self.path_for(ref).exists():
            return self.load(ref)
        sessions, problems = self.scan()
        matches = [s for s, _ in sessions if s.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(s.id for s in matches[:5])
            raise UsageError(f"{ref!r} matches several sessions ({ids}); give more of the id")
        broken = [p for p in problems if p.path.stem.startswith(ref)]
        if broken:
            raise StoreError(str(broken[0]))
        raise SessionNotFound(
            f"no session {ref!r} in {self.directory} (see `mock-interviewer sessions`)"
        )
