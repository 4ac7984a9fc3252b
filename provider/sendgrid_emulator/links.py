"""``/v3/whitelabel/links``: branded links of the parent, its subusers and accounts.

Rules, as documented: ``domain`` is a domain name; ``subdomain`` a DNS label (default
``url<1000 + id>``), different from the subdomain of the owner's authenticated domain of
the same domain; ``region`` ``us`` or ``eu``; at most 3,000 per user; one ``default`` per
owner (setting one clears the others). A parent's link can be associated with a subuser
(``POST /{link_id}/subuser``): each subuser has at most one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .dns_records import DnsRecord, link_records
from .errors import FieldValidationError, LinkNotFoundError, NoAssociationError, ParentOnlyError
from .models import Actor, Rules
from .owned import OwnedCollection, OwnedTable
from .sender_auth import SenderAuthBase, SenderAuthObject, Validation, check_host
from .store import declare_table, state_dump

LINK_REGIONS = ("us", "eu")


@dataclass
class Link(SenderAuthObject):
    """A branded link and what the API shows of it."""

    def records(self) -> list[DnsRecord]:
        """The DNS records, composed from what the link stores (always the same)."""
        return link_records(
            user_id=self.owner.user_id, domain=self.domain, subdomain=self.subdomain
        )

    def body(self) -> dict[str, Any]:
        """The ``LinkBranding200`` body."""
        return {
            "id": self.id,
            "domain": self.domain,
            "subdomain": self.subdomain,
            "username": self.owner.username,
            "user_id": self.owner.user_id,
            "default": self.default,
            "valid": self.valid,
            "legacy": False,
            "dns": {r.name: r.body(self.record_valid.get(r.name, False)) for r in self.records()},
        }

    def state(self, subusers: list[str]) -> dict[str, Any]:
        """The control API's view: the body, the owner, the region and the subusers."""
        return {
            **self.body(),
            "owner": self.owner.username if self.owner.row_id is not None else None,
            "region": self.region,
            "subusers": subusers,
        }


declare_table(
    "link_subusers",
    """
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE
""",
)

_LINKS = OwnedTable("links", "l", "id", lambda _: LinkNotFoundError(), order="id", numeric=True)
_LINKS.declare(
    """
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    domain TEXT NOT NULL,
    subdomain TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    region TEXT NOT NULL,
    valid INTEGER NOT NULL DEFAULT 0,
    record_valid TEXT NOT NULL DEFAULT '{}'
"""
)
_SELECT = _LINKS.select


