"""``/v3/whitelabel/domains``: authenticated domains of the parent, its subusers and accounts.

Rules, as documented: ``domain`` is a domain name; ``subdomain`` a DNS label (default
``em<1000 + id>``); ``custom_spf`` only with ``automatic_security`` false; a
``custom_dkim_selector`` of three letters or digits (default ``s``); ``ips`` from the
parent's IP inventory; ``region`` ``global`` or ``eu``; at most 3,000 per user; one
``default`` per owner (setting one clears the others).

A parent's domain can be associated with subusers: ``POST /{id}/subuser`` makes it the
subuser's one associated domain (replacing the previous one), ``/{id}/subuser:add`` adds it
beside others, up to five per subuser. The parent's list shows each domain's subusers and,
unless ``exclude_subusers``, its subusers' own domains too.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .dns_records import DnsRecord, domain_records
from .errors import DomainNotFoundError, FieldValidationError, NoAssociationError, ParentOnlyError
from .models import SUBUSER, Actor, Rules, sort_ips
from .owned import OwnedCollection, OwnedTable
from .sender_auth import Owner, SenderAuthBase, SenderAuthObject, Validation, check_host
from .store import declare_table, state_dump

#: A subuser's most associated domains (``subuser:add``).
MAX_ASSOCIATED_DOMAINS = 5
DEFAULT_SELECTOR = "s"
DOMAIN_REGIONS = ("global", "eu")
_SELECTOR = re.compile(r"^[A-Za-z0-9]{3}$")


@dataclass
class Domain(SenderAuthObject):
    """An authenticated domain and what the API shows of it."""

    automatic_security: bool
    custom_spf: bool
    selector: str
    ips: list[str]
    last_validation_attempt_at: int | None
    subusers: list[tuple[int, str]] = field(default_factory=list)

    def records(self) -> list[DnsRecord]:
        """The DNS records, composed from what the domain stores (always the same)."""
        return domain_records(
            domain_id=self.id,
            user_id=self.owner.user_id,
            domain=self.domain,
            subdomain=self.subdomain,
            automatic_security=self.automatic_security,
            custom_spf=self.custom_spf,
            selector=self.selector,
            ips=self.ips,
        )

    def body(self, shown_as: Owner | None = None) -> dict[str, Any]:
        """The ``AuthenticatedDomain`` body (``shown_as``: the subuser of an association)."""
        who = shown_as or self.owner
        return {
            "id": self.id,
            "user_id": who.user_id,
            "subdomain": self.subdomain,
            "domain": self.domain,
            "username": who.username,
            "ips": list(self.ips),
            "custom_spf": self.custom_spf,
            "default": self.default,
            "legacy": False,
            "automatic_security": self.automatic_security,
            "valid": self.valid,
            "dns": {r.name: r.body(self.record_valid.get(r.name, False)) for r in self.records()},
        }

    def listing(self) -> dict[str, Any]:
        """A list entry: the body, the associated subusers and the last validation time."""
        out = self.body()
        out["subusers"] = [{"user_id": uid, "username": name} for uid, name in self.subusers]
        if self.last_validation_attempt_at is not None:
            out["last_validation_attempt_at"] = self.last_validation_attempt_at
        return out

    def state(self) -> dict[str, Any]:
        """The control API's view: the listing, the owner, the region and the selector."""
        return {
            **self.listing(),
            "owner": self.owner.username if self.owner.row_id is not None else None,
            "region": self.region,
            "custom_dkim_selector": self.selector,
        }


declare_table(
    "domain_subusers",
    """
    domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
    single INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (domain_id, user_id)
""",
)

_DOMAINS = OwnedTable(
    "domains", "d", "id", lambda _: DomainNotFoundError(), order="id", numeric=True
)
_DOMAINS.declare(
    """
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    domain TEXT NOT NULL,
    subdomain TEXT NOT NULL,
    automatic_security INTEGER NOT NULL,
    custom_spf INTEGER NOT NULL,
    is_default INTEGER NOT NULL,
    dkim_selector TEXT NOT NULL,
    ips TEXT NOT NULL,
    region TEXT NOT NULL,
    valid INTEGER NOT NULL DEFAULT 0,
    record_valid TEXT NOT NULL DEFAULT '{}',
    last_validation_attempt_at INTEGER
"""
)
_SELECT = _DOMAINS.select


