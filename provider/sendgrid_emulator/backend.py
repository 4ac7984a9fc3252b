"""The emulator's model layer: every call of every API, on one SQLite account model.

:class:`Backend` gathers the calls of each object (customers, IP inventory, subusers, ...)
and adds the control side (reset, seeding IPs, the state dump).
"""

from __future__ import annotations

from typing import Any

from .api_keys import ApiKeyCalls
from .credits import CreditCalls
from .customers import CustomerCalls
from .domains import DomainCalls
from .event_webhooks import EventWebhookCalls
from .inventory import InventoryCalls
from .links import LinkCalls
from .models import Rules, sort_ips
from .parse_settings import ParseSettingCalls
from .provisioning import PartnerCalls
from .resolver import DnsResolver
from .store import STATE_DUMPS, Store
from .subusers import SubuserCalls
from .teammates import TeammateCalls

#: The default IP inventory of the parent: documentation ranges only (RFC 5737).
DEFAULT_IPS: tuple[str, ...] = (
    *(f"192.0.2.{n}" for n in range(10, 30)),
    *(f"198.51.100.{n}" for n in range(10, 20)),
    *(f"203.0.113.{n}" for n in range(10, 20)),
)


class Backend(
    CustomerCalls,
    InventoryCalls,
    SubuserCalls,
    CreditCalls,
    ApiKeyCalls,
    PartnerCalls,
    EventWebhookCalls,
    ParseSettingCalls,
    TeammateCalls,
    DomainCalls,
    LinkCalls,
):
    """State and rules of one emulated parent account.

    ``dns_resolver`` (``HOST:PORT``, or ``None`` for the machine's resolver) is the DNS
    server the validate calls ask.
    """

    def __init__(self, store: Store, parent_username: str, dns_resolver: str | None = None) -> None:
        super().__init__(store, parent_username)
        self.dns = DnsResolver(dns_resolver)

    # --- control -----------------------------------------------------------------------

    def reset(self) -> None:
        """Rebuild the state: no accounts, no reservations, the default IP inventory."""
        self.store.rebuild()

    def add_ips(self, ips: list[str]) -> list[str]:
        """Add IPs to the parent's inventory; return those that were new."""
        rules = Rules()
        normalised = [ip for ip in (rules.ip("ips", str(raw)) for raw in ips) if ip]
        rules.raise_if_any()
        added: list[str] = []
        with self.store.transaction(write=True) as conn:
            for ip in sort_ips(normalised):
                cursor = conn.execute("INSERT OR IGNORE INTO ips (ip) VALUES (?)", (ip,))
                if cursor.rowcount:
                    added.append(ip)
        return added

    def state(self) -> dict[str, Any]:
        """Dump the whole state for tests and demos (never passwords, keys or hashes).

        The accounts, the IP inventory, the reserved usernames and the parent, then the
        entry each model module declared (:func:`~sendgrid_emulator.store.state_dump`).
        """
        with self.store.transaction(write=False) as conn:
            rows = conn.execute("SELECT * FROM accounts ORDER BY user_id").fetchall()
            accounts = [self._account(conn, row) for row in rows]
            inventory = [str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")]
            reserved = sorted(
                str(r["username"]) for r in conn.execute("SELECT username FROM reserved_usernames")
            )
            parent_email = str(conn.execute("SELECT email FROM parent").fetchone()["email"])
            declared = {key: dump(self, conn) for key, dump in STATE_DUMPS.items()}
        holders: dict[str, list[str]] = {}
        for account in accounts:
            for ip in account.ips:
                holders.setdefault(ip, []).append(account.username)
        return {
            "accounts": [a.state() for a in accounts],
            "ips": [{"ip": ip, "users": holders.get(ip, [])} for ip in sort_ips(inventory)],
            "reserved_usernames": reserved,
            "parent": {"username": self.parent_username, "email": parent_email},
            **declared,
        }