class LinkCalls(SenderAuthBase):
    """Create, list, read, update, delete, associate and validate branded links."""

    def _link(self, row: sqlite3.Row) -> Link:
        return Link(**self._stored(row))

    #: ``GET /v3/whitelabel/links`` (oldest first, the first ``limit``), ``GET`` and
    #: ``DELETE /v3/whitelabel/links/{id}`` (its association goes with it).
    links: OwnedCollection[LinkCalls, Link] = OwnedCollection(
        _LINKS, lambda calls, _conn, row: calls._link(row)
    )

    def create_link(
        self,
        actor: Actor,
        *,
        domain: str | None,
        subdomain: str | None,
        default: bool,
        region: str | None,
    ) -> Link:
        """``POST /v3/whitelabel/links``: 201 with the link and its DNS records."""
        rules = Rules()
        name = check_host(rules, "domain", domain, required=True, labels=2)
        sub = check_host(rules, "subdomain", subdomain, required=False, labels=1)
        zone = self._check_region(rules, region, LINK_REGIONS)
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            owner = self._owner(conn, actor)
            self._check_room(conn, "links", owner)
            if sub:
                taken = conn.execute(
                    "SELECT 'domain' FROM domains WHERE user_id IS ? AND domain = ? "
                    "AND subdomain = ? UNION ALL SELECT 'link' FROM links WHERE user_id IS ? "
                    "AND domain = ? AND subdomain = ?",
                    (owner.row_id, name, sub, owner.row_id, name, sub),
                ).fetchone()
                if taken is not None:
                    what = "an authenticated domain" if taken[0] == "domain" else "a branded link"
                    raise FieldValidationError.single(
                        "subdomain", f"{sub}.{name} is already used by {what} of this user"
                    )
            cursor = conn.execute(
                "INSERT INTO links (user_id, domain, subdomain, is_default, region) "
                "VALUES (?, ?, ?, ?, ?)",
                (owner.row_id, name, sub, int(default), zone),
            )
            new_id = int(cursor.lastrowid or 0)
            if not sub:
                conn.execute(
                    "UPDATE links SET subdomain = ? WHERE id = ?", (f"url{1000 + new_id}", new_id)
                )
            self._set_default(conn, "links", owner, new_id, default)
            return self._link(conn.execute(f"{_SELECT} WHERE l.id = ?", (new_id,)).fetchone())

    def default_link(self, actor: Actor, domain: str | None) -> Link:
        """``GET /v3/whitelabel/links/default``: the default (one of ``domain`` first)."""
        chosen = self._pick_default(self.links.list(actor), domain)
        if chosen is None:
            raise LinkNotFoundError()
        return chosen

    def update_link(self, actor: Actor, link_id: str, default: bool | None) -> Link:
        """``PATCH /v3/whitelabel/links/{id}`` ``{default}``."""
        with self.store.transaction(write=True) as conn:
            found = self.links.one(conn, actor, link_id)
            if default is not None:
                self._set_default(conn, "links", found.owner, found.id, default)
            return self.links.one(conn, actor, link_id)

    # --- associations ------------------------------------------------------------------

    def associate_link(self, actor: Actor, link_id: str, username: str | None) -> Link:
        """``POST /{link_id}/subuser`` ``{username}``: the subuser's one branded link."""
        if not actor.is_parent:
            raise ParentOnlyError()
        with self.store.transaction(write=True) as conn:
            found = self.links.one(conn, actor, link_id)
            user_id = int(self._subuser_row(conn, username)["user_id"])
            conn.execute(
                "INSERT INTO link_subusers (user_id, link_id) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET link_id = excluded.link_id",
                (user_id, found.id),
            )
            return found

    def subuser_link(self, actor: Actor, username: str | None) -> Link:
        """``GET /v3/whitelabel/links/subuser?username=``: the subuser's branded link."""
        if not actor.is_parent:
            raise ParentOnlyError()
        with self.store.transaction(write=False) as conn:
            user_id = int(self._subuser_row(conn, username)["user_id"])
            row = conn.execute(
                f"{_SELECT} JOIN link_subusers s ON s.link_id = l.id WHERE s.user_id = ?",
                (user_id,),
            ).fetchone()
        if row is None:
            raise NoAssociationError("branded link")
        return self._link(row)

    def disassociate_link(self, actor: Actor, username: str | None) -> None:
        """``DELETE /v3/whitelabel/links/subuser?username=``; nothing to remove is no error."""
        if not actor.is_parent:
            raise ParentOnlyError()
        with self.store.transaction(write=True) as conn:
            user_id = int(self._subuser_row(conn, username)["user_id"])
            conn.execute("DELETE FROM link_subusers WHERE user_id = ?", (user_id,))

    # --- validation --------------------------------------------------------------------

    def validate_link(self, actor: Actor, link_id: str) -> Validation:
        """``POST /{id}/validate``: look up both records; store and answer the results."""
        with self.store.transaction(write=False) as conn:
            found = self.links.one(conn, actor, link_id)
        return self._validated(
            "links", found.id, found.records(), lambda conn: self.links.one(conn, actor, link_id)
        )

    @state_dump("links")
    def links_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every link of every account, with its DNS records, for the state dump."""
        associated: dict[int, list[str]] = {}
        for r in conn.execute(
            "SELECT s.link_id AS link_id, a.username AS username FROM link_subusers s "
            "JOIN accounts a ON a.user_id = s.user_id ORDER BY a.user_id"
        ):
            associated.setdefault(int(r["link_id"]), []).append(str(r["username"]))
        return [self._link(r).state(associated.get(int(r["id"]), [])) for r in _LINKS.every(conn)]
