"""The Flask application: the URL tables of every API, faults and rate limits.

Errors are rendered by :func:`sendgrid_emulator.rendering.render_error`, the one place
where a typed error becomes an HTTP response. The request hooks apply injected faults,
per-path rate limits and the per-key v3 window before a call runs, and add
``X-RateLimit-*`` headers after it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from . import control
from .backend import DEFAULT_IPS, Backend
from .control import DROP_KEY, FAULT_KEY, LOG_PATH_KEY, ControlState, WireMiddleware
from .control.ratelimit import RateDecision
from .errors import EmulatorError, InjectedFaultError, InternalError, RateLimitedError
from .partners import urls as partners_urls
from .passwords import hash_password
from .paths import generation_of, is_control_path, is_v3_path, strip_eu
from .rendering import from_http_exception, render_error
from .store import Store
from .v2 import urls as v2_urls
from .v2.params import V2Params
from .v3 import urls as v3_urls
from .v3.urls import bearer_token

DEFAULT_API_USER = "reseller"
DEFAULT_API_KEY = "SG.emulator-key"
#: The parent's own password, for ``PUT /v3/user/password`` without ``on-behalf-of``.
DEFAULT_PARENT_PASSWORD = "reseller-password"
MAX_BODY_BYTES = 1024 * 1024
#: WSGI environ key set on requests made to the EU endpoint (``/eu/v3/...``).
EU_KEY = "sendgrid_emulator.eu"

logger = logging.getLogger("sendgrid_emulator")


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings of one emulator instance."""

    db: str = ":memory:"
    api_user: str = DEFAULT_API_USER
    api_key: str = DEFAULT_API_KEY
    parent_email: str = "reseller@example.com"
    parent_password: str = DEFAULT_PARENT_PASSWORD
    max_body_bytes: int = MAX_BODY_BYTES
    v3_rate_limit: int = 10_000
    v3_rate_window: float = 60.0
    #: The DNS server the validate calls ask (``HOST:PORT``); ``None``: the machine's.
    dns_resolver: str | None = None


# --- the app -----------------------------------------------------------------------------


class EmulatorApp:
    """One emulator: store, backend, control state, the Flask app and its WSGI wrapper."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.store = Store(
            self.config.db,
            DEFAULT_IPS,
            self.config.parent_email,
            hash_password(self.config.parent_password),
        )
        self.backend = Backend(self.store, self.config.api_user, self.config.dns_resolver)
        self.control = ControlState(self.config.v3_rate_limit, self.config.v3_rate_window)
        self.flask = self._build_flask()
        self.wsgi = WireMiddleware(EuEndpoint(self.flask), self.control.log)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one WSGI request."""
        return self.wsgi(environ, start_response)

    def reset(self) -> None:
        """Empty state, default IPs, no faults, an empty request log."""
        self.backend.reset()
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
        partners_urls.register(app, self.backend, self.config.api_key)
        control.register(app, self.backend, self.control, self.reset)
        return app

    def _http_error(self, exc: HTTPException) -> Response:
        return render_error(from_http_exception(exc, self.config.max_body_bytes))

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
        if is_v3_path(path):
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
        if decision is None and is_v3_path(path):
            decision = g.get("v3_rate")
            if decision is None:
                key = bearer_token(request.headers.get("Authorization")) or "-"
                decision = self.control.v3_window.peek(key)
        if decision is not None:
            for name, value in decision.headers().items():
                if name not in response.headers:
                    response.headers[name] = value
        return response


class EuEndpoint:
    """Serve ``/eu/v3/...`` as ``/v3/...``, marking the request as made to the EU endpoint.

    It sits inside the wire layer, so that the request log keeps the path as sent.
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one request."""
        inner = strip_eu(str(environ.get("PATH_INFO", "")))
        if inner is not None:
            environ["PATH_INFO"] = inner
            environ[EU_KEY] = True
        return self.app(environ, start_response)


def create_app(**settings: Any) -> EmulatorApp:
    """Build an emulator application (keyword arguments as in :class:`EmulatorConfig`)."""
    return EmulatorApp(EmulatorConfig(**settings))
