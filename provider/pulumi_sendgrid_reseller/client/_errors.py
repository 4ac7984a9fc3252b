"""The exception hierarchy of the SendGrid client (``_classify`` maps answers to it).

::

    SendGridError
     ├── CredentialsError            no API key / API user / bad endpoint configured
     ├── APIConnectionError          no (complete) response: refused, reset, dropped
     │    └── APITimeoutError        connect or read timeout
     ├── APIStatusError              SendGrid answered with an error
     │    ├── InvalidRequestError    400 / 422, rule violations (``field`` set when known)
     │    ├── AuthenticationError    401, or v2 "Bad username / password"
     │    ├── PermissionDeniedError  403
     │    ├── NotFoundError          404, or v2 "User not found" / "User does not exist"
     │    ├── AlreadyExistsError     duplicate or reserved username, monitor already set
     │    ├── RateLimitError         429
     │    └── ServerError            5xx
     └── ResponseValidationError     a success answer whose body cannot be understood

Every message is redacted: it never contains the API key or a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict, Unpack

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AlreadyExistsError",
    "AuthenticationError",
    "CredentialsError",
    "ErrorDetail",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "SendGridError",
    "ServerError",
]


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One error reported by SendGrid: the offending input field (when known) and the text."""

    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.field}: {self.message}"
        return self.message


class SendGridError(Exception):
    """Base class of every error raised by the SendGrid client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


Setting = Literal[
    "api_key", "api_user", "api_url", "read_timeout", "max_requests_per_second", "api_url_eu"
]
"""The client inputs a :class:`CredentialsError` can be about."""


class CredentialsError(SendGridError):
    """The credentials, the endpoint or another client setting are missing or malformed.

    Attributes:
        setting: which input is at fault (``api_key``, ``api_user``, ``api_url``, ...),
            so that the caller can say how to set it; ``None`` when not one input.
    """

    def __init__(self, message: str, *, setting: Setting | None = None) -> None:
        super().__init__(message)
        self.setting: Setting | None = setting

    @classmethod
    def missing_api_key(cls) -> CredentialsError:
        """Build the error for a missing API key."""
        return cls("No SendGrid API key is configured.", setting="api_key")

    @classmethod
    def missing_api_user(cls) -> CredentialsError:
        """Build the error for a v2 call without an API user."""
        return cls(
            "No SendGrid API user is configured, and the v2 reseller API needs one (customers,"
            " IP assignment, and a subuser's IPs, which only a v2 call reads).",
            setting="api_user",
        )

    @classmethod
    def bad_api_url(cls, problem: str) -> CredentialsError:
        """Build the error for an unusable endpoint URL."""
        return cls(
            f"The SendGrid API URL {problem}; it must be an http:// or https:// URL.",
            setting="api_url",
        )


class APIConnectionError(SendGridError):
    """No complete response was received (connection refused, reset or dropped).

    For a call that is not safe to repeat (a create), the outcome is unknown: the change
    may or may not have been applied, and the caller should read the current state.
    """

    def __init__(self, message: str, *, method: str, path: str) -> None:
        super().__init__(message)
        self.method = method
        self.path = path


class APITimeoutError(APIConnectionError):
    """The connection or the response timed out."""


class StatusDetails(TypedDict):
    """What an :class:`APIStatusError` records of the answer (see its attributes)."""

    status_code: int
    errors: list[ErrorDetail]
    method: str
    path: str


class APIStatusError(SendGridError):
    """SendGrid answered, with an error.

    Attributes:
        status_code: the HTTP status (v2 errors may come with HTTP 200).
        errors: the individual errors reported in the body.
        method: the HTTP method of the request.
        path: the request path (for v2 calls with the ``method``/``task``/``list``/``set``
            selectors appended, never with credentials).
    """

    def __init__(self, message: str, **status: Unpack[StatusDetails]) -> None:
        super().__init__(message)
        self.status_code = status["status_code"]
        self.errors = status["errors"]
        self.method = status["method"]
        self.path = status["path"]

    @property
    def fields(self) -> list[str]:
        """The names of the input fields the errors are about (when SendGrid says)."""
        return [e.field for e in self.errors if e.field]


class InvalidRequestError(APIStatusError):
    """The request was refused because of its input (HTTP 400 or 422)."""


class AuthenticationError(APIStatusError):
    """The credentials were refused (HTTP 401, or v2 ``Bad username / password``)."""


class PermissionDeniedError(APIStatusError):
    """The credentials are valid but not allowed to make this call (HTTP 403)."""


class NotFoundError(APIStatusError):
    """The user, subuser or monitor does not exist."""


class AlreadyExistsError(APIStatusError):
    """The object already exists: duplicate or reserved username, existing monitor."""


class RateLimitError(APIStatusError):
    """Too many requests (HTTP 429), still refused after the retries allowed.

    ``retry_after`` is the wait SendGrid asked for, in seconds, when it said.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, **status: Unpack[StatusDetails]
    ) -> None:
        super().__init__(message, **status)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """SendGrid failed (HTTP 5xx)."""


class ResponseValidationError(SendGridError):
    """A success response whose body is not what the API documents."""

    def __init__(self, message: str, *, status_code: int, method: str, path: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.method = method
        self.path = path
