"""The offline grader: deterministic, evidence-backed, no network."""

from mock_interviewer.grading.grader import GRADER_VERSION, grade_answer

__all__ = ["GRADER_VERSION", "grade_answer"]
