"""The Flask application: routes, the one error renderer, faults and rate limits.

``render_error`` is the only place where a typed error becomes an HTTP response; it
answers in the shape of the API generation the path belongs to (v2 JSON or XML, v3, or
the control API). The request hooks apply injected faults, per-path rate limits and the
per-key v3 window before a call runs, and add ``X-RateLimit-*`` headers after it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal
from wsgiref.types import StartResponse, WSGIEnvironment

from flask import Flask, Response, g, request
from werkzeug import exceptions as werkzeug_exceptions
from werkzeug.exceptions import HTTPException

from . import control, partners
from .backend import DEFAULT_IPS, Backend
from .errors import (
    AccountNotFoundError,
    AuthenticationError,
    EmulatorError,
    FieldError,
    FieldValidationError,
    InjectedFaultError,
    InternalError,
    MalformedRequestError,
    MethodNotAllowedError,
    MonitorNotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    RouteNotFoundError,
    UnsupportedMediaTypeError,
    UsernameExistsError,
    UsernameReservedError,
)
from .faults import (
    DROP_KEY,
    FAULT_KEY,
    LOG_PATH_KEY,
    ControlState,
    WireMiddleware,
    is_control_path,
)
from .ratelimit import RateDecision
from .store import Store
from .v2 import render as v2_render
from .v2 import urls as v2_urls
from .v2.params import V2Params
from .v3 import urls as v3_urls
from .v3.urls import bearer_token

DEFAULT_API_USER = "reseller"
DEFAULT_API_KEY = "SG.emulator-key"
MAX_BODY_BYTES = 1024 * 1024

logger = logging.getLogger("sendgrid_emulator")

Generation = Literal["v2", "v3", "control"]


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings of one emulator instance."""

    db: str = ":memory:"
    api_user: str = DEFAULT_API_USER
    api_key: str = DEFAULT_API_KEY
    max_body_bytes: int = MAX_BODY_BYTES
    v3_rate_limit: int = 10_000
    v3_rate_window: float = 60.0


def generation_of(path: str) -> Generation:
    """Which API a path belongs to (anything unknown answers in the v3 shape)."""
    if path == "/apiv2" or path.startswith("/apiv2/"):
        return "v2"
    if is_control_path(path):
        return "control"
    return "v3"


def _is_v3(path: str) -> bool:
    return path == "/v3" or path.startswith("/v3/")


# --- the one error renderer --------------------------------------------------------------


def _status_of(exc: EmulatorError, gen: Generation) -> int:
    if isinstance(exc, InjectedFaultError):
        return exc.status
    if isinstance(exc, MalformedRequestError):
        return exc.status
    if isinstance(exc, AccountNotFoundError):
        return 404 if gen == "v3" else 400
    table: list[tuple[type[EmulatorError], int]] = [
        (AuthenticationError, 401),
        (RateLimitedError, 429),
        (RouteNotFoundError, 404),
        (MonitorNotFoundError, 404),
        (MethodNotAllowedError, 405),
        (PayloadTooLargeError, 413),
        (UnsupportedMediaTypeError, 415),
        (InternalError, 500),
    ]
    for cls, status in table:
        if isinstance(exc, cls):
            return status
    return 400


def _field_errors(exc: EmulatorError, gen: Generation, status: int) -> list[FieldError]:
    if isinstance(exc, FieldValidationError):
        return exc.errors
    if isinstance(exc, UsernameExistsError):
        return [
            FieldError("username", "username exists" if gen == "v3" else "username already exists")
        ]
    if isinstance(exc, UsernameReservedError):
        return [FieldError("username", "username is reserved")]
    if isinstance(exc, AuthenticationError) and gen == "v2":
        return [FieldError(None, "Bad username / password")]
    if isinstance(exc, AccountNotFoundError) and gen == "v3":
        return [FieldError(None, "subuser not found")]
    if isinstance(exc, InjectedFaultError):
        try:
            phrase = HTTPStatus(status).phrase.lower()
        except ValueError:
            phrase = "error"
        return [FieldError(None, phrase)]
    return [FieldError(None, exc.message)]


def render_error(exc: EmulatorError) -> Response:
    """Turn a typed error into the HTTP response of the path's API generation."""
    gen = generation_of(request.path)
    status = _status_of(exc, gen)
    if isinstance(exc, InjectedFaultError) and exc.has_body:
        response = Response(json.dumps(exc.body), status=status, content_type="application/json")
    elif gen == "control":
        response = v2_render.json_response({"error": exc.message}, status)
    elif gen == "v2":
        call, fmt = v2_render.split_call(request.path)
        if isinstance(exc, AccountNotFoundError) and call.startswith("customer."):
            response = v2_render.coded_error("User does not exist", fmt, status)
        elif isinstance(exc, AccountNotFoundError):
            response = v2_render.plain_message("User not found", fmt, status)
        else:
            messages = [e.message for e in _field_errors(exc, gen, status)]
            response = v2_render.error_list(messages, fmt, status)
    else:
        errors = [{"field": e.field, "message": e.message} for e in _field_errors(exc, gen, status)]
        response = v2_render.json_response({"errors": errors}, status)
    if isinstance(exc, RateLimitedError | InjectedFaultError):
        for name, value in exc.headers.items():
            response.headers[name] = value
    if isinstance(exc, MethodNotAllowedError):
        response.headers["Allow"] = ", ".join(exc.allowed)
    return response


