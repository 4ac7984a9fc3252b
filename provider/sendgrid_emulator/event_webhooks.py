"""``/v3/user/webhooks/event``: several event webhooks per account, signing, the test event.

Each webhook belongs to the account it was made for (the parent, or with ``on-behalf-of``
a subuser or an Account Provisioning account) and is invisible to every other. Rules, from
the webhooks document: ``url`` is required and unique among the account's webhooks; at most
:data:`MAX_WEBHOOKS` per account; OAuth is ``oauth_client_id`` with ``oauth_token_url``, the
secret is given with both (an update may leave it out to keep the stored one; three empty
strings turn OAuth off) and is never shown again. Signing is switched by its own call; each
time it is switched on the webhook gets a new ECDSA P-256 key pair
(:mod:`sendgrid_emulator.signing`); the private key never leaves the store.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import signing
from .delivery import deliver_test_event
from .errors import (
    EventWebhookInvalidError,
    EventWebhookNotFoundError,
    EventWebhookUrlExistsError,
)
from .models import Actor
from .owned import OwnedCollection, OwnedTable, of_row, owner_name, set_columns
from .user import UserCalls

#: The event flags of a webhook, in the document's order; each defaults to false.
EVENT_FLAGS = (
    "group_resubscribe",
    "delivered",
    "group_unsubscribe",
    "spam_report",
    "bounce",
    "deferred",
    "unsubscribe",
    "processed",
    "open",
    "click",
    "dropped",
)
OAUTH_FIELDS = ("oauth_client_id", "oauth_client_secret", "oauth_token_url")
#: The fields of the create and update bodies (``EventWebhookRequest``).
REQUEST_FIELDS = ("enabled", "url", *EVENT_FLAGS, "friendly_name", *OAUTH_FIELDS)
#: The fields of the test call's body (``EventWebhookTestRequest``).
TEST_FIELDS = ("id", "url", *OAUTH_FIELDS)
#: ``max_allowed`` of the list: the webhooks an account may have.
MAX_WEBHOOKS = 5
#: What ``include=`` may ask for: a field shown only when asked.
INCLUDABLE = ("account_status_change",)
TEXT_LIMIT = 2048

_WEBHOOKS = OwnedTable("event_webhooks", "w", "id", lambda _: EventWebhookNotFoundError())
_WEBHOOKS.declare(
    """
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL,
    friendly_name TEXT,
    oauth_client_id TEXT,
    oauth_client_secret TEXT,
    oauth_token_url TEXT,
    signing_key TEXT,
    public_key TEXT,
    created_date TEXT NOT NULL,
    updated_date TEXT NOT NULL,
    seq INTEGER NOT NULL
"""
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_url(url: str) -> bool:
    """An absolute ``http`` or ``https`` URL with a host and no whitespace."""
    if not url or any(c.isspace() for c in url) or len(url) > TEXT_LIMIT:
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@dataclass
class EventWebhook:
    """An event webhook as the API shows it (never the OAuth secret or the private key)."""

    id: str
    owner: str | None
    url: str
    enabled: bool
    flags: dict[str, bool]
    friendly_name: str | None
    oauth_client_id: str | None
    oauth_token_url: str | None
    oauth_secret_set: bool
    public_key: str | None
    created_date: str
    updated_date: str

    def body(
        self, dates: bool, public_key: bool, account_status_change: bool = False
    ) -> dict[str, Any]:
        """The document's webhook object: dates and the public key where the call has them.

        The OAuth fields appear only when OAuth is configured, ``public_key`` only when
        signing is on, ``account_status_change`` only when ``include`` asked for it.
        """
        out: dict[str, Any] = {"enabled": self.enabled, "url": self.url}
        if account_status_change:
            out["account_status_change"] = False
        out.update({flag: self.flags.get(flag, False) for flag in EVENT_FLAGS})
        out["friendly_name"] = self.friendly_name
        out["id"] = self.id
        if dates:
            out["created_date"] = self.created_date
            out["updated_date"] = self.updated_date
        if self.oauth_client_id:
            out["oauth_client_id"] = self.oauth_client_id
            out["oauth_token_url"] = self.oauth_token_url
        if public_key and self.public_key:
            out["public_key"] = self.public_key
        return out

    def state(self) -> dict[str, Any]:
        """The control API's view: the owner, whether a secret is stored, the public key."""
        return {
            **self.body(dates=True, public_key=False),
            "owner": self.owner,
            "signed": self.public_key is not None,
            "public_key": self.public_key,
            "oauth_client_secret_set": self.oauth_secret_set,
        }

    @classmethod
    def of(cls, row: sqlite3.Row) -> EventWebhook:
        """The webhook an ``event_webhooks`` row (joined with its owner) holds."""
        flags = json.loads(str(row["flags"]))
        return cls(
            id=str(row["id"]),
            owner=owner_name(row),
            url=str(row["url"]),
            enabled=bool(row["enabled"]),
            flags={flag: bool(flags.get(flag, False)) for flag in EVENT_FLAGS},
            friendly_name=row["friendly_name"],
            oauth_client_id=row["oauth_client_id"],
            oauth_token_url=row["oauth_token_url"],
            oauth_secret_set=bool(row["oauth_client_secret"]),
            public_key=row["public_key"],
            created_date=str(row["created_date"]),
            updated_date=str(row["updated_date"]),
        )


