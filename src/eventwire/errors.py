"""Every error eventwire raises on purpose, with a code a user can search for."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: a user-facing problem with a clear message."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class BadArticle(EventwireError):
    """An article that cannot be processed (empty, binary, huge, not English...)."""

    code = "E001"


class BadInput(EventwireError):
    """A file or stream that cannot be read as articles."""

    code = "E002"


class BadDate(EventwireError):
    """A date that is not YYYY-MM-DD (or parseable as one)."""

    code = "E003"


class ModelMissing(EventwireError):
    """The spaCy model package is not installed."""

    code = "E004"


class BadDictionary(EventwireError):
    """An actor dictionary file that cannot be parsed."""

    code = "E005"
