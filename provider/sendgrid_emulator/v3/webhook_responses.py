"""The calls of the webhooks document: event webhooks and inbound parse settings.

Each acts for the account ``on-behalf-of`` names. Event webhooks come with their signing
and the test event.

The event webhook calls answer their errors in that document's shape (``message``, and for
a URL in use ``id`` and ``url``), so a body that breaks a parsing rule is reported the same
way; the parse setting calls answer the usual ``{"field", "message"}`` entries.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response, no_content
from ..errors import EventWebhookInvalidError, FieldValidationError
from ..event_webhooks import INCLUDABLE, MAX_WEBHOOKS, REQUEST_FIELDS, TEST_FIELDS
from ..parse_settings import PARSE_FIELDS
from .parsing import call_body, json_body, json_object, no_content_after, query, req_bool
from .user_responses import actor

View = Callable[..., Response]


def _included() -> bool:
    """Whether ``include=account_status_change`` asked for that field."""
    value = query(request, ("include",)).get("include")
    if value is not None and value not in INCLUDABLE:
        raise EventWebhookInvalidError(f"include must be one of: {', '.join(INCLUDABLE)}")
    return value is not None


def _event_webhook_errors(view: View) -> View:
    """Report a broken parsing rule in the event webhook document's error shape."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        try:
            return view(*args, **kwargs)
        except FieldValidationError as exc:
            raise EventWebhookInvalidError.of(exc) from exc

    return wrapped


class WebhookResponses:
    """One method per documented call of the event webhook and parse setting groups."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # --- /v3/user/webhooks/event --------------------------------------------------------

    @_event_webhook_errors
    def create_event_webhook(self) -> Response:
        """``POST .../event/settings``: 201, the webhook with its id and dates."""
        webhook = self.backend.create_event_webhook(actor(), call_body(request, *REQUEST_FIELDS))
        return json_response(webhook.body(dates=True, public_key=False), 201)

    @_event_webhook_errors
    def list_event_webhooks(self) -> Response:
        """``GET .../event/settings/all``: ``{"max_allowed", "webhooks"}``."""
        include = _included()
        webhooks = self.backend.event_webhooks.list(actor())
        return json_response(
            {
                "max_allowed": MAX_WEBHOOKS,
                "webhooks": [w.body(True, True, include) for w in webhooks],
            }
        )

    @_event_webhook_errors
    def get_event_webhook(self, webhook_id: str) -> Response:
        """``GET .../event/settings/{id}``: no dates; ``public_key`` when signed."""
        include = _included()
        webhook = self.backend.event_webhooks.get(actor(), webhook_id)
        return json_response(webhook.body(False, True, include))

    @_event_webhook_errors
    def patch_event_webhook(self, webhook_id: str) -> Response:
        """``PATCH .../event/settings/{id}``: the webhook with its dates."""
        include = _included()
        body = json_object(json_body(request), REQUEST_FIELDS)
        webhook = self.backend.update_event_webhook(actor(), webhook_id, body)
        return json_response(webhook.body(True, False, include))

    @_event_webhook_errors
    def delete_event_webhook(self, webhook_id: str) -> Response:
        """``DELETE .../event/settings/{id}``: 204."""
        return no_content_after(request, self.backend.event_webhooks.delete, actor(), webhook_id)

    @_event_webhook_errors
    def get_signed(self, webhook_id: str) -> Response:
        """``GET .../event/settings/signed/{id}``: ``{"id", "public_key"}``."""
        query(request, ())
        key = self.backend.event_webhook_public_key(actor(), webhook_id)
        return json_response({"id": webhook_id, "public_key": key})

    @_event_webhook_errors
    def patch_signed(self, webhook_id: str) -> Response:
        """``PATCH .../event/settings/signed/{id}`` ``{"enabled"}``: the key, or ``""``."""
        enabled = req_bool(call_body(request, "enabled"), "enabled")
        key = self.backend.set_event_webhook_signed(actor(), webhook_id, enabled)
        return json_response({"id": webhook_id, "public_key": key})

    @_event_webhook_errors
    def test_event_webhook(self) -> Response:
        """``POST .../event/test``: the test event is posted to ``url``; 204."""
        self.backend.send_test_event(actor(), call_body(request, *TEST_FIELDS))
        return no_content()

    # --- /v3/user/webhooks/parse --------------------------------------------------------

    def list_parse_settings(self) -> Response:
        """``GET .../parse/settings``: ``{"result": [...]}``."""
        query(request, ())
        settings = self.backend.parse_settings.list(actor())
        return json_response({"result": [s.body() for s in settings]})

    def create_parse_setting(self) -> Response:
        """``POST .../parse/settings``: 201, the setting."""
        setting = self.backend.create_parse_setting(actor(), call_body(request, *PARSE_FIELDS))
        return json_response(setting.body(), 201)

    def get_parse_setting(self, hostname: str) -> Response:
        """``GET .../parse/settings/{hostname}``."""
        query(request, ())
        return json_response(self.backend.parse_settings.get(actor(), hostname).body())

    def patch_parse_setting(self, hostname: str) -> Response:
        """``PATCH .../parse/settings/{hostname}``: the setting."""
        setting = self.backend.update_parse_setting(
            actor(), hostname, call_body(request, *PARSE_FIELDS)
        )
        return json_response(setting.body())

    def delete_parse_setting(self, hostname: str) -> Response:
        """``DELETE .../parse/settings/{hostname}``: 204."""
        return no_content_after(request, self.backend.parse_settings.delete, actor(), hostname)
