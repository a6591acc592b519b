"""Settings: which LLM endpoint and model to use, and how long to wait for it.

Sources, lowest precedence first: defaults, the config file (`config_dir()/config.toml`), the
environment (OPENAI_API_KEY, OPENAI_BASE_URL, MOCK_INTERVIEWER_*), then command-line flags. The
file is shared by every run, the environment by a shell, a flag by one command, so the narrower
scope wins. The API key comes only from the environment: it is never read from or written to a
file, and it is excluded from every dump of the settings.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from mock_interviewer.errors import UsageError
from mock_interviewer.files import read_text
from mock_interviewer.locations import config_dir

DEFAULT_MODEL = "gpt-4o-mini"
OPENAI_URL = "https://api.openai.com/v1"
LOCAL_KEY = "no-key-needed"  # sent to keyless local servers: the SDK insists on some key
ENV_PREFIX = "MOCK_INTERVIEWER_"
_KEY_VARS = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class ConfigError(UsageError):
    """Settings that cannot work as given; the message names where the value came from."""


def is_local_url(url: str) -> bool:
    """True when the URL's host is this machine: localhost or a loopback address."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseModel):
    """Everything the LLM layer needs; validated once, so later code can trust it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    base_url: str | None = None
    model: str = Field(default=DEFAULT_MODEL, min_length=1)
    offline: bool = False
    local_only: bool = False
    max_follow_ups: int = Field(default=1, ge=0, le=5)
    timeout: float = Field(default=30.0, gt=0, description="seconds per HTTP attempt")
    deadline: float = Field(default=60.0, gt=0, description="seconds per call, retries included")
    data_dir: Path | None = None

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL, e.g. http://localhost:11434/v1")
        return value.rstrip("/")

    @field_validator("data_dir")
    @classmethod
    def _expand_home(cls, value: Path | None) -> Path | None:
        """`data_dir = "~/practice"` in the config file means the user's home."""
        return value.expanduser() if value else None

    @field_validator("api_key")
    @classmethod
    def _blank_key_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value and value.get_secret_value().strip() else None

    @model_validator(mode="after")
    def _local_only(self) -> Settings:
        if self.local_only and self.llm_enabled and not is_local_url(self.endpoint):
            raise ValueError(
                f"--local-only refuses {self.endpoint}: it is not on this machine. Point "
                "--base-url at a local server (http://localhost:11434/v1) or drop --local-only."
            )
        return self

    @property
    def llm_enabled(self) -> bool:
        """An LLM is used when asked for (a key or a base URL) and not switched off."""
        return not self.offline and (self.api_key is not None or self.base_url is not None)

    @property
    def endpoint(self) -> str:
        return self.base_url or OPENAI_URL

    def key_for_client(self) -> str:
        """The key to send; keyless servers (Ollama, vLLM, ...) get a placeholder."""
        return self.api_key.get_secret_value() if self.api_key else LOCAL_KEY


def config_path() -> Path:
    return config_dir() / "config.toml"


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(read_text(path, "config file", ConfigError))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if "api_key" in data:
        raise ConfigError(
            f"{path}: api_key is not read from files, so it cannot leak from one; "
            "set OPENAI_API_KEY in the environment instead"
        )
    return data


def _env_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise ConfigError(f"{name}={value!r}: expected 1/0, true/false, yes/no or on/off")


def _read_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    key = next((environ[v] for v in _KEY_VARS if environ.get(v, "").strip()), None)
    if key is not None:
        values["api_key"] = key
    if environ.get("OPENAI_BASE_URL"):
        values["base_url"] = environ["OPENAI_BASE_URL"]
    for field in ("model", "max_follow_ups", "timeout", "deadline", "data_dir"):
        raw = environ.get(ENV_PREFIX + field.upper())
        if raw:
            values[field] = raw
    for field in ("offline", "local_only"):
        name = ENV_PREFIX + field.upper()
        if name in environ:
            values[field] = _env_bool(name, environ[name])
    return values


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Settings:
    """Merge file < environment < flags; a flag given as None counts as not given.

    Errors are ConfigErrors naming the source of the bad value (file path, variable or flag).
    """
    environ = os.environ if environ is None else environ
    path = path or config_path()
    layers = [
        (str(path), _read_file(path)),
        ("environment", _read_env(environ)),
        ("command line", {k: v for k, v in (flags or {}).items() if v is not None}),
    ]
    merged: dict[str, Any] = {}
    source: dict[str, str] = {}
    for name, values in layers:
        merged.update(values)
        source.update(dict.fromkeys(values, name))
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            where = source.get(field, "settings")
            ctx = err.get("ctx", {})
            message = str(ctx["error"]) if err["type"] == "value_error" else err["msg"]
            problems.append(f"{where}: {field}: {message}" if field else message)
        raise ConfigError("; ".join(problems)) from None
