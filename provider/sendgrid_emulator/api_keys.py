"""``/v3/api_keys``: API keys of the parent or, with ``on-behalf-of``, of a subuser.

A key belongs to the account it was made for and is invisible to every other. The key
itself is shown once, in the create's answer: the database keeps only its SHA-256 hash,
so that neither the state dump nor the request log can ever contain it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import ApiKeyLimitError, ApiKeyNotFoundError
from .models import Actor, Rules
from .owned import OwnedCollection, OwnedTable, of_row, owner_name
from .scopes import scopes as known_scopes
from .user import UserCalls

#: The documented maximum number of keys per account.
MAX_API_KEYS = 100

_KEYS = OwnedTable("api_keys", "k", "api_key_id", lambda _: ApiKeyNotFoundError())
_KEYS.declare(
    """
    api_key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    seq INTEGER NOT NULL
"""
)
NAME_LIMIT = 100


@dataclass
class ApiKey:
    """An API key as the API shows it after its creation: never the key itself."""

    api_key_id: str
    name: str
    scopes: list[str]
    owner: str | None

    def body(self, with_scopes: bool = True) -> dict[str, Any]:
        """Return the v3 body (``api_key_id``, ``name`` and, when asked, ``scopes``)."""
        out: dict[str, Any] = {"api_key_id": self.api_key_id, "name": self.name}
        if with_scopes:
            out["scopes"] = list(self.scopes)
        return out

    def state(self) -> dict[str, Any]:
        """Return the control API's view (the owner's username, ``None`` for the parent)."""
        return {**self.body(), "owner": self.owner}

    @classmethod
    def of(cls, row: sqlite3.Row) -> ApiKey:
        """The key an ``api_keys`` row (joined with its owner) holds."""
        return cls(
            str(row["api_key_id"]),
            str(row["name"]),
            list(json.loads(str(row["scopes"]))),
            owner_name(row),
        )


def _check_name(rules: Rules, name: str | None) -> None:
    rules.text("name", name, NAME_LIMIT, required=True)


def _check_scopes(rules: Rules, scopes: Iterable[str]) -> list[str]:
    wanted: list[str] = []
    for scope in scopes:
        if scope not in known_scopes():
            rules.add("scopes", f"unknown scope: {scope}")
        elif scope not in wanted:
            wanted.append(scope)
    return wanted


def hash_key(key: str) -> str:
    """The stored form of a key: its SHA-256 hex digest."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyCalls(UserCalls):
    """Create, list, read, rename, update and revoke API keys.

    ``api_keys`` answers ``GET /v3/api_keys`` (oldest first, the first ``limit``), ``GET``
    and ``DELETE /v3/api_keys/{id}``.
    """

    api_keys = OwnedCollection(_KEYS, of_row(ApiKey.of))

    def create_api_key(
        self, actor: Actor, name: str | None, scopes: list[str] | None
    ) -> tuple[ApiKey, str]:
        """``POST /v3/api_keys``: the new key and, this once, the key itself."""
        rules = Rules()
        _check_name(rules, name)
        wanted = list(known_scopes()) if scopes is None else _check_scopes(rules, scopes)
        rules.raise_if_any()
        assert name is not None
        key_id = secrets.token_urlsafe(16)[:22]
        key = f"SG.{key_id}.{secrets.token_urlsafe(32)}"
        with self.store.transaction(write=True) as conn:
            user_id = self.acting_user_id(conn, actor)
            if _KEYS.count(conn, user_id) >= MAX_API_KEYS:
                raise ApiKeyLimitError(MAX_API_KEYS)
            _KEYS.insert(
                conn,
                {
                    "api_key_id": key_id,
                    "user_id": user_id,
                    "name": name,
                    "scopes": json.dumps(wanted),
                    "key_hash": hash_key(key),
                    "seq": _KEYS.next_seq(conn),
                },
            )
            return self.api_keys.one(conn, actor, key_id), key

    def update_api_key(
        self, actor: Actor, key_id: str, name: str | None, scopes: list[str] | None
    ) -> ApiKey:
        """``PATCH`` (``scopes`` is ``None``: name only) or ``PUT /v3/api_keys/{id}``."""
        rules = Rules()
        _check_name(rules, name)
        wanted = None if scopes is None else _check_scopes(rules, scopes)
        if wanted is not None and not scopes:
            rules.add("scopes", "scopes must contain at least one scope")
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            self.api_keys.row(conn, actor, key_id)
            conn.execute("UPDATE api_keys SET name = ? WHERE api_key_id = ?", (name, key_id))
            if wanted is not None:
                conn.execute(
                    "UPDATE api_keys SET scopes = ? WHERE api_key_id = ?",
                    (json.dumps(wanted), key_id),
                )
            return self.api_keys.one(conn, actor, key_id)


_KEYS.dumped_as("api_keys", lambda row: ApiKey.of(row).state())
