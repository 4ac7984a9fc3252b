"""Typed errors raised by the emulator's layers.

The model, the parameter parsers and the middleware raise these; ``app.render_error`` is
the one place that turns them into HTTP responses, in the shape of the API generation the
request was made to (v2, v3 or the control API).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One broken rule: the field it concerns (``None`` when none) and the message."""

    field: str | None
    message: str


class EmulatorError(Exception):
    """Base class of every error the emulator renders as an API error body."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldValidationError(EmulatorError):
    """One or more request fields break a documented rule (HTTP 400)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @classmethod
    def single(cls, field: str | None, message: str) -> FieldValidationError:
        """Build the error for one broken rule."""
        return cls([FieldError(field, message)])


class UsernameExistsError(EmulatorError):
    """The username belongs to a live account (or to the parent)."""

    def __init__(self, username: str) -> None:
        super().__init__("username already exists")
        self.username = username


class UsernameReservedError(EmulatorError):
    """The username belonged to a deleted customer and can never be registered again."""

    def __init__(self, username: str) -> None:
        super().__init__("username is reserved")
        self.username = username


class AccountNotFoundError(EmulatorError):
    """No account of the wanted kind has that username."""

    def __init__(self, username: str | None) -> None:
        super().__init__("User not found")
        self.username = username


class MonitorNotFoundError(EmulatorError):
    """The subuser has no monitor settings."""

    def __init__(self) -> None:
        super().__init__("No monitor settings for this user")


class MonitorExistsError(EmulatorError):
    """The subuser already has monitor settings."""

    def __init__(self) -> None:
        super().__init__("User already has a monitor")


class AuthenticationError(EmulatorError):
    """Missing or wrong credentials (HTTP 401)."""

    def __init__(self) -> None:
        super().__init__("authorization required")


class RateLimitedError(EmulatorError):
    """The caller exceeded a rate limit (HTTP 429, with ``X-RateLimit-*`` headers)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__("too many requests")
        self.headers = dict(headers)


class RouteNotFoundError(EmulatorError):
    """No API call lives at that path (HTTP 404)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"unknown API path: {path}")
        self.path = path


class MethodNotAllowedError(EmulatorError):
    """The path exists but not for that HTTP method (HTTP 405)."""

    def __init__(self, method: str, allowed: list[str]) -> None:
        super().__init__(f"method {method} is not allowed here")
        self.allowed = allowed


class UnsupportedMediaTypeError(EmulatorError):
    """The request body has a content type the call does not accept (HTTP 415)."""

    def __init__(self, content_type: str, expected: str) -> None:
        super().__init__(
            f"content type {content_type or '(none)'} is not supported; use {expected}"
        )


class PayloadTooLargeError(EmulatorError):
    """The request body is larger than the emulator accepts (HTTP 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body is larger than {limit} bytes")


class MalformedRequestError(EmulatorError):
    """The request cannot be parsed at all, e.g. invalid JSON (HTTP 400 unless told)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class InjectedFaultError(EmulatorError):
    """A fault registered through the control API answers this call."""

    def __init__(
        self,
        status: int,
        headers: Mapping[str, str],
        body: Any = None,
        has_body: bool = False,
    ) -> None:
        super().__init__(f"injected fault with status {status}")
        self.status = status
        self.headers = dict(headers)
        self.body = body
        self.has_body = has_body


class ControlRequestError(EmulatorError):
    """A control API request is malformed (HTTP 400)."""


class InternalError(EmulatorError):
    """An unexpected exception: a bug in the emulator (HTTP 500, still SendGrid-shaped)."""

    def __init__(self) -> None:
        super().__init__("internal error")
