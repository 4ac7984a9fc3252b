"""The control API under ``/_emulator/``: reset, state, IPs, request log, faults, limits.

No authentication: it is for tests and demos. Bodies are JSON whatever the content type.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, request

from .errors import ControlRequestError
from .v2.render import json_response

if TYPE_CHECKING:
    from .app import EmulatorApp

PREFIX = "/_emulator"


def _body() -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ControlRequestError("the body is not valid JSON") from exc


def register(app: Flask, emulator: EmulatorApp) -> None:
    """Add the control routes to the app."""

    def reset() -> Response:
        emulator.reset()
        return json_response({"message": "reset"})

    def state() -> Response:
        return json_response(
            {**emulator.backend.state(), "partner_accounts": emulator.partners.state()}
        )

    def add_ips() -> Response:
        body = _body()
        ips = body.get("ips") if isinstance(body, dict) else None
        if not isinstance(ips, list) or not all(isinstance(ip, str) for ip in ips):
            raise ControlRequestError('the body must be {"ips": ["<ip>", ...]}')
        return json_response({"added": emulator.backend.add_ips(ips)})

    def requests_log() -> Response:
        if request.method == "DELETE":
            emulator.control.log.clear()
            return json_response({"message": "cleared"})
        return json_response(emulator.control.log.snapshot())

    def faults() -> Response:
        if request.method == "POST":
            fault = emulator.control.add_fault(_body())
            return json_response({"id": fault.id}, 201)
        if request.method == "DELETE":
            emulator.control.clear_faults()
            return json_response({"message": "cleared"})
        return json_response(emulator.control.describe())

    def ratelimits() -> Response:
        if request.method == "POST":
            rule = emulator.control.add_rate_limit(_body())
            return json_response({"id": rule.id}, 201)
        if request.method == "DELETE":
            emulator.control.clear_faults()
            return json_response({"message": "cleared"})
        return json_response(emulator.control.describe())

    routes: list[tuple[str, Any, list[str]]] = [
        ("/reset", reset, ["POST"]),
        ("/state", state, ["GET"]),
        ("/ips", add_ips, ["POST"]),
        ("/requests", requests_log, ["GET", "DELETE"]),
        ("/faults", faults, ["GET", "POST", "DELETE"]),
        ("/ratelimits", ratelimits, ["GET", "POST", "DELETE"]),
    ]
    for rule, view, methods in routes:
        app.add_url_rule(
            PREFIX + rule,
            f"control_{view.__name__}",
            view,
            methods=methods,
            provide_automatic_options=False,
        )
