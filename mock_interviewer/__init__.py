"""mock_interviewer: a terminal-native mock interviewer with an offline, evidence-backed grader."""

__version__ = "0.1.0"