class DomainCalls(SenderAuthBase):
    """Create, list, read, update, delete, associate and validate authenticated domains."""

    def _domain(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Domain:
        subusers = conn.execute(
            "SELECT a.user_id AS user_id, a.username AS username FROM domain_subusers s "
            "JOIN accounts a ON a.user_id = s.user_id WHERE s.domain_id = ? ORDER BY s.seq",
            (row["id"],),
        ).fetchall()
        return Domain(
            **self._stored(row),
            automatic_security=bool(row["automatic_security"]),
            custom_spf=bool(row["custom_spf"]),
            selector=str(row["dkim_selector"]),
            ips=list(json.loads(str(row["ips"]))),
            last_validation_attempt_at=(
                None
                if row["last_validation_attempt_at"] is None
                else int(row["last_validation_attempt_at"])
            ),
            subusers=[(int(r["user_id"]), str(r["username"])) for r in subusers],
        )

    #: ``GET`` and ``DELETE /v3/whitelabel/domains/{id}`` (its associations go with it).
    domains = OwnedCollection(_DOMAINS, _domain)

    def create_domain(
        self,
        actor: Actor,
        *,
        domain: str | None,
        subdomain: str | None,
        username: str | None,
        ips: list[str] | None,
        custom_spf: bool,
        default: bool,
        automatic_security: bool,
        custom_dkim_selector: str | None,
        region: str | None,
    ) -> Domain:
        """``POST /v3/whitelabel/domains``: 201 with the domain and its DNS records."""
        rules = Rules()
        name = check_host(rules, "domain", domain, required=True, labels=2)
        sub = check_host(rules, "subdomain", subdomain, required=False, labels=1)
        if custom_spf and automatic_security:
            rules.add("custom_spf", "custom_spf can only be used when automatic_security is false")
        selector = DEFAULT_SELECTOR
        if custom_dkim_selector is not None:
            if not _SELECTOR.match(custom_dkim_selector):
                rules.add(
                    "custom_dkim_selector",
                    "custom_dkim_selector must be three letters or numbers",
                )
            selector = custom_dkim_selector.lower()
        zone = self._check_region(rules, region, DOMAIN_REGIONS)
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            owner = self._owner(conn, actor)
            if username is not None and username.casefold() != owner.username.casefold():
                if owner.row_id is not None:
                    raise FieldValidationError.single(
                        "username", "username must be the account the call is made for"
                    )
                row = self._subuser_row(conn, username)
                owner = Owner(int(row["user_id"]), str(row["username"]), int(row["user_id"]))
            owned_ips = sort_ips(self._owned_ips(conn, ips or [], "ips"))
            self._check_room(conn, "domains", owner)
            if (
                sub
                and conn.execute(
                    "SELECT 1 FROM domains WHERE user_id IS ? AND domain = ? AND subdomain = ?",
                    (owner.row_id, name, sub),
                ).fetchone()
            ):
                raise FieldValidationError.single(
                    "domain", f"{sub}.{name} is already an authenticated domain of this user"
                )
            cursor = conn.execute(
                "INSERT INTO domains (user_id, domain, subdomain, automatic_security, "
                "custom_spf, is_default, dkim_selector, ips, region) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    owner.row_id,
                    name,
                    sub,
                    int(automatic_security),
                    int(custom_spf),
                    int(default),
                    selector,
                    json.dumps(owned_ips),
                    zone,
                ),
            )
            new_id = int(cursor.lastrowid or 0)
            if not sub:
                conn.execute(
                    "UPDATE domains SET subdomain = ? WHERE id = ?", (f"em{1000 + new_id}", new_id)
                )
            self._set_default(conn, "domains", owner, new_id, default)
            row = conn.execute(f"{_SELECT} WHERE d.id = ?", (new_id,)).fetchone()
            return self._domain(conn, row)

    def list_domains(
        self,
        actor: Actor,
        *,
        limit: int | None,
        offset: int,
        exclude_subusers: bool,
        username: str | None,
        domain: str | None,
    ) -> list[Domain]:
        """``GET /v3/whitelabel/domains``: the acting account's domains, oldest first.

        The parent's list also holds its subusers' domains unless ``exclude_subusers``.
        """
        with self.store.transaction(write=False) as conn:
            owner = self._owner(conn, actor)
            if owner.row_id is None and not exclude_subusers:
                where = "(d.user_id IS NULL OR a.kind = ?)"
                params: list[Any] = [SUBUSER]
            else:
                where = "d.user_id IS ?"
                params = [owner.row_id]
            rows = conn.execute(f"{_SELECT} WHERE {where} ORDER BY d.id", params).fetchall()
            found = [self._domain(conn, r) for r in rows]
        if username:
            found = [d for d in found if d.owner.username.casefold() == username.casefold()]
        if domain:
            wanted = domain.strip().rstrip(".").lower()
            found = [d for d in found if d.domain == wanted]
        found = found[offset:]
        return found if limit is None else found[:limit]

    def default_domains(self, actor: Actor, domain: str | None) -> list[Domain]:
        """``GET /v3/whitelabel/domains/default``: a list of at most one domain.

        The domain matching ``domain`` first, else the default.
        """
        with self.store.transaction(write=False) as conn:
            chosen = self._pick_default(self.domains.all(conn, actor), domain)
        return [] if chosen is None else [chosen]

    def update_domain(
        self, actor: Actor, domain_id: str, default: bool | None, custom_spf: bool | None
    ) -> Domain:
        """``PATCH /v3/whitelabel/domains/{id}`` ``{default, custom_spf}``."""
        with self.store.transaction(write=True) as conn:
            found = self.domains.one(conn, actor, domain_id)
            if custom_spf and found.automatic_security:
                raise FieldValidationError.single(
                    "custom_spf", "custom_spf can only be used when automatic_security is false"
                )
            if custom_spf is not None:
                conn.execute(
                    "UPDATE domains SET custom_spf = ? WHERE id = ?", (int(custom_spf), found.id)
                )
            if default is not None:
                self._set_default(conn, "domains", found.owner, found.id, default)
            return self.domains.one(conn, actor, domain_id)

    def change_domain_ip(self, actor: Actor, domain_id: str, ip: str | None, add: bool) -> Domain:
        """``POST /{id}/ips`` ``{ip}`` (``add``) and ``DELETE /{id}/ips/{ip}``."""
        rules = Rules()
        rules.text("ip", ip, required=True)
        rules.raise_if_any()
        assert ip is not None
        with self.store.transaction(write=True) as conn:
            found = self.domains.one(conn, actor, domain_id)
            if add:
                ips = sort_ips([*found.ips, *self._owned_ips(conn, [ip], "ip")])
            else:
                normalised = rules.ip("ip", ip)
                rules.raise_if_any()
                if normalised not in found.ips:
                    raise FieldValidationError.single(
                        "ip", f"ip {normalised} is not an IP of this authenticated domain"
                    )
                ips = [i for i in found.ips if i != normalised]
            conn.execute("UPDATE domains SET ips = ? WHERE id = ?", (json.dumps(ips), found.id))
            return self.domains.one(conn, actor, domain_id)

    # --- associations ------------------------------------------------------------------

    def associate_domain(
        self, actor: Actor, domain_id: str, username: str | None, multiple: bool
    ) -> tuple[Domain, Owner]:
        """``POST /{id}/subuser`` (the subuser's one domain) or ``/{id}/subuser:add``."""
        if not actor.is_parent:
            raise ParentOnlyError()
        with self.store.transaction(write=True) as conn:
            found = self.domains.one(conn, actor, domain_id)
            row = self._subuser_row(conn, username)
            user_id = int(row["user_id"])
            if multiple:
                others = conn.execute(
                    "SELECT COUNT(*) FROM domain_subusers WHERE user_id = ? AND domain_id != ?",
                    (user_id, found.id),
                ).fetchone()[0]
                if int(others) >= MAX_ASSOCIATED_DOMAINS:
                    raise FieldValidationError.single(
                        "username",
                        f"a subuser can have at most {MAX_ASSOCIATED_DOMAINS} "
                        "associated authenticated domains",
                    )
            else:
                conn.execute(
                    "DELETE FROM domain_subusers WHERE user_id = ? AND single = 1", (user_id,)
                )
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM domain_subusers").fetchone()[
                0
            ]
            conn.execute(
                "INSERT INTO domain_subusers (domain_id, user_id, single, seq) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (domain_id, user_id) DO UPDATE SET "
                "single = MAX(single, excluded.single)",
                (found.id, user_id, int(not multiple), seq),
            )
            subuser = Owner(user_id, str(row["username"]), user_id)
            return self.domains.one(conn, actor, domain_id), subuser

    def _associated(
        self, conn: sqlite3.Connection, actor: Actor, username: str | None
    ) -> tuple[list[Domain], Owner]:
        if not actor.is_parent:
            raise ParentOnlyError()
        row = self._subuser_row(conn, username)
        user_id = int(row["user_id"])
        rows = conn.execute(
            f"{_SELECT} JOIN domain_subusers s ON s.domain_id = d.id "
            "WHERE s.user_id = ? ORDER BY s.single DESC, s.seq",
            (user_id,),
        ).fetchall()
        return [self._domain(conn, r) for r in rows], Owner(user_id, str(row["username"]), user_id)

    def subuser_domain(self, actor: Actor, username: str | None) -> tuple[Domain, Owner]:
        """``GET /v3/whitelabel/domains/subuser?username=``: the subuser's domain."""
        with self.store.transaction(write=False) as conn:
            found, subuser = self._associated(conn, actor, username)
        if not found:
            raise NoAssociationError("authenticated domain")
        return found[0], subuser

    def subuser_domains(self, actor: Actor, username: str | None) -> tuple[list[Domain], Owner]:
        """``GET /v3/whitelabel/domains/subuser/all?username=``: every associated domain."""
        with self.store.transaction(write=False) as conn:
            return self._associated(conn, actor, username)

    def disassociate_domain(
        self, actor: Actor, domain_id: str | None, username: str | None
    ) -> None:
        """``DELETE /{id}/subuser?username=`` or ``DELETE /subuser?username=``.

        The first removes that domain's association, the second the subuser's one domain;
        nothing to remove is no error.
        """
        if not actor.is_parent:
            raise ParentOnlyError()
        with self.store.transaction(write=True) as conn:
            if domain_id is None:
                user_id = int(self._subuser_row(conn, username)["user_id"])
                conn.execute(
                    "DELETE FROM domain_subusers WHERE user_id = ? AND single = 1", (user_id,)
                )
                return
            found = self.domains.one(conn, actor, domain_id)
            user_id = int(self._subuser_row(conn, username)["user_id"])
            conn.execute(
                "DELETE FROM domain_subusers WHERE domain_id = ? AND user_id = ?",
                (found.id, user_id),
            )

    # --- validation --------------------------------------------------------------------

    def validate_domain(self, actor: Actor, domain_id: str) -> Validation:
        """``POST /{id}/validate``: look up every record; store and answer the results."""
        with self.store.transaction(write=False) as conn:
            found = self.domains.one(conn, actor, domain_id)
        return self._validated(
            "domains",
            found.id,
            found.records(),
            lambda conn: self.domains.one(conn, actor, domain_id),
        )

    @state_dump("domains")
    def domains_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every domain of every account, with its DNS records, for the state dump."""
        return [self._domain(conn, r).state() for r in _DOMAINS.every(conn)]
