"""The control API routes under ``/_emulator/``: reset, state, IPs, request log, faults, limits.

``POST /_emulator/teammates/accept`` ``{"email", "username"}`` (with the ``on-behalf-of``
header of the account that invited) accepts a pending teammate invitation as the invitee
would: 201 with the teammate, as ``GET /v3/teammates/{username}`` shows it.

``PUT /_emulator/accounts/{id}/state`` ``{"state": "suspended"}`` sets an Account
Provisioning account to a state only SendGrid sets (``suspended``, ``banned``,
``indeterminate``), or back. ``PUT /_emulator/dns-resolver`` ``{"resolver": "HOST:PORT"}``
names the DNS server the validate calls ask (``null``: the machine's resolver).

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
from ..models import Actor
from ..paths import CONTROL_PREFIX
from ..v3.user_responses import ON_BEHALF_OF
from .faults import ControlState

#: The optional names the invitee gives when accepting an invitation.
_NAMES = ("first_name", "last_name")


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

    def registry(add: Callable[[Any], Any]) -> Callable[[], Response]:
        """POST adds (faults or rate limits), DELETE forgets both, GET describes both."""

        def view() -> Response:
            if request.method == "POST":
                return json_response({"id": add(_body()).id}, 201)
            if request.method == "DELETE":
                control.clear_faults()
                return json_response({"message": "cleared"})
            return json_response(control.describe())

        return view

    def account_state(account_id: str) -> Response:
        body = _body()
        state = body.get("state") if isinstance(body, dict) else None
        if not isinstance(state, str):
            raise ControlRequestError('the body must be {"state": "<state>"}')
        backend.set_partner_state(account_id, state, control=True)
        return json_response({"account_id": account_id, "state": state})

    def accept_invitation() -> Response:
        body = _body()
        email = body.get("email") if isinstance(body, dict) else None
        username = body.get("username") if isinstance(body, dict) else None
        names = [body.get(n, "") if isinstance(body, dict) else "" for n in _NAMES]
        if not all(isinstance(v, str) for v in (email, username, *names)):
            raise ControlRequestError(
                'the body must be {"email": "<invited email>", "username": "<new username>"}'
                ' (optionally "first_name", "last_name")'
            )
        actor = Actor.from_header(request.headers.get(ON_BEHALF_OF))
        teammate = backend.accept_invitation(actor, str(email), str(username), *map(str, names))
        return json_response(teammate.body(with_scopes=True), 201)

    def dns_resolver() -> Response:
        if request.method == "PUT":
            body = _body()
            address = body.get("resolver") if isinstance(body, dict) else 0
            if not (address is None or isinstance(address, str)):
                raise ControlRequestError('the body must be {"resolver": "HOST:PORT" or null}')
            backend.dns.set_address(address)
        return json_response({"resolver": backend.dns.address})

    def sso_landing(account_id: str) -> Response:
        backend.get_partner_account(account_id)
        return json_response({"account_id": account_id, "signed_in": True})

    routes: list[tuple[str, str, Callable[..., Response], list[str]]] = [
        ("/reset", "reset", reset_all, ["POST"]),
        ("/state", "state", state, ["GET"]),
        ("/ips", "add_ips", add_ips, ["POST"]),
        ("/requests", "requests_log", requests_log, ["GET", "DELETE"]),
        ("/faults", "faults", registry(control.add_fault), ["GET", "POST", "DELETE"]),
        (
            "/ratelimits",
            "ratelimits",
            registry(control.add_rate_limit),
            ["GET", "POST", "DELETE"],
        ),
        # Set what only SendGrid sets: suspended, banned, indeterminate (or any state).
        ("/accounts/<account_id>/state", "account_state", account_state, ["PUT"]),
        # The invitee accepts a teammate invitation (on-behalf-of: the inviting account).
        ("/teammates/accept", "accept_invitation", accept_invitation, ["POST"]),
        # The DNS server the validate calls ask (null: the machine's resolver); a reset
        # keeps it, as it keeps the API key.
        ("/dns-resolver", "dns_resolver", dns_resolver, ["GET", "PUT"]),
        # Where POST /v3/partners/accounts/{id}/sso sends the browser.
        ("/sso/<account_id>", "sso_landing", sso_landing, ["GET"]),
    ]
    for rule, name, view, methods in routes:
        app.add_url_rule(
            CONTROL_PREFIX + rule,
            f"control_{name}",
            view,
            methods=methods,
            provide_automatic_options=False,
        )
