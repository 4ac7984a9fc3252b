"""Event webhooks and inbound parse settings (``/v3/user/webhooks``) of the acting account.

An account has several event webhooks, each named by the id SendGrid gives it; no two of
them post to the same URL. Signature verification is turned on and off by a call of its
own, whose answer holds the public key that verifies the signed events. Inbound parse
settings are named by their hostname.

Reach them for a subuser or an account through ``SendGridClient.acting_for(...)``
(``on-behalf-of``), as every ``/v3/user`` call.
"""

from __future__ import annotations

import builtins
from typing import Any

from pydantic import Field, SecretStr, model_validator

from ._api import ApiGroup, TableRequest, fields_model, reported_model
from ._api import RequestModel as _Input
from ._api import ResponseModel as _Response
from ._fields import (
    OAUTH_FIELDS,
    EventWebhookFields,
    InboundParseFields,
    create_body,
    reported_fields,
)
from ._transport import NO_ANSWER
from ._util import path_segment

__all__ = [
    "PARSE_MX_HOST",
    "PARSE_MX_PRIORITY",
    "EventWebhook",
    "EventWebhookList",
    "EventWebhookRequest",
    "EventWebhookTest",
    "EventWebhooksAPI",
    "ParseSetting",
    "ParseSettingRequest",
    "ParseSettingsAPI",
    "WebhookPublicKey",
]

_EVENT = "/v3/user/webhooks/event"
_SETTINGS = f"{_EVENT}/settings"
_PARSE = "/v3/user/webhooks/parse/settings"

PARSE_MX_HOST = "mx.sendgrid.net"
"""Where a parse hostname's MX record points (SendGrid's inbound mail servers)."""
PARSE_MX_PRIORITY = 10
"""The priority SendGrid gives that MX record."""


def _reveal(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v.get_secret_value() if isinstance(v, SecretStr) else v for k, v in body.items()}


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------


class EventWebhookRequest(EventWebhookFields, _Input):
    """The body of the create and of ``PATCH .../settings/{id}``, from the field table.

    ``signed`` is not part of either body (it has a call of its own).
    """

    def to_json(self) -> dict[str, Any]:
        """The create's body: every field the create takes, unset ones left out."""
        return _reveal(create_body(self))

    def update_json(self) -> dict[str, Any]:
        """The update's body: every field, with ``""`` for an unset name or OAuth setting.

        SendGrid documents ``""`` as the way to clear the OAuth settings; a PATCH that left
        them out would keep the old ones.
        """
        body = self.to_json()
        for name in ("friendly_name", *OAUTH_FIELDS):
            body.setdefault(name, "")
        return body

    def secrets(self) -> list[str]:
        """The secret values of the body (to remove from any message)."""
        secret = self.oauth_client_secret
        return [secret.get_secret_value()] if secret is not None else []


_EventWebhookReported = reported_model(
    EventWebhookFields, doc="What SendGrid reports of an event webhook."
)


class EventWebhook(_EventWebhookReported):  # type: ignore[misc,valid-type]
    """An event webhook as SendGrid reports it.

    Every reported field of :class:`EventWebhookFields` (``None`` when the answer leaves it
    out: SendGrid shows OAuth settings only when configured, ``public_key`` only when
    signed), plus its id and public key.
    """

    id: str
    public_key: str | None = None

    @property
    def is_signed(self) -> bool:
        """Whether signature verification is on (SendGrid then reports a public key)."""
        return bool(self.public_key)

    def reported(self) -> dict[str, Any]:
        """The reported fields of the table, by name (``signed`` from the public key)."""
        values = {name: getattr(self, name) for name in reported_fields(EventWebhookFields)}
        values["signed"] = self.is_signed
        for name in ("enabled", *_flags()):
            values[name] = bool(values[name])
        return values


def _flags() -> tuple[str, ...]:
    from ._fields import event_flags

    return event_flags()


class EventWebhookList(_Response):
    """The answer to ``GET .../settings/all``: the webhooks and how many may be enabled."""

    max_allowed: int | None = None
    webhooks: list[dict[str, Any]] = Field(default_factory=list)

    def items(self) -> list[EventWebhook]:
        """The webhooks (an empty object, as the document shows for none, is skipped)."""
        return [EventWebhook.model_validate(w) for w in self.webhooks if w.get("id")]


class WebhookPublicKey(_Response):
    """The answer of the signature calls: the webhook's id and public key (``""``: off)."""

    id: str | None = None
    public_key: str = ""


class _Signed(_Input):
    enabled: bool


_TestTarget = fields_model(EventWebhookFields, ("url", *OAUTH_FIELDS))


