"""File I/O with the project's two promises: every error names the file in one line, and
every write is atomic (temp file in the same folder, fsync, rename, fsync the folder), so a
crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mock_interviewer.errors import MockInterviewerError

PRIVATE = 0o600
SHARED = 0o644


def read_bytes(
    path: Path,
    what: str,
    error: type[MockInterviewerError],
    *,
    missing: type[MockInterviewerError] | None = None,
) -> bytes:
    """The file's bytes, or `error` (`missing` when it does not exist) naming file and cause."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise (missing or error)(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None


def decode_utf8(raw: bytes, where: str, error: type[MockInterviewerError]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{where} is not UTF-8 text (bad byte at position {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None


def read_text(path: Path, what: str, error: type[MockInterviewerError]) -> str:
    return decode_utf8(read_bytes(path, what, error), str(path), error)


def write_atomic(
    path: Path, data: bytes, error: type[MockInterviewerError], *, mode: int = PRIVATE
) -> None:
    """Replace `path` with `data` atomically; failures become `error` naming the file."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise error(f"{path.parent}: cannot save there: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise error(f"{path}: cannot save: {exc.strerror or exc}") from None
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable; some filesystems cannot open a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
