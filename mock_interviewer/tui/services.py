"""Everything the TUI needs from outside, passed in by a factory so tests can pass fakes.

Screens read `self.app.services`; nothing under `tui/` builds an engine, opens a store or
reads the environment itself (the CLI does that), which keeps widgets free of `openai`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mock_interviewer.config import Settings
from mock_interviewer.session.store import SessionStore

if TYPE_CHECKING:
    from mock_interviewer.engine import Engine
    from mock_interviewer.rubric import RubricPack


@dataclass
class Services:
    """The engine, rubric pack, session store and settings one app run works with."""

    pack: RubricPack
    engine: Engine
    store: SessionStore = field(default_factory=SessionStore)
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    export_dir: Path = field(default_factory=Path.cwd)

    @property
    def engine_label(self) -> str:
        """What the user sees as 'the interviewer': offline, or the model name."""
        return self.engine.name