def _bool(body: Mapping[str, Any], name: str, errors: list[str]) -> bool | None:
    value = body.get(name)
    if value is None or isinstance(value, bool):
        return value
    errors.append(f"{name} must be a boolean")
    return None


def _text(body: Mapping[str, Any], name: str, errors: list[str]) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(f"{name} must be a string")
        return None
    if len(value) > TEXT_LIMIT or any(ord(c) < 32 for c in value):
        errors.append(f"{name} must be at most {TEXT_LIMIT} characters, without control ones")
        return None
    return value


def _url(body: Mapping[str, Any], errors: list[str]) -> str | None:
    """The required ``url``: an http(s) URL."""
    url = body.get("url")
    if url is None:
        errors.append("url is required")
    elif not isinstance(url, str) or not valid_url(url):
        errors.append(f"'{url}' is not a valid url")
    else:
        return url
    return None


def _check(errors: list[str]) -> None:
    if errors:
        raise EventWebhookInvalidError("; ".join(errors))


class EventWebhookCalls(UserCalls):
    """Create, list, read, update, delete, sign and test event webhooks.

    ``event_webhooks`` answers ``GET .../event/settings/all`` (oldest first), ``GET`` and
    ``DELETE .../event/settings/{id}``.
    """

    event_webhooks = OwnedCollection(_WEBHOOKS, of_row(EventWebhook.of))

    @staticmethod
    def _url_taken(
        conn: sqlite3.Connection, user_id: int | None, url: str, webhook_id: str | None
    ) -> None:
        row = conn.execute(
            "SELECT id FROM event_webhooks WHERE user_id IS ? AND url = ? AND id IS NOT ?",
            (user_id, url, webhook_id),
        ).fetchone()
        if row is not None:
            raise EventWebhookUrlExistsError(url, str(row["id"]))

    @staticmethod
    def _settings(body: Mapping[str, Any], creating: bool) -> dict[str, Any]:
        """Check a create or update body; return the columns it sets (given fields only)."""
        errors: list[str] = []
        url = _url(body, errors)
        out: dict[str, Any] = {"url": url}
        enabled = _bool(body, "enabled", errors)
        if enabled is not None or creating:
            out["enabled"] = bool(enabled)
        flags = {flag: _bool(body, flag, errors) for flag in EVENT_FLAGS}
        out["flags"] = {k: bool(v) for k, v in flags.items() if v is not None or creating}
        if "friendly_name" in body or creating:
            out["friendly_name"] = _text(body, "friendly_name", errors) or None
        oauth = {name: _text(body, name, errors) for name in OAUTH_FIELDS}
        _check(errors)
        given = {name: value for name, value in oauth.items() if value is not None}
        if given and all(value == "" for value in given.values()):
            if len(given) != len(OAUTH_FIELDS):
                errors.append("to turn OAuth off, give all three OAuth fields as empty strings")
            out.update(dict.fromkeys(OAUTH_FIELDS))
        elif given:
            client_id, token_url = given.get("oauth_client_id"), given.get("oauth_token_url")
            if not client_id or not token_url:
                errors.append("oauth_client_id and oauth_token_url must be given together")
            elif not valid_url(token_url):
                errors.append(f"'{token_url}' is not a valid url")
            if creating and not given.get("oauth_client_secret"):
                errors.append("oauth_client_secret is required with oauth_client_id")
            out.update(given)
        _check(errors)
        return out

    def create_event_webhook(self, actor: Actor, body: Mapping[str, Any]) -> EventWebhook:
        """``POST /v3/user/webhooks/event/settings``."""
        settings = self._settings(body, creating=True)
        now = _now()
        webhook_id = str(uuid.uuid4())
        with self.store.transaction(write=True) as conn:
            user_id = self.acting_user_id(conn, actor)
            self._url_taken(conn, user_id, settings["url"], None)
            if _WEBHOOKS.count(conn, user_id) >= MAX_WEBHOOKS:
                raise EventWebhookInvalidError(
                    "You have reached the maximum number of webhooks per your current billing plan."
                )
            _WEBHOOKS.insert(
                conn,
                {
                    "id": webhook_id,
                    "user_id": user_id,
                    "url": settings["url"],
                    "enabled": int(settings["enabled"]),
                    "flags": json.dumps(settings["flags"]),
                    "friendly_name": settings["friendly_name"],
                    **{name: settings.get(name) or None for name in OAUTH_FIELDS},
                    "created_date": now,
                    "updated_date": now,
                    "seq": _WEBHOOKS.next_seq(conn),
                },
            )
            return self.event_webhooks.one(conn, actor, webhook_id)

    def update_event_webhook(
        self, actor: Actor, webhook_id: str, body: Mapping[str, Any]
    ) -> EventWebhook:
        """``PATCH /v3/user/webhooks/event/settings/{id}``: the fields given change."""
        settings = self._settings(body, creating=False)
        with self.store.transaction(write=True) as conn:
            row = self.event_webhooks.row(conn, actor, webhook_id)
            user_id = self.acting_user_id(conn, actor)
            self._url_taken(conn, user_id, settings["url"], webhook_id)
            flags = json.loads(str(row["flags"]))
            flags.update(settings.pop("flags"))
            columns: dict[str, Any] = {"flags": json.dumps(flags)}
            for name, value in settings.items():
                columns[name] = int(value) if isinstance(value, bool) else (value or None)
            client_id = columns.get("oauth_client_id", row["oauth_client_id"])
            secret = columns.get("oauth_client_secret", row["oauth_client_secret"])
            if client_id and not secret:
                raise EventWebhookInvalidError(
                    "oauth_client_secret is required: no secret is stored for this webhook"
                )
            columns["updated_date"] = _now()
            set_columns(conn, "event_webhooks", columns, "id", webhook_id)
            return self.event_webhooks.one(conn, actor, webhook_id)

    def event_webhook_public_key(self, actor: Actor, webhook_id: str) -> str:
        """``GET .../settings/signed/{id}``: the public key, ``""`` when signing is off."""
        return self.event_webhooks.get(actor, webhook_id).public_key or ""

    def set_event_webhook_signed(self, actor: Actor, webhook_id: str, enabled: bool) -> str:
        """``PATCH .../settings/signed/{id}``: on makes a key pair (kept while on), off drops it."""
        with self.store.transaction(write=True) as conn:
            row = self.event_webhooks.row(conn, actor, webhook_id)
            if enabled and row["signing_key"] is None:
                private = signing.new_private_key()
                public: str | None = signing.public_key_of(private)
            elif enabled:
                private, public = str(row["signing_key"]), str(row["public_key"])
            else:
                private, public = None, None
            if (private, public) != (row["signing_key"], row["public_key"]):
                conn.execute(
                    "UPDATE event_webhooks SET signing_key = ?, public_key = ?, "
                    "updated_date = ? WHERE id = ?",
                    (private, public, _now(), webhook_id),
                )
        return public or ""

    def send_test_event(self, actor: Actor, body: Mapping[str, Any]) -> None:
        """``POST /v3/user/webhooks/event/test``: POST a test event to ``url``, now.

        The webhook named by ``id`` (or else the account's webhook with that URL, if any)
        decides the events and, when signing is on, signs the POST with its key.
        """
        errors: list[str] = []
        url = _url(body, errors)
        webhook_id = _text(body, "id", errors)
        oauth = {name: _text(body, name, errors) for name in OAUTH_FIELDS}
        if bool(oauth["oauth_client_id"]) != bool(oauth["oauth_token_url"]):
            errors.append("oauth_client_id and oauth_token_url must be given together")
        _check(errors)
        assert isinstance(url, str)
        with self.store.transaction(write=False) as conn:
            user_id = self.acting_user_id(conn, actor)
            if webhook_id:
                row: sqlite3.Row | None = _WEBHOOKS.get(conn, user_id, webhook_id)
            else:
                row = conn.execute(
                    f"{_WEBHOOKS.select} WHERE w.user_id IS ? AND w.url = ?", (user_id, url)
                ).fetchone()
            stored = row is not None and bool(row["oauth_client_secret"])
            if oauth["oauth_client_id"] and not oauth["oauth_client_secret"] and not stored:
                raise EventWebhookInvalidError(
                    "oauth_client_secret is required: no secret is stored for a webhook"
                )
        webhook = None if row is None else EventWebhook.of(row)
        events = [f for f in EVENT_FLAGS if webhook is not None and webhook.flags[f]]
        key = None if row is None else row["signing_key"]
        deliver_test_event(url, events, None if key is None else str(key))


_WEBHOOKS.dumped_as("event_webhooks", lambda row: EventWebhook.of(row).state())
