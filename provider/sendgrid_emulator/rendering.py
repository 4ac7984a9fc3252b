"""The one place where a typed error becomes an HTTP response.

The error says its status, its messages and its headers
(:mod:`sendgrid_emulator.errors`); this module puts them in the body shape of the API the
path belongs to: v2 (JSON or XML, one of three documented shapes), v3
(``{"errors": [{"field", "message"}]}``), Account Provisioning
(``{"errors": [{"message", "field", "error_id"}]}``) or the control API
(``{"error": message}``).
"""

from __future__ import annotations

import json

from flask import Response, request
from werkzeug import exceptions as werkzeug_exceptions
from werkzeug.exceptions import HTTPException

from .bodies import json_response
from .errors import (
    EmulatorError,
    FieldError,
    InjectedFaultError,
    InternalError,
    MalformedRequestError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    RouteNotFoundError,
)
from .paths import generation_of
from .v2 import render as v2_render

#: Account Provisioning ``error_id`` of the field errors the document lists.
_FIELD_ERROR_IDS = {"email": "10-40002", "company_website": "10-40008", "phone": "10-40010"}


def _error_id(error: FieldError, status: int) -> str:
    """Account Provisioning error ids: ``10-<status>00``, or the documented field id."""
    if status == 400 and error.field is not None and error.field in _FIELD_ERROR_IDS:
        return _FIELD_ERROR_IDS[error.field]
    return f"10-{status}00"


def render_error(exc: EmulatorError) -> Response:
    """Turn a typed error into the HTTP response of the path's API generation."""
    gen = generation_of(request.path)
    status = exc.status_for(gen)
    if isinstance(exc, InjectedFaultError) and exc.has_body:
        response = Response(json.dumps(exc.body), status=status, content_type="application/json")
    elif gen == "control":
        response = json_response({"error": exc.message}, status)
    elif gen == "v2":
        call, fmt = v2_render.split_call(request.path)
        shape, messages = exc.v2_body(call)
        if shape == "coded":
            response = v2_render.coded_error(messages[0], fmt, status)
        elif shape == "message":
            response = v2_render.plain_message(messages[0], fmt, status)
        else:
            response = v2_render.error_list(messages, fmt, status)
    elif gen == "partners":
        partner_errors = [
            {"message": e.message, "field": e.field or "", "error_id": _error_id(e, status)}
            for e in exc.field_errors(gen)
        ]
        response = json_response({"errors": partner_errors}, status)
    else:
        response = json_response({"errors": exc.v3_errors()}, status)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


def from_http_exception(exc: HTTPException, body_limit: int) -> EmulatorError:
    """The typed error for an exception werkzeug raised while routing or parsing."""
    code = exc.code or 500
    if code == 404:
        return RouteNotFoundError(request.path)
    if isinstance(exc, werkzeug_exceptions.MethodNotAllowed):
        return MethodNotAllowedError(request.method, sorted(exc.valid_methods or []))
    if code == 413:
        return PayloadTooLargeError(request.max_content_length or body_limit)
    if code >= 500:
        return InternalError()
    return MalformedRequestError(exc.description or "bad request", status=code)
