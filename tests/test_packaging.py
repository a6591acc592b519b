"""The wheel ships every package and the data folders (the package list is written by hand)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_source_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "mock_interviewer").rglob("__init__.py")
    }
    assert found <= listed
    assert config["package-dir"] == {
        "mock_interviewer.rubrics": "rubrics",
        "mock_interviewer.prompts": "prompts",
    }


def test_installed_package_finds_its_data() -> None:
    from mock_interviewer.locations import shipped

    assert (shipped("rubrics") / "product_ops_manager.toml").is_file()