def _from_http_exception(exc: HTTPException) -> EmulatorError:
    code = exc.code or 500
    if code == 404:
        return RouteNotFoundError(request.path)
    if isinstance(exc, werkzeug_exceptions.MethodNotAllowed):
        return MethodNotAllowedError(request.method, sorted(exc.valid_methods or []))
    if code == 413:
        return PayloadTooLargeError(request.max_content_length or MAX_BODY_BYTES)
    if code >= 500:
        return InternalError()
    return MalformedRequestError(exc.description or "bad request", status=code)


# --- the app -----------------------------------------------------------------------------


class EmulatorApp:
    """One emulator: store, backend, control state, the Flask app and its WSGI wrapper."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.store = Store(self.config.db, DEFAULT_IPS)
        self.backend = Backend(self.store, self.config.api_user)
        self.control = ControlState(self.config.v3_rate_limit, self.config.v3_rate_window)
        self.flask = self._build_flask()
        self.wsgi = WireMiddleware(self.flask, self.control.log)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one WSGI request."""
        return self.wsgi(environ, start_response)

    def reset(self) -> None:
        """Empty state, default IPs, no faults, an empty request log."""
        self.backend.reset()
        self.partners.reset()
        self.control.reset()

    def close(self) -> None:
        """Close the database connections."""
        self.store.close()

    def _build_flask(self) -> Flask:
        app = Flask("sendgrid_emulator")
        app.config["MAX_CONTENT_LENGTH"] = self.config.max_body_bytes
        app.config["MAX_FORM_MEMORY_SIZE"] = self.config.max_body_bytes
        app.url_map.strict_slashes = False
        app.register_error_handler(EmulatorError, render_error)
        app.register_error_handler(HTTPException, self._http_error)
        app.register_error_handler(Exception, self._unexpected_error)
        app.before_request(self._before)
        app.after_request(self._after)
        v2_urls.register(app, self.backend, self.config.api_user, self.config.api_key)
        v3_urls.register(app, self.backend, self.config.api_key)
        control.register(app, self)
        self.partners = partners.register(app, self.store, self.config.api_key)
        return app

    @staticmethod
    def _http_error(exc: HTTPException) -> Response:
        return render_error(_from_http_exception(exc))

    @staticmethod
    def _unexpected_error(exc: Exception) -> Response:
        logger.exception("unexpected error while serving %s %s", request.method, request.path)
        return render_error(InternalError())

    def _before(self) -> Response | None:
        path = request.path
        if is_control_path(path):
            return None
        environ = request.environ
        paths: tuple[str, ...] = (path,)
        if generation_of(path) == "v2":
            try:
                suffix = V2Params.from_request(request).log_suffix()
            except (EmulatorError, HTTPException):
                suffix = ""  # the call itself reports the problem
            if suffix:
                environ[LOG_PATH_KEY] = path + suffix
                paths = (path, path + suffix)
        v3_decision: RateDecision | None = None
        if _is_v3(path):
            key = bearer_token(request.headers.get("Authorization")) or "-"
            v3_decision = self.control.v3_window.hit(key)
            g.v3_rate = v3_decision
        fault = self.control.take_fault(request.method, paths)
        if fault is not None:
            environ[FAULT_KEY] = fault.id
            if fault.latency_ms:
                time.sleep(fault.latency_ms / 1000)
            if fault.status is not None:
                headers = dict(fault.headers)
                if fault.status == 429:
                    defaults = RateDecision(
                        False, self.config.v3_rate_limit, 0, int(time.time()) + 1
                    ).headers()
                    for name, value in defaults.items():
                        if not any(name.lower() == h.lower() for h in headers):
                            headers[name] = value
                raise InjectedFaultError(fault.status, headers, fault.body, fault.has_body)
            if fault.drop_after_commit:
                environ[DROP_KEY] = True
        path_decision = self.control.check_rate_limits(paths)
        if path_decision is not None:
            g.path_rate = path_decision
            if not path_decision.allowed:
                environ.setdefault(FAULT_KEY, "ratelimit")
                environ.pop(DROP_KEY, None)
                raise RateLimitedError(path_decision.headers())
        if v3_decision is not None and not v3_decision.allowed:
            environ.setdefault(FAULT_KEY, "ratelimit")
            environ.pop(DROP_KEY, None)
            raise RateLimitedError(v3_decision.headers())
        return None

    def _after(self, response: Response) -> Response:
        path = request.path
        if is_control_path(path):
            return response
        decision: RateDecision | None = g.get("path_rate")
        if decision is None and _is_v3(path):
            decision = g.get("v3_rate")
            if decision is None:
                key = bearer_token(request.headers.get("Authorization")) or "-"
                decision = self.control.v3_window.peek(key)
        if decision is not None:
            for name, value in decision.headers().items():
                if name not in response.headers:
                    response.headers[name] = value
        return response


def create_app(**settings: Any) -> EmulatorApp:
    """Build an emulator application (keyword arguments as in :class:`EmulatorConfig`)."""
    return EmulatorApp(EmulatorConfig(**settings))
