"""The control API routes under ``/_emulator/``: reset, state, IPs, request log, faults, limits.

No authentication: it is for tests and demos. Bodies are JSON whatever the content type.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request

from ..backend import Backend
from ..bodies import json_response
from ..errors import ControlRequestError
from ..paths import CONTROL_PREFIX
from .faults import ControlState


def _body() -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ControlRequestError("the body is not valid JSON") from exc


def register(
    app: Flask, backend: Backend, control: ControlState, reset: Callable[[], None]
) -> None:
    """Add the control routes to the app; ``reset`` empties the whole emulator."""

    def reset_all() -> Response:
        reset()
        return json_response({"message": "reset"})

    def state() -> Response:
        return json_response(backend.state())

    def add_ips() -> Response:
        body = _body()
        ips = body.get("ips") if isinstance(body, dict) else None
        if not isinstance(ips, list) or not all(isinstance(ip, str) for ip in ips):
            raise ControlRequestError('the body must be {"ips": ["<ip>", ...]}')
        return json_response({"added": backend.add_ips(ips)})

    def requests_log() -> Response:
        if request.method == "DELETE":
            control.log.clear()
            return json_response({"message": "cleared"})
        return json_response(control.log.snapshot())

    def faults() -> Response:
        if request.method == "POST":
            fault = control.add_fault(_body())
            return json_response({"id": fault.id}, 201)
        if request.method == "DELETE":
            control.clear_faults()
            return json_response({"message": "cleared"})
        return json_response(control.describe())

    def ratelimits() -> Response:
        if request.method == "POST":
            rule = control.add_rate_limit(_body())
            return json_response({"id": rule.id}, 201)
        if request.method == "DELETE":
            control.clear_faults()
            return json_response({"message": "cleared"})
        return json_response(control.describe())

    routes: list[tuple[str, str, Callable[[], Response], list[str]]] = [
        ("/reset", "reset", reset_all, ["POST"]),
        ("/state", "state", state, ["GET"]),
        ("/ips", "add_ips", add_ips, ["POST"]),
        ("/requests", "requests_log", requests_log, ["GET", "DELETE"]),
        ("/faults", "faults", faults, ["GET", "POST", "DELETE"]),
        ("/ratelimits", "ratelimits", ratelimits, ["GET", "POST", "DELETE"]),
    ]
    for rule, name, view, methods in routes:
        app.add_url_rule(
            CONTROL_PREFIX + rule,
            f"control_{name}",
            view,
            methods=methods,
            provide_automatic_options=False,
        )
