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
from .user import UserCalls

#: The fields of a parse setting (``ParseSetting``), in the document's order.
PARSE_FIELDS = ("url", "hostname", "spam_check", "send_raw")
HOSTNAME_LIMIT = 253
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


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
        return {
            "url": self.url,
            "hostname": self.hostname,
            "spam_check": self.spam_check,
            "send_raw": self.send_raw,
        }

    def state(self) -> dict[str, Any]:
        """The control API's view (with the owner's username, ``None`` for the parent)."""
        return {**self.body(), "owner": self.owner}


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
    """Create, list, read, update and delete inbound parse settings."""

    _PARSE_SELECT = (
        "SELECT p.*, a.username AS owner FROM parse_settings p "
        "LEFT JOIN accounts a ON a.user_id = p.user_id"
    )

    @staticmethod
    def _setting(row: sqlite3.Row) -> ParseSetting:
        return ParseSetting(
            hostname=str(row["hostname"]),
            url=str(row["url"]),
            spam_check=bool(row["spam_check"]),
            send_raw=bool(row["send_raw"]),
            owner=None if row["owner"] is None else str(row["owner"]),
        )

    def _find(
        self, conn: sqlite3.Connection, actor: Actor, hostname: str
    ) -> tuple[int | None, sqlite3.Row | None]:
        user_id = self.acting_user_id(conn, actor)
        row: sqlite3.Row | None = conn.execute(
            f"{self._PARSE_SELECT} WHERE p.user_id IS ? AND p.hostname = ?", (user_id, hostname)
        ).fetchone()
        return user_id, row

    def _parse_row(self, conn: sqlite3.Connection, actor: Actor, hostname: str) -> sqlite3.Row:
        _, row = self._find(conn, actor, hostname)
        if row is None:
            raise ParseSettingNotFoundError(hostname)
        return row

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
            user_id, existing = self._find(conn, actor, hostname)
            if existing is not None:
                raise ParseSettingExistsError(hostname)
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM parse_settings").fetchone()[0]
            conn.execute(
                "INSERT INTO parse_settings (user_id, hostname, url, spam_check, send_raw, seq) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, hostname, url, int(bool(spam_check)), int(bool(send_raw)), seq),
            )
            return self._setting(self._parse_row(conn, actor, hostname))

    def list_parse_settings(self, actor: Actor) -> list[ParseSetting]:
        """``GET /v3/user/webhooks/parse/settings``: oldest first."""
        with self.store.transaction(write=False) as conn:
            user_id = self.acting_user_id(conn, actor)
            rows = conn.execute(
                f"{self._PARSE_SELECT} WHERE p.user_id IS ? ORDER BY p.seq", (user_id,)
            ).fetchall()
        return [self._setting(r) for r in rows]

    def get_parse_setting(self, actor: Actor, hostname: str) -> ParseSetting:
        """``GET /v3/user/webhooks/parse/settings/{hostname}``."""
        with self.store.transaction(write=False) as conn:
            return self._setting(self._parse_row(conn, actor, hostname))

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
            row = self._parse_row(conn, actor, hostname)
            if columns:
                assignments = ", ".join(f"{name} = ?" for name in columns)
                conn.execute(
                    f"UPDATE parse_settings SET {assignments} WHERE id = ?",  # noqa: S608 - fixed names
                    (*columns.values(), row["id"]),
                )
            return self._setting(self._parse_row(conn, actor, hostname))

    def delete_parse_setting(self, actor: Actor, hostname: str) -> None:
        """``DELETE /v3/user/webhooks/parse/settings/{hostname}``."""
        with self.store.transaction(write=True) as conn:
            row = self._parse_row(conn, actor, hostname)
            conn.execute("DELETE FROM parse_settings WHERE id = ?", (row["id"],))

    def parse_settings_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every parse setting of every account, for the state dump."""
        rows = conn.execute(f"{self._PARSE_SELECT} ORDER BY p.seq").fetchall()
        return [self._setting(r).state() for r in rows]
