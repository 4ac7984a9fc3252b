"""From SendGrid's answers to exceptions: error bodies of every documented shape, and classes.

SendGrid reports errors in several shapes (v2 bodies even with HTTP 200); this module reads
them into :class:`ErrorDetail` items, chooses the exception class from the status and the
text, and builds the redacted exception the transport raises.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

from .._redact import Redactor
from ._errors import (
    AlreadyExistsError,
    APIStatusError,
    AuthenticationError,
    ErrorDetail,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ._fields import CustomerFields, create_fields

__all__ = [
    "V2_FIELDS",
    "classify",
    "describe_failure",
    "exists_when",
    "is_connect_failure",
    "make_status_error",
    "refused_as",
    "status_error",
    "v2_error_details",
    "v2_field_of",
    "v3_error_details",
]

#: Input names of the v2 calls; a v2 error message that starts with one of them is about it:
#: the customer table's fields, and the other parameters of the v2 calls.
V2_FIELDS: frozenset[str] = frozenset(create_fields(CustomerFields)) | frozenset(
    {
        "confirm_password",
        "ip_group",
        "ip",
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


def status_error(
    resp: requests.Response,
    body: Any,
    parsed: bool,
    method: str,
    display_path: str,
    v2: bool,
    redactor: Redactor,
) -> APIStatusError:
    """The exception for an error answer (any status but 2xx), its text redacted."""
    status = resp.status_code
    details: list[ErrorDetail] = []
    if parsed:
        found = v2_error_details(body) if v2 else v3_error_details(body)
        details = found or []
        if not details and v2:
            details = v3_error_details(body)
    understood = bool(details)
    if not details:
        text = resp.text.strip() if not parsed else ""
        snippet = " ".join(text.split())[:200] if text and not text.startswith("<") else ""
        details = [ErrorDetail(None, snippet or resp.reason or f"HTTP {status}")]
    cls = classify(status, details, v2=v2)
    if cls is NotFoundError and not understood:
        # A 404 without a SendGrid error body more likely means a wrong API URL (or a
        # proxy) than a missing object: never let it pass for "the object is gone".
        cls = APIStatusError
        details = [*details, ErrorDetail(None, "not a SendGrid answer; check the API URL")]
    return make_status_error(cls, status, details, method, display_path, redactor)


def make_status_error(
    cls: type[APIStatusError],
    status: int,
    details: list[ErrorDetail],
    method: str,
    display_path: str,
    redactor: Redactor,
) -> APIStatusError:
    """An exception of class ``cls`` whose message sums up ``details``, redacted."""
    clean = [
        ErrorDetail(redactor(d.field) if d.field else None, redactor(d.message)) for d in details
    ]
    summary = "; ".join(str(d) for d in clean) or f"HTTP {status}"
    message = f"SendGrid rejected {method} {display_path} ({status}): {summary}"
    if cls is RateLimitError:
        return RateLimitError(
            message, status_code=status, errors=clean, method=method, path=display_path
        )
    if cls is ServerError:
        message = f"SendGrid failed {method} {display_path} ({status}): {summary}"
    return cls(message, status_code=status, errors=clean, method=method, path=display_path)


def is_connect_failure(exc: requests.exceptions.ConnectionError) -> bool:
    """Whether the connection was never established (so nothing was sent)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return True
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        if current.args and isinstance(current.args[0], BaseException):
            current = current.args[0]
            continue
        current = current.__cause__ or current.__context__
    return False


def describe_failure(exc: BaseException) -> str:
    """Describe a connection failure in one line (its innermost reason)."""
    inner: BaseException = exc
    seen: set[int] = set()
    while id(inner) not in seen:
        seen.add(id(inner))
        reason = getattr(inner, "reason", None)
        if isinstance(reason, BaseException):
            inner = reason
        elif inner.args and isinstance(inner.args[-1], BaseException):
            inner = inner.args[-1]
        else:
            break
    text = str(inner) or type(inner).__name__
    return f"{type(inner).__name__}: {text}" if type(inner).__name__ not in text else text


@contextlib.contextmanager
def refused_as(error: type[APIStatusError], says: Callable[[str], bool]) -> Iterator[None]:
    """A 400 one of whose messages ``says`` (given in lower case), raised as ``error``.

    Any other 400 goes on as it is.
    """
    try:
        yield
    except InvalidRequestError as exc:
        if any(says(d.message.lower()) for d in exc.errors):
            raise error(
                exc.message,
                status_code=exc.status_code,
                errors=exc.errors,
                method=exc.method,
                path=exc.path,
            ) from None
        raise


def exists_when(*phrases: str) -> contextlib.AbstractContextManager[None]:
    """A create's 400 that says the object exists, raised as :class:`AlreadyExistsError`.

    ``phrases`` (lower case) are what the call's own error message says then; any other
    400 goes on as it is.
    """
    return refused_as(AlreadyExistsError, lambda said: any(p in said for p in phrases))
