"""The v3 URL table: ``/v3/subusers...`` with ``Authorization: Bearer <key>``."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, request

from ..backend import Backend
from ..errors import AuthenticationError
from .responses import V3Responses
from .sender_auth_responses import SenderAuthResponses
from .sender_auth_responses import url_table as sender_auth_table
from .teammate_responses import TeammateResponses
from .user_responses import UserResponses
from .webhook_responses import WebhookResponses

View = Callable[..., Response]
#: The calls of an API: rule, then method, then the view that answers it.
UrlTable = dict[str, dict[str, View]]


def bearer_token(header: str | None) -> str | None:
    """Return the key of an ``Authorization: Bearer <key>`` header."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def url_table(
    responses: V3Responses,
    user: UserResponses,
    hooks: WebhookResponses,
    team: TeammateResponses,
) -> UrlTable:
    """Rule, method and view of every v3 call the emulator answers.

    ``/v3/subusers/reputations`` is a fixed rule, so it wins over ``<name>`` for GET; a
    subuser named "reputations" is still reachable with PATCH, DELETE and the sub-paths.
    The same holds for ``/v3/teammates/pending`` and ``.../event/settings/all``.
    """
    event = "/v3/user/webhooks/event"
    parse = "/v3/user/webhooks/parse/settings"
    return {
        "/v3/subusers": {"GET": responses.list_subusers, "POST": responses.create_subuser},
        "/v3/subusers/reputations": {"GET": responses.reputations},
        "/v3/subusers/<name>": {
            "PATCH": responses.patch_subuser,
            "DELETE": responses.delete_subuser,
        },
        "/v3/subusers/<name>/ips": {"PUT": responses.put_ips},
        "/v3/subusers/<name>/website_access": {"PATCH": responses.website_access},
        "/v3/subusers/<name>/credits": {"GET": responses.get_credits, "PUT": responses.put_credits},
        "/v3/subusers/<name>/credits/remaining": {"PATCH": responses.patch_remaining_credits},
        "/v3/subusers/<name>/monitor": {
            "GET": responses.get_monitor,
            "POST": responses.create_monitor,
            "PUT": responses.update_monitor,
            "DELETE": responses.delete_monitor,
        },
        "/v3/user/email": {"GET": user.get_email, "PUT": user.put_email},
        "/v3/user/password": {"PUT": user.put_password},
        "/v3/user/username": {"GET": user.get_username, "PUT": user.put_username},
        "/v3/user/profile": {"GET": user.get_profile, "PATCH": user.patch_profile},
        "/v3/api_keys": {"POST": user.create_api_key, "GET": user.list_api_keys},
        "/v3/api_keys/<key_id>": {
            "GET": user.get_api_key,
            "PATCH": user.patch_api_key,
            "PUT": user.put_api_key,
            "DELETE": user.delete_api_key,
        },
        f"{event}/settings": {"POST": hooks.create_event_webhook},
        f"{event}/settings/all": {"GET": hooks.list_event_webhooks},
        f"{event}/settings/<webhook_id>": {
            "GET": hooks.get_event_webhook,
            "PATCH": hooks.patch_event_webhook,
            "DELETE": hooks.delete_event_webhook,
        },
        f"{event}/settings/signed/<webhook_id>": {
            "GET": hooks.get_signed,
            "PATCH": hooks.patch_signed,
        },
        f"{event}/test": {"POST": hooks.test_event_webhook},
        parse: {"GET": hooks.list_parse_settings, "POST": hooks.create_parse_setting},
        f"{parse}/<hostname>": {
            "GET": hooks.get_parse_setting,
            "PATCH": hooks.patch_parse_setting,
            "DELETE": hooks.delete_parse_setting,
        },
        "/v3/teammates": {"POST": team.invite, "GET": team.list_teammates},
        "/v3/teammates/pending": {"GET": team.list_pending},
        "/v3/teammates/pending/<token>": {"DELETE": team.delete_pending},
        "/v3/teammates/pending/<token>/resend": {"POST": team.resend},
        "/v3/teammates/<username>": {
            "GET": team.get_teammate,
            "PATCH": team.patch_teammate,
            "DELETE": team.delete_teammate,
        },
        "/v3/teammates/<teammate_name>/subuser_access": {"GET": team.subuser_access},
    }


def add_rules(app: Flask, table: UrlTable, api_key: str) -> None:
    """Add the table's routes to the app, each behind the bearer-key check."""

    def authenticated(view: View) -> View:
        @wraps(view)
        def checked(**kwargs: Any) -> Response:
            token = bearer_token(request.headers.get("Authorization"))
            if token is None or not hmac.compare_digest(token.encode(), api_key.encode()):
                raise AuthenticationError()
            return view(**kwargs)

        return checked

    for rule, method, view in ((r, m, v) for r, views in table.items() for m, v in views.items()):
        app.add_url_rule(
            rule,
            f"v3_{method.lower()}_{rule}",
            authenticated(view),
            methods=[method],
            provide_automatic_options=False,
        )


def register(app: Flask, backend: Backend, api_key: str) -> None:
    """Add the v3 routes to the app, each behind the bearer-key check."""
    table = url_table(
        V3Responses(backend),
        UserResponses(backend),
        WebhookResponses(backend),
        TeammateResponses(backend),
    )
    add_rules(app, table, api_key)
    add_rules(app, sender_auth_table(SenderAuthResponses(backend)), api_key)
