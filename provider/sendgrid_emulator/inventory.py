"""The parent's IP inventory and the IPs each account sends from (v2 IP calls)."""

from __future__ import annotations

from typing import Literal

from .accounts import AccountsBase
from .errors import (
    FieldValidationError,
)
from .models import (
    sort_ips,
)

IpList = Literal["all", "free", "taken", "available"]
AssignMode = Literal["specify", "all", "none"]


class InventoryCalls(AccountsBase):
    """``reseller.ip``, ``customer.ip`` and ``customer.sendip``."""

    # --- IPs ---------------------------------------------------------------------------

    def ip_list(self, which: IpList, ip_filter: str | None = None) -> list[str]:
        """All, free, taken or available IPs of the parent.

        Taken: assigned to at least one account. Free: not taken. Available: free, or
        taken only by inactive (disabled) accounts.
        """
        with self.store.transaction(write=False) as conn:
            inventory = [str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")]
            users: dict[str, list[bool]] = {}
            for r in conn.execute(
                "SELECT a.ip AS ip, c.active AS active FROM assignments a "
                "JOIN accounts c ON c.user_id = a.user_id"
            ):
                users.setdefault(str(r["ip"]), []).append(bool(r["active"]))
        out: list[str] = []
        for ip in inventory:
            if ip_filter and ip_filter not in ip:
                continue
            holders = users.get(ip, [])
            if (
                which == "all"
                or (which == "free" and not holders)
                or (which == "taken" and holders)
                or (which == "available" and not any(holders))
            ):
                out.append(ip)
        return sort_ips(out)

    def ip_usage(
        self, ip_filter: str | None, user_filter: str | None, group_filter: str | None
    ) -> list[tuple[str, str]]:
        """``reseller.ip task=usage``: every (ip, username) assignment."""
        if group_filter:
            # The emulated parent has no IP groups: a group filter matches nothing.
            return []
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT a.ip AS ip, c.username AS username FROM assignments a "
                "JOIN accounts c ON c.user_id = a.user_id"
            ).fetchall()
        pairs = [
            (str(r["ip"]), str(r["username"]))
            for r in rows
            if (not ip_filter or ip_filter in str(r["ip"]))
            and (not user_filter or user_filter.casefold() in str(r["username"]).casefold())
        ]
        order = {ip: n for n, ip in enumerate(sort_ips([p[0] for p in pairs]))}
        return sorted(pairs, key=lambda p: (order[p[0]], p[1].casefold()))

    def account_ips(self, username: str | None) -> list[str]:
        """``customer.sendip task=list``: the IPs of a customer or a subuser."""
        with self.store.transaction(write=False) as conn:
            row = self._row(conn, username, None)
            return self._ips_of(conn, int(row["user_id"]))

    def assign_ips(self, username: str | None, mode: AssignMode, ips: list[str]) -> list[str]:
        """``customer.sendip task=append``: replace the account's IPs.

        ``specify`` sets exactly the given IPs, ``all`` every IP of the parent, ``none``
        removes them all.
        """
        if mode == "specify" and not ips:
            raise FieldValidationError.single("ip[]", "ip[] is required when set=specify")
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, None)
            if mode == "specify":
                wanted = sort_ips(self._owned_ips(conn, ips, "ip[]"))
            elif mode == "all":
                wanted = sort_ips([str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")])
            else:
                wanted = []
            self._replace_ips(conn, int(row["user_id"]), wanted)
            return wanted
