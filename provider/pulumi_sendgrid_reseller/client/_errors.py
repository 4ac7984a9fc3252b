"""The exception hierarchy of the SendGrid client, and the mapping from responses to it.

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

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


class CredentialsError(SendGridError):
    """The credentials or the endpoint are missing or malformed."""

    @classmethod
    def missing_api_key(cls) -> CredentialsError:
        """Build the error for a missing API key, naming both ways to set it."""
        return cls(
            "No SendGrid API key is configured. Set it with"
            " `pulumi config set --secret sendgrid-reseller:apiKey <key>`"
            " or with the SENDGRID_API_KEY environment variable."
        )

    @classmethod
    def missing_api_user(cls) -> CredentialsError:
        """Build the error for a v2 call without an API user, naming both ways to set it."""
        return cls(
            "No SendGrid API user is configured, and the v2 reseller API (customers, IP"
            " assignment) needs one. Set it with"
            " `pulumi config set sendgrid-reseller:apiUser <user>`"
            " or with the SENDGRID_API_USER environment variable."
        )

    @classmethod
    def bad_api_url(cls, problem: str) -> CredentialsError:
        """Build the error for an unusable endpoint URL."""
        return cls(
            f"The SendGrid API URL {problem}. Set an http:// or https:// URL with"
            " `pulumi config set sendgrid-reseller:apiUrl <url>`"
            " or with the SENDGRID_API_URL environment variable"
            " (default https://api.sendgrid.com)."
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


class APIStatusError(SendGridError):
    """SendGrid answered, with an error.

    Attributes:
        status_code: the HTTP status (v2 errors may come with HTTP 200).
        errors: the individual errors reported in the body.
        method: the HTTP method of the request.
        path: the request path (for v2 calls with the ``method``/``task``/``list``/``set``
            selectors appended, never with credentials).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        errors: list[ErrorDetail],
        method: str,
        path: str,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.errors = errors
        self.method = method
        self.path = path

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
        self,
        message: str,
        *,
        status_code: int,
        errors: list[ErrorDetail],
        method: str,
        path: str,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, errors=errors, method=method, path=path)
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


# --------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------

#: Input names of the v2 calls; a v2 error message that starts with one of them is about it.
V2_FIELDS: frozenset[str] = frozenset(
    {
        "username",
        "password",
        "confirm_password",
        "email",
        "first_name",
        "last_name",
        "address",
        "city",
        "state",
        "zip",
        "country",
        "phone",
        "website",
        "company",
        "package",
        "whitelabel",
        "ip_group",
        "ip",
        "free_user",
        "billing_date",
        "user",
        "task",
        "method",
        "list",
        "set",
        "limit",
        "offset",
        "id",
        "active",
        "system",
        "group",
    }
)

_FIELD_PREFIX = re.compile(r"^([a-z_]+)(?:\[\])?(?=[\s:]|$)")

_NOT_FOUND = ("not found", "does not exist", "no monitor settings")
_ALREADY_EXISTS = ("already exists", "username exists", "is reserved", "already has a monitor")
_BAD_CREDENTIALS = ("bad username / password", "authorization required")

#: Fields whose "not found" means the object addressed by the call is missing. A missing
#: IP or a missing IP group is an input error, not a missing customer.
_OBJECT_FIELDS = frozenset({None, "user", "username", "subuser", "subuser_name"})


def v2_field_of(message: str) -> str | None:
    """Return the v2 input field a v2 error message starts with, if any."""
    match = _FIELD_PREFIX.match(message)
    if match and match.group(1) in V2_FIELDS:
        return match.group(1)
    return None


def _text_class(details: list[ErrorDetail]) -> type[APIStatusError] | None:
    """Classify errors by their text; ``None`` when the text says nothing specific."""
    lowered = [(d.field, d.message.lower()) for d in details]
    if any(any(p in m for p in _BAD_CREDENTIALS) for _, m in lowered):
        return AuthenticationError
    if any(any(p in m for p in _ALREADY_EXISTS) for _, m in lowered):
        return AlreadyExistsError
    if any(f in _OBJECT_FIELDS and any(p in m for p in _NOT_FOUND) for f, m in lowered):
        return NotFoundError
    return None


def _status_class(status: int) -> type[APIStatusError]:
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 409:
        return AlreadyExistsError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    if status in (400, 422) or 200 <= status < 300:
        # v2 errors may arrive with HTTP 200: the body decides, and a body with no
        # recognisable meaning is an input error.
        return InvalidRequestError
    return APIStatusError


def classify(status: int, details: list[ErrorDetail], *, v2: bool) -> type[APIStatusError]:
    """Choose the exception class for an error response.

    429, 5xx, 401 and 403 are decided by the status. Otherwise the text decides where it is
    meaningful (v2 whatever the status; v3 for its 400 answers), then the status.
    """
    if status == 429 or status >= 500 or status in (401, 403):
        return _status_class(status)
    if v2 or status == 400:
        by_text = _text_class(details)
        if by_text is not None:
            if not v2 and by_text is NotFoundError:
                # A v3 400 that mentions a missing thing is still an input error.
                return InvalidRequestError
            return by_text
    return _status_class(status)


def _as_str(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def v2_error_details(body: Any) -> list[ErrorDetail] | None:
    """Return the errors of a v2 body, or ``None`` when the body is not an error.

    Recognises the three documented shapes, whatever the HTTP status:
    ``{"message": "error", "errors": [...]}``, ``{"message": "<anything but success>"}`` and
    ``{"error": {"code": 400, "message": "..."}}``.
    """
    if not isinstance(body, Mapping):
        return None
    details: list[ErrorDetail] = []
    if "error" in body and body.get("message") != "success":
        err = body["error"]
        if isinstance(err, Mapping):
            text = _as_str(err.get("message") or err.get("code") or "error")
        else:
            text = _as_str(err)
        details.append(ErrorDetail(v2_field_of(text), text))
    message = body.get("message")
    if "message" in body and message != "success":
        errors = body.get("errors")
        if isinstance(errors, list) and errors:
            for item in errors:
                if isinstance(item, Mapping):
                    text = _as_str(item.get("message", item))
                    field = item.get("field")
                    details.append(
                        ErrorDetail(field if isinstance(field, str) else v2_field_of(text), text)
                    )
                else:
                    text = _as_str(item)
                    details.append(ErrorDetail(v2_field_of(text), text))
        elif isinstance(errors, str) and errors:
            details.append(ErrorDetail(v2_field_of(errors), errors))
        else:
            text = _as_str(message) if message not in (None, "") else "error"
            details.append(ErrorDetail(v2_field_of(text), text))
    return details or None


def v3_error_details(body: Any) -> list[ErrorDetail]:
    """Return the errors of a v3 error body (``{"errors": [{"field", "message"}]}``).

    Other shapes (``{"error": "..."}``, ``{"message": "..."}``) are understood too; an
    empty list means the body said nothing usable.
    """
    details: list[ErrorDetail] = []
    if isinstance(body, Mapping):
        errors = body.get("errors")
        if isinstance(errors, list):
            for item in errors:
                if isinstance(item, Mapping):
                    field = item.get("field")
                    text = item.get("message")
                    details.append(
                        ErrorDetail(
                            field if isinstance(field, str) and field else None,
                            _as_str(text) if text is not None else "error",
                        )
                    )
                elif item is not None:
                    details.append(ErrorDetail(None, _as_str(item)))
        if not details:
            v2_like = v2_error_details(body)
            if v2_like:
                details.extend(v2_like)
    return details
