"""Engine.ask offline: a neutral bridge, then the rubric's question word for word."""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import pairwise

import pytest

from mock_interviewer.engine import (
    AFTER_A_SKIP,
    BRIDGES,
    EngineDefaults,
    OfflineEngine,
    offline_bridge,
)
from mock_interviewer.llm.interviewer import is_neutral_bridge
from mock_interviewer.rubric import RubricPack, load_default_rubric

QUESTION_IDS = [q.id for q in load_default_rubric().questions]
PREVIOUS = ("q01_why_product_ops", "I enjoy enabling PMs.")


async def collect(stream: AsyncIterator[str]) -> list[str]:
    return [chunk async for chunk in stream]


def test_the_pack_has_the_eighteen_questions_these_tests_cover() -> None:
    assert len(QUESTION_IDS) == 18


@pytest.mark.parametrize("question_id", QUESTION_IDS)
async def test_offline_line_is_a_bridge_then_the_question_verbatim(
    pack: RubricPack, question_id: str
) -> None:
    text = pack.question(question_id).text
    chunks = await collect(OfflineEngine(pack).ask(question_id, PREVIOUS))
    assert len(chunks) > 1, "streamed word by word, not in one piece"
    bridge, question = "".join(chunks).rstrip().split("\n\n")
    assert question == text
    assert bridge in BRIDGES


@pytest.mark.parametrize("question_id", QUESTION_IDS)
async def test_the_first_question_is_asked_without_a_bridge(
    pack: RubricPack, question_id: str
) -> None:
    line = "".join(await collect(OfflineEngine(pack).ask(question_id, None)))
    assert line.rstrip() == pack.question(question_id).text


async def test_after_a_skip_the_bridge_does_not_thank_for_an_answer(pack: RubricPack) -> None:
    line = "".join(await collect(OfflineEngine(pack).ask(QUESTION_IDS[3], ("q01", "  "))))
    assert line.rstrip() == f"{AFTER_A_SKIP}\n\n{pack.question(QUESTION_IDS[3]).text}"


def test_bridges_are_deterministic_and_vary_from_question_to_question(pack: RubricPack) -> None:
    picked = [offline_bridge(pack, q, PREVIOUS) for q in QUESTION_IDS]
    assert picked == [offline_bridge(pack, q, PREVIOUS) for q in QUESTION_IDS]
    assert all(a != b for a, b in pairwise(picked))
    assert set(picked) == set(BRIDGES)


@pytest.mark.parametrize("bridge", [*BRIDGES, AFTER_A_SKIP])
def test_offline_bridges_pass_the_check_the_llms_must_pass(bridge: str) -> None:
    assert is_neutral_bridge(bridge)


async def test_engines_without_a_voice_stream_just_the_question(pack: RubricPack) -> None:
    class Quiet(EngineDefaults):
        def __init__(self, pack: RubricPack) -> None:
            self.pack = pack

    question = pack.question(QUESTION_IDS[5])
    chunks = await collect(Quiet(pack).ask(question.id, PREVIOUS))
    assert len(chunks) > 1 and "".join(chunks).rstrip() == question.text
