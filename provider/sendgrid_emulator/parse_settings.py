"""``/v3/user/webhooks/parse/settings``: inbound parse settings, one per hostname.

A setting belongs to the account it was made for and is found by its hostname (compared
without regard to case). ``hostname`` and ``url`` are required; ``url`` is an http(s) URL;
the hostname cannot change (it names the setting). The emulator does not ask for the
hostname's domain to be authenticated first, which SendGrid's page recommends.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ParseSettingExistsError, ParseSettingNotFoundError
from .event_webhooks import valid_url
from .models import Actor, Rules
from .owned import OwnedCollection, OwnedTable, of_row, owner_name, set_columns
from .user import UserCalls

#: The fields of a parse setting (``ParseSetting``), in the document's order.
PARSE_FIELDS = ("url", "hostname", "spam_check", "send_raw")
HOSTNAME_LIMIT = 253
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

_SETTINGS = OwnedTable(
    "parse_settings", "p", "hostname", lambda hostname: ParseSettingNotFoundError(str(hostname))
)
_SETTINGS.declare(
    """
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hostname TEXT NOT NULL COLLATE NOCASE,
    url TEXT NOT NULL,
    spam_check INTEGER NOT NULL DEFAULT 0,
    send_raw INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL
"""
)


def valid_hostname(hostname: str) -> bool:
    """A DNS hostname of at least two labels (letters, digits, inner hyphens)."""
    labels = hostname.removesuffix(".").split(".")
    return (
        len(hostname) <= HOSTNAME_LIMIT
        and len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )


@dataclass
class ParseSetting:
    """One inbound parse setting."""

    hostname: str
    url: str
    spam_check: bool
    send_raw: bool
    owner: str | None

    def body(self) -> dict[str, Any]:
        """The document's ``ParseSetting`` object."""
        return {name: getattr(self, name) for name in PARSE_FIELDS}

    def state(self) -> dict[str, Any]:
        """The control API's view (with the owner's username, ``None`` for the parent)."""
        return {**self.body(), "owner": self.owner}

    @classmethod
    def of(cls, row: sqlite3.Row) -> ParseSetting:
        """The setting a ``parse_settings`` row (joined with its owner) holds."""
        return cls(
            hostname=str(row["hostname"]),
            url=str(row["url"]),
            spam_check=bool(row["spam_check"]),
            send_raw=bool(row["send_raw"]),
            owner=owner_name(row),
        )


def _bool(rules: Rules, body: Mapping[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None or isinstance(value, bool):
        return value
    rules.add(name, f"{name} must be a boolean")
    return None


def _url(rules: Rules, body: Mapping[str, Any], required: bool) -> str | None:
    url = body.get("url")
    if url is None:
        if required:
            rules.add("url", "url is required")
        return None
    if not isinstance(url, str) or not valid_url(url):
        rules.add("url", "url must be an http or https URL")
        return None
    return url


class ParseSettingCalls(UserCalls):
    """Create, list, read, update and delete inbound parse settings.

    ``parse_settings`` answers ``GET /v3/user/webhooks/parse/settings`` (oldest first),
    ``GET`` and ``DELETE .../settings/{hostname}``.
    """

    parse_settings = OwnedCollection(_SETTINGS, of_row(ParseSetting.of))

    def create_parse_setting(self, actor: Actor, body: Mapping[str, Any]) -> ParseSetting:
        """``POST /v3/user/webhooks/parse/settings``: 201 with the setting."""
        rules = Rules()
        hostname = body.get("hostname")
        if hostname is None:
            rules.add("hostname", "hostname is required")
        elif not isinstance(hostname, str) or not valid_hostname(hostname):
            rules.add("hostname", "hostname must be a valid hostname, such as parse.example.com")
        url = _url(rules, body, required=True)
        spam_check = _bool(rules, body, "spam_check")
        send_raw = _bool(rules, body, "send_raw")
        rules.raise_if_any()
        assert isinstance(hostname, str)
        with self.store.transaction(write=True) as conn:
            user_id = self.acting_user_id(conn, actor)
            if _SETTINGS.find(conn, user_id, hostname) is not None:
                raise ParseSettingExistsError(hostname)
            _SETTINGS.insert(
                conn,
                {
                    "user_id": user_id,
                    "hostname": hostname,
                    "url": url,
                    "spam_check": int(bool(spam_check)),
                    "send_raw": int(bool(send_raw)),
                    "seq": _SETTINGS.next_seq(conn),
                },
            )
            return ParseSetting.of(_SETTINGS.get(conn, user_id, hostname))

    def update_parse_setting(
        self, actor: Actor, hostname: str, body: Mapping[str, Any]
    ) -> ParseSetting:
        """``PATCH .../{hostname}``: the fields given change; the hostname cannot."""
        rules = Rules()
        given = body.get("hostname")
        if given is not None and (
            not isinstance(given, str) or given.casefold() != hostname.casefold()
        ):
            rules.add("hostname", "hostname cannot be changed: delete the setting and create one")
        columns: dict[str, Any] = {}
        url = _url(rules, body, required=False)
        if url is not None:
            columns["url"] = url
        for name in ("spam_check", "send_raw"):
            value = _bool(rules, body, name)
            if value is not None:
                columns[name] = int(value)
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            row = self.parse_settings.row(conn, actor, hostname)
            set_columns(conn, "parse_settings", columns, "id", row["id"])
            return self.parse_settings.one(conn, actor, hostname)


_SETTINGS.dumped_as("parse_settings", lambda row: ParseSetting.of(row).state())
