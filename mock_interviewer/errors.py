"""The user-facing error tree. Each layer maps its failures into these once, at its boundary;
the CLI prints `str(error)` on one line and the TUI shows it in a notification."""


class MockInterviewerError(Exception):
    """Base: a message meant for the user, never a traceback."""


class UsageError(MockInterviewerError):
    """The user asked for something that cannot work as asked (exit code 2)."""


class RubricError(UsageError):
    """A rubric pack could not be read or is invalid; the message names the file and field."""


class InputError(UsageError):
    """An answer, file or batch line could not be read."""