class EventWebhookTest(_TestTarget):  # type: ignore[misc,valid-type]
    """The body of ``POST .../event/test``: where to send a test event (and its OAuth).

    The URL and OAuth settings are those of :class:`EventWebhookFields`, with their rules;
    ``id`` names the webhook tested, if any.
    """

    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON body, unset fields left out."""
        return _reveal(self.model_dump(exclude_none=True))


class ParseSettingRequest(InboundParseFields, TableRequest):
    """The body of the create and of ``PATCH .../parse/settings/{hostname}``."""


_ParseReported = reported_model(InboundParseFields, doc="What SendGrid reports of a parse setting.")


class ParseSetting(_ParseReported):  # type: ignore[misc,valid-type]
    """An inbound parse setting as SendGrid reports it."""

    hostname: str

    @model_validator(mode="before")
    @classmethod
    def _lower_hostname(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("hostname"), str):
            return {**data, "hostname": data["hostname"].lower().rstrip(".")}
        return data

    def reported(self) -> dict[str, Any]:
        """The reported fields of the table, by name."""
        values = {name: getattr(self, name) for name in reported_fields(InboundParseFields)}
        for name in ("spam_check", "send_raw"):
            values[name] = bool(values[name])
        return values


class _ParseList(_Response):
    result: list[ParseSetting] = Field(default_factory=list)


# --------------------------------------------------------------------------------------
# Calls
# --------------------------------------------------------------------------------------


class EventWebhooksAPI(ApiGroup):
    """The acting account's event webhooks. Reach it as ``client.event_webhooks``."""

    root = _SETTINGS

    def create(self, req: EventWebhookRequest) -> EventWebhook:
        """Create a webhook (``POST .../settings``; 200 and 201 are both success).

        Not idempotent: when the outcome is unknown the error is raised without a retry;
        :meth:`list` shows whether a webhook at that URL now exists (SendGrid refuses a
        second one at the same URL, naming the existing one's id).
        """
        return self._t.request(
            "POST",
            _SETTINGS,
            json=req.to_json(),
            secrets=req.secrets(),
            idempotent=False,
            response=EventWebhook,
        )

    def list(self) -> builtins.list[EventWebhook]:
        """Every webhook of the account (``GET .../settings/all``)."""
        body = self._get(f"{_SETTINGS}/all", EventWebhookList, include="account_status_change")
        return body.items()

    def get(self, webhook_id: str) -> EventWebhook:
        """One webhook (``GET .../settings/{id}``).

        Raises:
            NotFoundError: the account has no webhook with that id.
        """
        return self._get(self._path(webhook_id), EventWebhook)

    def update(self, webhook_id: str, req: EventWebhookRequest) -> EventWebhook:
        """Set every field of the webhook but its signing (``PATCH .../settings/{id}``)."""
        return self._set(
            "PATCH", self._path(webhook_id), req.update_json(), EventWebhook, secrets=req.secrets()
        )

    def delete(self, webhook_id: str) -> None:
        """Delete the webhook (``DELETE .../settings/{id}``).

        Raises:
            NotFoundError: no such webhook (also when a retried delete already took effect).
        """
        self._delete(self._path(webhook_id))

    def public_key(self, webhook_id: str) -> WebhookPublicKey:
        """The webhook's public key, ``""`` when unsigned (``GET .../settings/signed/{id}``)."""
        return self._get(f"{_SETTINGS}/signed/{path_segment(webhook_id)}", WebhookPublicKey)

    def set_signed(self, webhook_id: str, enabled: bool) -> WebhookPublicKey:
        """Turn signature verification on or off (``PATCH .../settings/signed/{id}``).

        The answer holds the public key (``""`` when turned off).
        """
        return self._set(
            "PATCH",
            f"{_SETTINGS}/signed/{path_segment(webhook_id)}",
            _Signed(enabled=enabled).model_dump(),
            WebhookPublicKey,
        )

    def test(self, req: EventWebhookTest) -> None:
        """Have SendGrid post a test event to ``req.url`` (``POST .../event/test``).

        Not idempotent: a repeated call sends another event.
        """
        secrets = [req.oauth_client_secret.get_secret_value()] if req.oauth_client_secret else []
        self._t.request(
            "POST",
            f"{_EVENT}/test",
            json=req.to_json(),
            secrets=secrets,
            idempotent=False,
            response=NO_ANSWER,
        )


class ParseSettingsAPI(ApiGroup):
    """The acting account's inbound parse settings. Reach it as ``client.parse_settings``."""

    root = _PARSE

    def create(self, req: ParseSettingRequest) -> ParseSetting:
        """Create a setting (``POST .../parse/settings``; 200 and 201 are both success).

        Not idempotent as the transport sees it; the hostname names the setting, so
        :meth:`get` tells whether a create whose answer was lost took effect.
        """
        return self._t.request(
            "POST", _PARSE, json=req.to_json(), idempotent=False, response=ParseSetting
        )

    def list(self) -> builtins.list[ParseSetting]:
        """Every setting of the account (``GET .../parse/settings``)."""
        return self._get(_PARSE, _ParseList).result

    def get(self, hostname: str) -> ParseSetting:
        """One setting (``GET .../parse/settings/{hostname}``).

        Raises:
            NotFoundError: the account has no setting for that hostname.
        """
        return self._get(self._path(hostname), ParseSetting)

    def update(self, req: ParseSettingRequest) -> ParseSetting:
        """Set the URL, spam check and raw flag (``PATCH .../parse/settings/{hostname}``)."""
        body = {k: v for k, v in req.to_json().items() if k != "hostname"}
        return self._set("PATCH", self._path(req.hostname), body, ParseSetting)

    def delete(self, hostname: str) -> None:
        """Delete the setting (``DELETE .../parse/settings/{hostname}``).

        Raises:
            NotFoundError: no such setting.
        """
        self._delete(self._path(hostname))
