"""Measure the offline grader against labelled answers (`mock-interviewer eval`).

Each labelled line: {"question_id", "answer", "score", "signals": [ids that are hits], "kind"}.
The report sets the grader next to a word-count-only predictor on the same set, so a grader
that merely rewards length shows up as no better than that baseline.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from mock_interviewer.errors import InputError, UsageError
from mock_interviewer.grading.grader import grade_answer
from mock_interviewer.grading.inputs import read_text_file
from mock_interviewer.grading.text import word_count
from mock_interviewer.locations import shipped
from mock_interviewer.rubric import RubricPack

SCORES = range(1, 6)


class LabelledAnswer(BaseModel):
    question_id: str
    answer: str
    score: int = Field(ge=1, le=5)
    signals: list[str] = Field(default_factory=list)
    kind: str = "unspecified"


class Agreement(BaseModel):
    exact: float
    within_one: float
    qwk: float


class Mismatch(BaseModel):
    line: int
    kind: str
    question_id: str
    expected: int
    got: int


class EvalReport(BaseModel):
    path: str
    answers: int
    grader: Agreement
    word_count_baseline: Agreement
    signal_precision: float
    signal_recall: float
    signal_f1: float
    mean_score_by_kind: dict[str, float]
    mismatches: list[Mismatch]


def quadratic_weighted_kappa(expected: list[int], predicted: list[int]) -> float:
    """Cohen's kappa with quadratic weights on the 1-5 scale (1.0 perfect, 0 chance)."""
    n = len(expected)
    if n == 0:
        return 0.0
    k = len(SCORES)
    observed = [[0.0] * k for _ in range(k)]
    for e, p in zip(expected, predicted, strict=True):
        observed[e - 1][p - 1] += 1
    hist_e, hist_p = Counter(expected), Counter(predicted)
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            chance = hist_e[i + 1] * hist_p[j + 1] / n
            num += weight * observed[i][j]
            den += weight * chance
    return 1.0 - num / den if den else 1.0


def agreement(expected: list[int], predicted: list[int]) -> Agreement:
    pairs = list(zip(expected, predicted, strict=True))
    return Agreement(
        exact=round(sum(e == p for e, p in pairs) / len(pairs), 3),
        within_one=round(sum(abs(e - p) <= 1 for e, p in pairs) / len(pairs), 3),
        qwk=round(quadratic_weighted_kappa(expected, predicted), 3),
    )


def word_count_predictions(answers: list[str], labels: list[int]) -> list[int]:
    """The best a length-only grader can do with the labels' own score distribution:
    rank answers by length and hand out scores in the same proportions as the labels."""
    order = sorted(range(len(answers)), key=lambda i: word_count(answers[i]))
    ranked_scores = sorted(labels)
    predictions = [0] * len(answers)
    for rank, index in enumerate(order):
        predictions[index] = ranked_scores[rank]
    return predictions


def load_labelled(path: Path) -> list[tuple[int, LabelledAnswer]]:
    items = []
    for number, raw in enumerate(read_text_file(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            items.append((number, LabelledAnswer.model_validate(json.loads(raw))))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"{path}:{number}: not a labelled answer: {first}") from None
    if not items:
        raise InputError(f"{path}: no labelled answers")
    return items


def evaluate(pack: RubricPack, path: Path) -> EvalReport:
    items = load_labelled(path)
    expected, predicted = [], []
    tp = fp = fn = 0
    by_kind: dict[str, list[int]] = defaultdict(list)
    mismatches = []
    for number, item in items:
        grade = grade_answer(pack, item.question_id, item.answer)
        expected.append(item.score)
        predicted.append(grade.score)
        by_kind[item.kind].append(grade.score)
        hits = {s.id for s in grade.signals if s.hit == "hit"}
        labels = set(item.signals)
        tp += len(hits & labels)
        fp += len(hits - labels)
        fn += len(labels - hits)
        if grade.score != item.score:
            mismatches.append(
                Mismatch(
                    line=number,
                    kind=item.kind,
                    question_id=item.question_id,
                    expected=item.score,
                    got=grade.score,
                )
            )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    answers = [item.answer for _, item in items]
    return EvalReport(
        path=str(path),
        answers=len(items),
        grader=agreement(expected, predicted),
        word_count_baseline=agreement(expected, word_count_predictions(answers, expected)),
        signal_precision=round(precision, 3),
        signal_recall=round(recall, 3),
        signal_f1=round(f1, 3),
        mean_score_by_kind={k: round(sum(v) / len(v), 2) for k, v in sorted(by_kind.items())},
        mismatches=mismatches,
    )


def default_sets() -> list[Path]:
    """The labelled sets of a source checkout (they are test data, not shipped in the wheel)."""
    folder = shipped("tests") / "data"
    paths = [p for p in (folder / "calibration.jsonl", folder / "heldout.jsonl") if p.is_file()]
    if not paths:
        raise UsageError("no labelled set found: give one, e.g. `mock-interviewer eval FILE.jsonl`")
    return paths


def render_report(report: EvalReport) -> str:
    g, b = report.grader, report.word_count_baseline
    lines = [
        f"{report.path}: {report.answers} answers",
        f"{'':24}{'exact':>8}{'within 1':>10}{'QWK':>8}",
        f"{'offline grader':24}{g.exact:>8.2f}{g.within_one:>10.2f}{g.qwk:>8.2f}",
        f"{'word-count baseline':24}{b.exact:>8.2f}{b.within_one:>10.2f}{b.qwk:>8.2f}",
        f"signals: precision {report.signal_precision:.2f}  recall {report.signal_recall:.2f}"
        f"  F1 {report.signal_f1:.2f}",
        "mean score by kind: "
        + ", ".join(f"{k} {v:.1f}" for k, v in report.mean_score_by_kind.items()),
    ]
    if report.mismatches:
        lines.append("disagreements (line: expected -> got):")
        lines.extend(
            f"  {m.line}: {m.expected} -> {m.got}  [{m.kind}] {m.question_id}"
            for m in report.mismatches
        )
    return "\n".join(lines)
