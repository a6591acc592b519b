"""Settings: precedence, validation with the source named, local-only mode, and key hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_interviewer.config import (
    DEFAULT_MODEL,
    LOCAL_KEY,
    ConfigError,
    Settings,
    config_path,
    is_local_url,
    load_settings,
)

KEY = "sk-config-test-secret-42"


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_with_no_key_and_no_base_url_leave_the_llm_off() -> None:
    settings = load_settings(environ={})
    assert settings.model == DEFAULT_MODEL and settings.max_follow_ups == 1
    assert not settings.llm_enabled and settings.api_key is None


def test_file_then_environment_then_flags_each_override_the_last() -> None:
    write_config('model = "from-file"\nmax_follow_ups = 3\ntimeout = 5\n')
    env = {"MOCK_INTERVIEWER_MODEL": "from-env", "MOCK_INTERVIEWER_MAX_FOLLOW_UPS": "2"}
    settings = load_settings({"model": "from-flag", "base_url": None}, environ=env)
    assert settings.model == "from-flag"
    assert settings.max_follow_ups == 2
    assert settings.timeout == 5.0
    assert settings.base_url is None  # a flag left unset does not erase anything


def test_environment_supplies_key_base_url_and_switches() -> None:
    env = {
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": "https://example.test/v1/",
        "MOCK_INTERVIEWER_OFFLINE": "yes",
        "MOCK_INTERVIEWER_DATA_DIR": "/tmp/somewhere",
    }
    settings = load_settings(environ=env)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert settings.base_url == "https://example.test/v1"
    assert settings.offline and not settings.llm_enabled
    assert settings.data_dir == Path("/tmp/somewhere")


def test_blank_openai_key_falls_through_to_the_azure_key() -> None:
    settings = load_settings(environ={"OPENAI_API_KEY": "", "AZURE_OPENAI_API_KEY": KEY})
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY


def test_errors_name_the_source_of_the_bad_value() -> None:
    path = write_config("max_follow_ups = 9\n")
    with pytest.raises(ConfigError, match=rf"{path}: max_follow_ups"):
        load_settings(environ={})
    with pytest.raises(ConfigError, match="environment: base_url: 'ftp://x' is not an http"):
        load_settings(environ={"OPENAI_BASE_URL": "ftp://x"})
    with pytest.raises(ConfigError, match="MOCK_INTERVIEWER_LOCAL_ONLY='maybe'"):
        load_settings(environ={"MOCK_INTERVIEWER_LOCAL_ONLY": "maybe"})
    with pytest.raises(ConfigError, match="command line: timeout"):
        load_settings({"timeout": -1}, environ={})


def test_config_file_problems_name_the_file() -> None:
    path = write_config("model = \n")
    with pytest.raises(ConfigError, match=f"{path}: invalid TOML"):
        load_settings(environ={})
    write_config('modle = "typo"\n')
    with pytest.raises(ConfigError, match="modle: Extra inputs are not permitted"):
        load_settings(environ={})


def test_api_key_is_never_read_from_the_config_file() -> None:
    write_config(f'api_key = "{KEY}"\n')
    with pytest.raises(ConfigError, match="set OPENAI_API_KEY in the environment") as info:
        load_settings(environ={})
    assert KEY not in str(info.value)


def test_api_key_is_excluded_from_dumps_and_repr() -> None:
    settings = Settings(api_key=KEY, base_url="https://example.test/v1")
    dumped = settings.model_dump()
    assert "api_key" not in dumped
    assert KEY not in settings.model_dump_json() + repr(settings) + str(settings)
    assert settings.key_for_client() == KEY


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://127.1.2.3/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://ollama.localhost/v1", True),
        ("https://api.openai.com/v1", False),
        ("http://192.168.1.10:11434/v1", False),
        ("http://localhost.evil.example/v1", False),
    ],
)
def test_is_local_url(url: str, local: bool) -> None:
    assert is_local_url(url) is local


def test_local_only_refuses_a_remote_endpoint_and_says_what_to_do() -> None:
    with pytest.raises(ConfigError, match=r"--local-only refuses https://api\.openai\.com/v1"):
        load_settings({"local_only": True}, environ={"OPENAI_API_KEY": KEY})
    with pytest.raises(ConfigError, match="not on this machine"):
        load_settings({"local_only": True, "base_url": "https://llm.example.com/v1"}, environ={})


def test_local_only_accepts_a_local_server_and_offline_runs() -> None:
    local = load_settings({"local_only": True, "base_url": "http://localhost:11434/v1"}, environ={})
    assert local.llm_enabled
    offline = load_settings({"local_only": True, "offline": True}, environ={"OPENAI_API_KEY": KEY})
    assert not offline.llm_enabled


def test_a_local_base_url_works_without_a_key() -> None:
    settings = load_settings({"base_url": "http://localhost:11434/v1"}, environ={})
    assert settings.llm_enabled and settings.api_key is None
    assert settings.key_for_client() == LOCAL_KEY
