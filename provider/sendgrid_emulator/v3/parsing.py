"""Strict readers for v3 JSON bodies and query strings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec

from flask import Request, Response

from ..bodies import no_content
from ..errors import (
    FieldError,
    FieldValidationError,
    MalformedRequestError,
    UnsupportedMediaTypeError,
)

_P = ParamSpec("_P")


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def json_body(request: Request) -> Any:
    """Parse the request's JSON document (``application/json`` only, never empty)."""
    if not _is_json(request.mimetype):
        raise UnsupportedMediaTypeError(request.mimetype, "application/json")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise MalformedRequestError("request body is required")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedRequestError("request body is not valid JSON") from exc


def query(request: Request, allowed: Iterable[str]) -> dict[str, str]:
    """Return the query parameters, refusing unknown or repeated ones."""
    allowed_names = set(allowed)
    errors: list[FieldError] = []
    out: dict[str, str] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name not in allowed_names:
            errors.append(FieldError(name, f"{name} is not a valid query parameter"))
        elif len(values) > 1:
            errors.append(FieldError(name, f"{name} must be given only once"))
        else:
            out[name] = values[0]
    if errors:
        raise FieldValidationError(errors)
    return out


def repeated_query(request: Request, *spellings: str) -> list[str]:
    """Return the values of one repeatable query parameter; refuse any other.

    Every spelling counts (``usernames`` and ``usernames[]``), in the order given.
    """
    unknown = sorted(n for n in request.args if n not in spellings)
    if unknown:
        raise FieldValidationError(
            [FieldError(n, f"{n} is not a valid query parameter") for n in unknown]
        )
    return [v for name, v in request.args.items(multi=True) if name in spellings and v]


def query_int(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """Return a whole-number query parameter within bounds."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise FieldValidationError.single(
            name, f"{name} must be a whole number from {low} to {high}"
        )
    return int(raw)


def query_bool(params: dict[str, str], name: str) -> bool:
    """Return a ``true``/``false`` query parameter (false when missing)."""
    raw = params.get(name, "false").lower()
    if raw not in ("true", "false"):
        raise FieldValidationError.single(name, f"{name} must be true or false")
    return raw == "true"


def json_object(body: Any, allowed: Iterable[str]) -> dict[str, Any]:
    """Return the body as a JSON object with only the documented fields."""
    if not isinstance(body, dict):
        raise FieldValidationError.single(None, "request body must be a JSON object")
    allowed_names = set(allowed)
    unknown = sorted(k for k in body if k not in allowed_names)
    if unknown:
        raise FieldValidationError([FieldError(k, f"{k} is not a valid field") for k in unknown])
    return body


def call_body(req: Request, *fields: str) -> dict[str, Any]:
    """The JSON object body of a call that takes no query parameter (``fields`` only)."""
    query(req, ())
    return json_object(json_body(req), fields)


def no_content_after(
    req: Request, call: Callable[_P, object], *args: _P.args, **kwargs: _P.kwargs
) -> Response:
    """A call that takes no query parameter and answers 204 once ``call`` has done its work."""
    query(req, ())
    call(*args, **kwargs)
    return no_content()


def opt_str(obj: dict[str, Any], name: str) -> str | None:
    """Return an optional string field."""
    value = obj.get(name)
    if value is None or isinstance(value, str):
        return value
    raise FieldValidationError.single(name, f"{name} must be a string")


def req_bool(obj: dict[str, Any], name: str) -> bool:
    """Return a required boolean field (``true``/``false`` only)."""
    if name not in obj:
        raise FieldValidationError.single(name, f"{name} is required")
    value = obj[name]
    if not isinstance(value, bool):
        raise FieldValidationError.single(name, f"{name} must be a boolean")
    return value


def opt_bool(obj: dict[str, Any], name: str) -> bool:
    """Return an optional boolean field (``false`` when missing)."""
    value = obj.get(name, False)
    if not isinstance(value, bool):
        raise FieldValidationError.single(name, f"{name} must be a boolean")
    return value


def opt_int(obj: dict[str, Any], name: str) -> int | None:
    """Return an optional whole number (an integral float such as ``500.0`` too)."""
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldValidationError.single(name, f"{name} must be an integer")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int):
        raise FieldValidationError.single(name, f"{name} must be an integer")
    return value


def str_list(value: Any, name: str) -> list[str] | None:
    """Return a list of strings (``None`` when missing)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldValidationError.single(name, f"{name} must be an array of strings")
    return value
