"""Exceptions for invalid layer settings, readable in either course language.

Each error keeps the key of its message and the values that fill it in, so a
widget or the calculator can show the same error in Chinese while `str(error)`
stays English, as Python tracebacks expect.
"""

from __future__ import annotations

from course_lib.messages import message

__all__ = ["ConvSettingError", "ConvTypeError", "CourseError"]


class CourseError(Exception):
    """An error whose message lives in the bilingual message table."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(message(key, "en", **fields))

    def text(self, language: str = "en") -> str:
        """Return the message in `language` ("en" or "zh")."""
        return message(self.key, language, **self.fields)


class ConvSettingError(CourseError, ValueError):
    """A layer setting or input shape that PyTorch (or the course) rejects."""


class ConvTypeError(CourseError, TypeError):
    """A setting of the wrong type, such as a float or a bool channel count."""
