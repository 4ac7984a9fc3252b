"""The SendGrid client: one transport, five groups of calls."""

from __future__ import annotations

from types import TracebackType

import requests

from ._accounts import AccountsAPI
from ._api_keys import ApiKeysAPI
from ._customers import CustomersAPI
from ._ips import IpsAPI
from ._retry import RateBudgets, RetryPolicy
from ._subusers import SubusersAPI
from ._transport import Transport
from ._user import UserAPI
from .credentials import Credentials, Timeouts

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
        timeouts: connect/read timeouts of every request (default 5 s / 30 s).
        retry: the retry policy (default :class:`RetryPolicy`).
        on_behalf_of: a subuser whose account v3 calls act on (``on-behalf-of`` header).
        session: a ``requests.Session`` to use instead of a new one.
        budgets: the request budgets to pace against, shared with other clients of the
            process (default: this client's own, shared by its threads).
        max_requests_per_second: a ceiling on the requests sent to the account (default:
            none; the budgets SendGrid announces are followed either way).

    Attributes:
        customers: v2 customers (``reseller.add`` / ``delete`` / ``manage``).
        ips: v2 IPs (``reseller.ip``, ``customer.ip``, ``customer.sendip``).
        subusers: v3 subusers, their IPs, website access, credits, reputations and
            monitor settings.
        user: v3 user settings (email, password, username) of the acting account.
        api_keys: v3 API keys of the acting account.
        accounts: Account Provisioning accounts (``/v3/partners``) and their profile.
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        on_behalf_of: str | None = None,
        session: requests.Session | None = None,
        budgets: RateBudgets | None = None,
        max_requests_per_second: float | None = None,
    ) -> None:
        self._attach(
            Transport(
                credentials,
                timeouts=timeouts,
                retry=retry,
                on_behalf_of=on_behalf_of,
                session=session,
                budgets=budgets,
                max_requests_per_second=max_requests_per_second,
            )
        )

    def _attach(self, transport: Transport) -> None:
        self._transport = transport
        self.customers = CustomersAPI(transport)
        self.ips = IpsAPI(transport)
        self.subusers = SubusersAPI(transport)
        self.user = UserAPI(transport)
        self.api_keys = ApiKeysAPI(transport)
        self.accounts = AccountsAPI(transport)

    def acting_for(self, username: str, *, api_url: str | None = None) -> SendGridClient:
        """A client whose v3 calls act on behalf of the subuser ``username``.

        It shares this client's connections, timeouts, retry policy and redaction; give
        ``api_url`` for a subuser served elsewhere (an EU subuser:
        ``https://api.eu.sendgrid.com``). Closing it leaves this client open.
        """
        derived = SendGridClient.__new__(SendGridClient)
        derived._attach(self._transport.acting_for(username, api_url=api_url))
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

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SendGridClient(api_url={self.api_url!r})"
