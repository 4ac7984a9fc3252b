"""Reads of one object each, served by SendGrid's bulk calls when snapshots are on.

Reach it as ``SendGridClient.reads``. Each method answers what the one-object call
answers; with the client's :class:`~._snapshots.Snapshots` on, it answers from a snapshot
of a bulk call instead, shared by every read of the operation (see that module for when a
snapshot is made and dropped):

=====================  ====================================  ==================================
read                   one call per object (snapshots off)   bulk call (snapshots on)
=====================  ====================================  ==================================
:meth:`customer`       ``reseller.manage ... task=get``       the same call without filter:
                       filtered by id (or username)           every customer's profile
:meth:`subuser`        ``GET /v3/subusers?username=``         ``GET /v3/subusers``, 500 a page
:meth:`send_ips`       ``customer.sendip task=list``          ``reseller.ip task=usage`` (every
                                                              IP in use and its user), with the
                                                              customer or subuser list to tell
                                                              "no IPs" from "no such user"
:meth:`account_email`  ``GET /v3/user/email`` on behalf      ``GET /v3/partners/accounts``,
                       of the account                         page after page
=====================  ====================================  ==================================

Reads that stay one call per object, because SendGrid has no call that answers them for
many objects: a subuser's monitor settings (``GET .../monitor``) and credits
(``GET .../credits``); an Account Provisioning account's state and offerings (the accounts
list carries neither, only ids and emails); API keys, authenticated domains, branded links,
webhooks, parse settings and teammates, which SendGrid lists per account (each tenant's
own, read on its behalf), so that a list serves one tenant and saves nothing.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Hashable

from ._accounts import AccountsAPI
from ._customers import CustomersAPI
from ._errors import NotFoundError
from ._ips import IpsAPI
from ._models import Customer, CustomerFilter, Subuser
from ._subusers import MAX_PAGE_SIZE, SubusersAPI
from ._transport import Transport
from ._util import pick_username

__all__ = ["BulkReads"]


class BulkReads:
    """One object's read, from a bulk call's snapshot when the snapshots are on."""

    def __init__(
        self,
        transport: Transport,
        customers: CustomersAPI,
        subusers: SubusersAPI,
        ips: IpsAPI,
        accounts: AccountsAPI,
    ) -> None:
        self._t = transport
        self._customers = customers
        self._subusers = subusers
        self._ips = ips
        self._accounts = accounts

    @property
    def bulk(self) -> bool:
        """Whether reads are served from snapshots of bulk calls."""
        return self._t.snapshots.enabled

    def _snapshot(self, name: str, fetch: Callable[[], object]) -> object:
        key: Hashable = (self._t.account, self._t.on_behalf_of, name)
        return self._t.snapshots.get(key, fetch)

    # ------------------------------------------------------------------------ customers

    def _all_customers(self) -> builtins.list[Customer]:
        found = self._snapshot("customers", lambda: self._customers.list())
        assert isinstance(found, list)
        return found

    def customer(self, user_id: int | None, username: str | None) -> Customer | None:
        """The customer with SendGrid's ``user_id``, whatever its name is now.

        Only when the id is not known, the customer named ``username``. ``None``: no such
        customer.
        """
        if not self.bulk:
            if user_id is not None:
                found = self._customers.list(CustomerFilter(id=user_id))
                return next((c for c in found if c.id == user_id), None)
            return self._customers.get(username) if username is not None else None
        everyone = self._all_customers()
        if user_id is not None:
            return next((c for c in everyone if c.id == user_id), None)
        return pick_username(everyone, username) if username is not None else None

    # ------------------------------------------------------------------------- subusers

    def _all_subusers(self) -> builtins.list[Subuser]:
        found = self._snapshot(
            "subusers",
            lambda: list(self._subusers.iter(page_size=MAX_PAGE_SIZE, include_region=True)),
        )
        assert isinstance(found, list)
        return found

    def subuser(self, username: str, user_id: int | None = None) -> Subuser | None:
        """The subuser named ``username`` (with its region); else the one with ``user_id``.

        The id finds a subuser renamed since it was last seen. ``None``: neither exists.
        """
        if not self.bulk:
            found = self._subusers.get(username)
            if found is None and user_id is not None:
                found = self._subusers.find_by_id(user_id)
            return found
        everyone = self._all_subusers()
        found = pick_username(everyone, username)
        if found is None and user_id is not None:
            found = next((s for s in everyone if s.id == user_id), None)
        return found

    # ------------------------------------------------------------------------------ IPs

    def send_ips(self, user: str) -> builtins.list[str]:
        """The IPs a customer or subuser sends from, sorted.

        Raises:
            NotFoundError: no such customer or subuser.
        """
        if not self.bulk:
            return sorted(self._ips.get_send_ips(user).ips)
        usage = self._snapshot("ip-usage", lambda: self._ips.usage())
        assert isinstance(usage, list)
        wanted = user.casefold()
        ips = sorted({u.ip for u in usage if u.user.casefold() == wanted})
        if ips:
            return ips
        exists = pick_username(self._all_customers(), user) or pick_username(
            self._all_subusers(), user
        )
        if exists is None:
            raise _gone(f"no customer or subuser named {user!r}", "/apiv2/reseller.ip.json")
        return []

    # ------------------------------------------------------------------------- accounts

    def account_email(self, account_id: str) -> str:
        """The email of the Account Provisioning account ``account_id``.

        Raises:
            NotFoundError: no such account.
        """
        if not self.bulk:
            return self._accounts.get_email(account_id)
        emails = self._snapshot(
            "accounts", lambda: {a.id: a.email or "" for a in self._accounts.iter()}
        )
        assert isinstance(emails, dict)
        if account_id not in emails:
            raise _gone(f"no account {account_id!r}", "/v3/partners/accounts", "GET")
        return str(emails[account_id])


def _gone(message: str, path: str, method: str = "POST") -> NotFoundError:
    """What the one-object call raises for an object that a bulk call does not list."""
    return NotFoundError(message, status_code=404, errors=[], method=method, path=path)
