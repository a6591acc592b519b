"""Where things live on disk: the shipped data files and the user's data and config dirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mock-interviewer"
_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped(kind: str) -> Path:
    """The folder holding shipped `rubrics` or `prompts`.

    In a wheel they sit inside the package; in a source checkout they are the top-level
    folders of the repository, so edits to them take effect without reinstalling.
    """
    inside = _PACKAGE_DIR / kind
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / kind


def home_override() -> Path | None:
    value = os.environ.get("MOCK_INTERVIEWER_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Sessions go here. MOCK_INTERVIEWER_HOME moves data and config together (tests, portables)."""
    home = home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    home = home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))
