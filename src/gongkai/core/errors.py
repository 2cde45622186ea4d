"""Errors that services raise on purpose; views show their message to the user.

A message is a full Chinese sentence for the person who acted, never a
traceback; ``code`` is a stable English word for tests and the API.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message


class PermissionDenied(ApplicationError):
    """The actor may not do this (e.g. staff of agency A acting for agency B)."""

    code = "permission_denied"


class Conflict(ApplicationError):
    """The action would overwrite something; the caller must confirm it."""

    code = "conflict"
