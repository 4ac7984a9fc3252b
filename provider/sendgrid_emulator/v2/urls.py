"""The v2 URL table: ``/apiv2/<module>.<action>.<json|xml>``."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from flask import Flask, Response, request

from ..backend import Backend
from ..errors import AuthenticationError, MethodNotAllowedError, RouteNotFoundError
from .params import V2Params
from .render import V2Result, split_call
from .responses import V2Responses

Handler = Callable[[V2Params], V2Result]
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def url_table(responses: V2Responses) -> dict[str, Handler]:
    """Every v2 call the emulator answers."""
    return {
        "reseller.add": responses.reseller_add,
        "reseller.delete": responses.reseller_delete,
        "reseller.manage": responses.reseller_manage,
        "reseller.ip": responses.reseller_ip,
        "customer.ip": responses.customer_ip,
        "customer.sendip": responses.customer_sendip,
    }


def register(app: Flask, backend: Backend, api_user: str, api_key: str) -> None:
    """Add the v2 routes to the app."""
    table = url_table(V2Responses(backend))

    def v2_call(call: str) -> Response:
        name, fmt = split_call(request.path)
        handler = table.get(name)
        if handler is None or fmt is None:
            raise RouteNotFoundError(request.path)
        if request.method not in ("GET", "POST"):
            raise MethodNotAllowedError(request.method, ["GET", "POST"])
        params = V2Params.from_request(request)
        user, key = params.credentials()
        if (
            user is None
            or key is None
            or not hmac.compare_digest(user.encode(), api_user.encode())
            or not hmac.compare_digest(key.encode(), api_key.encode())
        ):
            raise AuthenticationError()
        return handler(params).render(fmt)

    app.add_url_rule(
        "/apiv2/<path:call>",
        "v2_call",
        v2_call,
        methods=ALL_METHODS,
        provide_automatic_options=False,
    )
