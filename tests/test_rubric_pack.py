"""The shipped rubric pack: the guide's questions verbatim, SIGNALS.md's ids, strict loading."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from mock_interviewer.errors import RubricError
from mock_interviewer.rubric import default_rubric_path, load_rubric

SIGNAL_IDS = {
    "role_motivation", "role_boundaries", "systems_thinking", "process_improvement",
    "quantified_impact", "efficiency_vs_effectiveness", "iterative_approach", "learning_agility",
    "audience_tailoring", "stakeholder_focus", "data_fluency", "relationship_building_first",
    "challenge_reflection", "concrete_example", "pm_collaboration", "kpi_awareness",
    "change_management", "scalability",
}  # fmt: skip
GUIDE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_b1fef2ccb88d0be9.txt"


def test_pack_has_every_signal_of_the_taxonomy(pack) -> None:
    assert set(pack.signal_ids) >= SIGNAL_IDS
    assert len(pack.rubric.scale) == 5


def test_eighteen_questions_eleven_common_seven_advanced(pack) -> None:
    levels = [q.level for q in pack.questions]
    assert levels.count("common") == 11 and levels.count("advanced") == 7
    for q in pack.questions:
        assert set(q.key_signals) <= set(pack.signal_ids)
        assert all(q.probes[s] for s in q.key_signals)


@pytest.mark.skipif(
    not GUIDE.is_file(), reason="the interview guide (shared/) is not beside this checkout"
)
def test_question_texts_are_verbatim_from_the_guide(pack) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    common = re.findall(r"^\d+\. (.+\?)$", guide, flags=re.M)
    advanced = re.findall(r"^\s*•\s+(.+\?)$", guide, flags=re.M)
    assert [q.text for q in pack.questions] == common[:11] + advanced[:7]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_field_is_named_with_question_id(tmp_path: Path) -> None:
    data = default_rubric_path().read_text(encoding="utf-8")
    broken = data.replace('level = "advanced"', 'level = "expert"', 1)
    with pytest.raises(RubricError) as err:
        load_rubric(_write(tmp_path, broken))
    message = str(err.value)
    assert "pack.toml" in message and "questions[11]" in message and "level" in message
    assert "q12_impactful_process_areas" in message


def test_unknown_signal_reference_and_bad_regex_are_reported(tmp_path: Path) -> None:
    data = default_rubric_path().read_text(encoding="utf-8")
    with pytest.raises(RubricError, match=r"q03_daily_systems.*made_up"):
        load_rubric(_write(tmp_path, data.replace('["systems_thinking"]', '["made_up"]', 1)))
    raw = tomllib.loads(data)
    assert raw["signals"][0]["cues"]
    with pytest.raises(RubricError, match="invalid regular expression"):
        load_rubric(_write(tmp_path, data.replace("cues = [\n", "cues = [\n  '(unclosed',\n", 1)))


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="invalid TOML"):
        load_rubric(_write(tmp_path, "id = \n"))
    with pytest.raises(RubricError, match="not found"):
        load_rubric(tmp_path / "missing.toml")
