"""The SendGrid client: one transport, its groups of calls."""

from __future__ import annotations

from typing import Unpack

from ._accounts import AccountsAPI, account_on_behalf_of
from ._api_keys import ApiKeysAPI
from ._bulk import BulkReads
from ._customers import CustomersAPI
from ._ips import IpsAPI
from ._subusers import SubusersAPI
from ._teammates import TeammatesAPI
from ._transport import Transport, TransportOptions
from ._user import UserAPI
from ._webhooks import EventWebhooksAPI, ParseSettingsAPI
from ._whitelabel import DomainsAPI, LinksAPI
from .credentials import Credentials

__all__ = ["SendGridClient"]


class SendGridClient:
    """Typed client of the SendGrid reseller (v2) and subuser (v3) APIs.

    Example::

        creds = Credentials(api_user="parent", api_key=SecretStr("SG...."))
        with SendGridClient(creds) as client:
            client.customers.add(CustomerCreate(...))
            for subuser in client.subusers.iter():
                ...

    A client holds one connection pool and no other mutable state: it may be shared by
    any number of threads. Create it once and :meth:`close` it (or use ``with``) when done.

    Args:
        credentials: API key (v2 ``api_key`` and v3 bearer token), API user (v2 only) and
            endpoint.
        options: how requests are sent (:class:`TransportOptions`: timeouts, retry
            policy, ``on-behalf-of``, session, shared budgets, a ceiling of requests a
            second, the snapshots of bulk reads).

    Attributes:
        customers: v2 customers (``reseller.add`` / ``delete`` / ``manage``).
        ips: v2 IPs (``reseller.ip``, ``customer.ip``, ``customer.sendip``).
        subusers: v3 subusers, their IPs, website access, credits, reputations and
            monitor settings.
        user: v3 user settings (email, password, username) of the acting account.
        api_keys: v3 API keys of the acting account.
        accounts: Account Provisioning accounts (``/v3/partners``) and their profile.
        domains: v3 authenticated domains of the acting account (``/v3/whitelabel/domains``).
        links: v3 branded links of the acting account (``/v3/whitelabel/links``).
        event_webhooks: v3 event webhooks of the acting account (signed or not).
        parse_settings: v3 inbound parse settings of the acting account.
        teammates: v3 teammates and invitations of the acting account.
        reads: one object's read (a customer, a subuser, a user's IPs, an account's
            email), served by SendGrid's bulk calls when the ``snapshots`` given in
            ``options`` are on (:class:`BulkReads`).
    """

    def __init__(self, credentials: Credentials, **options: Unpack[TransportOptions]) -> None:
        self._attach(Transport(credentials, **options))

    def _attach(self, transport: Transport) -> None:
        self._transport = transport
        self.customers = CustomersAPI(transport)
        self.ips = IpsAPI(transport)
        self.subusers = SubusersAPI(transport)
        self.user = UserAPI(transport)
        self.api_keys = ApiKeysAPI(transport)
        self.accounts = AccountsAPI(transport)
        self.domains = DomainsAPI(transport)
        self.links = LinksAPI(transport)
        self.event_webhooks = EventWebhooksAPI(transport)
        self.parse_settings = ParseSettingsAPI(transport)
        self.teammates = TeammatesAPI(transport)
        self.reads = BulkReads(transport, self.customers, self.subusers, self.ips, self.accounts)

    def acting_for(self, username: str, *, api_url: str | None = None) -> SendGridClient:
        """A client whose v3 calls act on behalf of the subuser ``username``.

        It shares this client's connections, timeouts, retry policy and redaction; give
        ``api_url`` for a subuser served elsewhere (an EU subuser:
        ``https://api.eu.sendgrid.com``). Closing it leaves this client open.
        """
        return self._derived(self._transport.acting_for(username, api_url=api_url))

    def acting_for_account(self, account_id: str) -> SendGridClient:
        """A client whose v3 calls act on behalf of an Account Provisioning account.

        Its calls carry ``on-behalf-of: account-id <account_id>``; otherwise as
        :meth:`acting_for`.

        Raises:
            ValueError: ``account_id`` is not an account id.
        """
        return self._derived(self._transport.acting_for(account_on_behalf_of(account_id)))

    def _derived(self, transport: Transport) -> SendGridClient:
        derived = SendGridClient.__new__(SendGridClient)
        derived._attach(transport)
        return derived

    @property
    def api_url(self) -> str:
        """The endpoint this client talks to."""
        return self._transport.api_url

    @property
    def transport(self) -> Transport:
        """The transport (timeouts, retry policy, redaction) of this client."""
        return self._transport

    def close(self) -> None:
        """Release the pooled connections."""
        self._transport.close()

    def __enter__(self) -> SendGridClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SendGridClient(api_url={self.api_url!r})"
