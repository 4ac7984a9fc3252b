"""The URL table of ``/v3/partners``, its key check, error renderer and control routes.

The on-behalf-of ``/v3/user`` calls an account needs are in the table too.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, request

from .backend import PartnersBackend, TransactionalStore
from .errors import PartnersError, UnauthenticatedError
from .responses import PartnersResponses, json_response

View = Callable[..., Response]
CONTROL_PREFIX = "/_emulator"


def url_table(r: PartnersResponses) -> list[tuple[str, str, View]]:
    """(rule, method, view) for every call of the document."""
    account = "/v3/partners/accounts/<account_id>"
    return [
        ("/v3/partners/accounts", "GET", r.list_accounts),
        ("/v3/partners/accounts", "POST", r.create_account),
        (account, "DELETE", r.delete_account),
        (f"{account}/offerings", "GET", r.get_offerings),
        (f"{account}/offerings", "PUT", r.put_offerings),
        (f"{account}/sso", "POST", r.sso),
        (f"{account}/state", "GET", r.get_state),
        (f"{account}/state", "PUT", r.put_state),
        ("/v3/partners/offerings", "GET", r.catalog),
        ("/v3/user/profile", "GET", r.get_user_profile),
        ("/v3/user/profile", "PATCH", r.patch_user_profile),
        ("/v3/user/email", "GET", r.get_user_email),
        ("/v3/user/email", "PUT", r.put_user_email),
    ]


def render_error(exc: PartnersError) -> Response:
    """The document's error body: ``{"errors": [{"message", "field", "error_id"}]}``."""
    if request.path.startswith(CONTROL_PREFIX + "/"):
        return json_response({"error": str(exc)}, exc.status)
    return Response(
        json.dumps({"errors": [p.body() for p in exc.problems]}),
        status=exc.status,
        content_type="application/json",
    )


def _bearer(header: str | None) -> str | None:
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def register(app: Flask, store: TransactionalStore, api_key: str) -> PartnersBackend:
    """Add the partners routes, their error renderer and control routes; return the backend."""
    backend = PartnersBackend(store)
    app.register_error_handler(PartnersError, render_error)

    def authenticated(view: View) -> View:
        @wraps(view)
        def checked(**kwargs: Any) -> Response:
            token = _bearer(request.headers.get("Authorization"))
            if token is None or not hmac.compare_digest(token.encode(), api_key.encode()):
                raise UnauthenticatedError()
            return view(**kwargs)

        return checked

    for rule, method, view in url_table(PartnersResponses(backend)):
        app.add_url_rule(
            rule,
            f"partners_{method.lower()}_{view.__name__}",
            authenticated(view),
            methods=[method],
            provide_automatic_options=False,
        )

    def control_force_state(account_id: str) -> Response:
        try:
            body = json.loads(request.get_data(cache=True) or b"{}")
        except ValueError:
            body = None
        state = body.get("state") if isinstance(body, dict) else None
        backend.force_state(account_id, str(state))
        return json_response({"id": account_id, "state": state})

    app.add_url_rule(
        f"{CONTROL_PREFIX}/accounts/<account_id>/state",
        "partners_control_force_state",
        control_force_state,
        methods=["PUT"],
    )
    return backend
