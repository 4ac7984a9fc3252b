"""Account Provisioning (``/v3/partners``) and the calls made on behalf of an account.

Accounts, their state and offerings, the catalog, and the profile and email of an account
(``on-behalf-of: account-id <id>``).

An account has no natural key: its id, which only the create's answer gives, is the only
way to name it. A create whose answer is lost is therefore not repeated (see
:meth:`AccountsAPI.create`); the caller finds the account again by listing.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field

from ._api import ApiGroup, fields_model
from ._api import RequestModel as _Input
from ._api import ResponseModel as _Response
from ._fields import (
    AccountFields,
    AccountOfferingFields,
    AccountProfileFields,
    canonical_offerings,
    create_body,
)
from ._models import _EmailBody
from ._transport import NO_ANSWER

__all__ = [
    "MAX_ACCOUNTS_PAGE",
    "Account",
    "AccountCreate",
    "AccountOffering",
    "AccountProfile",
    "AccountState",
    "AccountsAPI",
    "AccountsPage",
    "CatalogEntry",
    "Entitlements",
    "Offering",
    "UserProfile",
    "UserProfileUpdate",
    "account_on_behalf_of",
]

_ACCOUNTS = "/v3/partners/accounts"
#: Largest page ``GET /v3/partners/accounts`` returns.
MAX_ACCOUNTS_PAGE = 100
TEST_ACCOUNT_HEADER = "T-Test-Account"

AccountState = Literal["activated", "deactivated", "suspended", "banned", "indeterminate"]
"""Every state SendGrid reports; only ``activated`` and ``deactivated`` can be set."""


class AccountOffering(AccountOfferingFields, _Input):
    """An offering given to an account (``name``, ``type``, ``quantity``)."""


class AccountProfile(AccountProfileFields, _Input):
    """The account holder's profile of a create call."""


class AccountCreate(AccountFields, _Input):
    """A new account: offerings (exactly one package), an optional profile, test flag."""

    def to_json(self) -> dict[str, Any]:
        """The ``POST /v3/partners/accounts`` body (``state`` is set by a later call)."""
        body = create_body(self)
        body["offerings"] = [o.model_dump(mode="json") for o in canonical_offerings(self.offerings)]
        if self.profile is not None:
            body["profile"] = self.profile.model_dump(mode="json", exclude_none=True)
        return body


class Account(_Response):
    """An account as ``GET /v3/partners/accounts`` lists it."""

    id: str
    created_at: str
    email: str | None = None
    updated_at: str | None = None


class _Pages(_Response):
    last: str | None = None


class AccountsPage(_Response):
    """One page of accounts; ``pages.last`` names the last one when more may follow."""

    accounts: list[Account] = Field(default_factory=list)
    pages: _Pages = Field(default_factory=_Pages)


class _AccountId(_Response):
    account_id: str


class _State(_Response):
    state: AccountState


class _OfferingOut(_Response):
    name: str
    type: Literal["package", "addon"]
    quantity: int = 1


class _OfferingList(_Response):
    offerings: list[_OfferingOut] = Field(default_factory=list)


class Entitlements(_Response):
    """What an offering entitles to (unknown entitlements are kept as extra fields)."""

    email_sends_max_monthly: int | None = None
    ip_count: int | None = None
    teammates_max_total: int | None = None
    users_max_total: int | None = None


class CatalogEntry(_Response):
    """One offering of the catalog and its entitlements."""

    offering: _OfferingOut
    entitlements: Entitlements = Field(default_factory=Entitlements)


class _Catalog(_Response):
    catalog: list[CatalogEntry]


class Offering(_Response):
    """An offering of the catalog: its ``name``, ``type`` and ``entitlements``."""

    name: str
    type: Literal["package", "addon"]
    entitlements: Entitlements


class UserProfile(_Response):
    """``GET /v3/user/profile``: the account's names, company, website, phone, address."""

    first_name: str = ""
    last_name: str = ""
    company: str = ""
    website: str = ""
    phone: str = ""


class UserProfileUpdate(fields_model(UserProfile, optional=True)):  # type: ignore[misc]
    """Fields of ``PATCH /v3/user/profile``: those of :class:`UserProfile`, each optional.

    Only those set are sent; one at least.
    """


class _AccountRef(_Input):
    account_id: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]


class _ListWindow(_Input):
    limit: Annotated[int, Field(ge=1, le=MAX_ACCOUNTS_PAGE)] | None = None
    offset: Annotated[str, Field(min_length=1)] | None = None


def account_on_behalf_of(account_id: str) -> str:
    """The ``on-behalf-of`` value of calls made for an account: ``account-id <id>``.

    Raises:
        ValueError: ``account_id`` is not an account id (a ``pydantic.ValidationError``).
    """
    return f"account-id {_AccountRef(account_id=account_id).account_id}"


def _offerings(body: _OfferingList) -> builtins.list[AccountOffering]:
    # The server's values are the truth: not re-validated against input rules.
    return [
        AccountOffering.model_construct(name=o.name, type=o.type, quantity=o.quantity)
        for o in body.offerings
    ]


class AccountsAPI(ApiGroup):
    """The reseller's provisioned accounts. Reach it as ``SendGridClient.accounts``."""

    root = _ACCOUNTS

    def _key(self, key: str | int) -> str:
        return _AccountRef(account_id=str(key)).account_id

    @staticmethod
    def _on_behalf(account_id: str) -> dict[str, str]:
        return {"on-behalf-of": account_on_behalf_of(account_id)}

    def list(self, *, limit: int | None = None, offset: str | None = None) -> AccountsPage:
        """One page of accounts (``GET /v3/partners/accounts``), after the account ``offset``."""
        window = _ListWindow(limit=limit, offset=offset)
        return self._get(_ACCOUNTS, AccountsPage, limit=window.limit, offset=window.offset)

    def iter(self, *, page_size: int = MAX_ACCOUNTS_PAGE) -> Iterator[Account]:
        """Every account, page after page (each page starts after the previous one's last)."""
        if not 1 <= page_size <= MAX_ACCOUNTS_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_ACCOUNTS_PAGE}")
        offset: str | None = None
        while True:
            page = self.list(limit=page_size, offset=offset)
            yield from page.accounts
            last = page.pages.last or (page.accounts[-1].id if page.accounts else None)
            if len(page.accounts) < page_size or last is None or last == offset:
                return
            offset = last

    def create(self, req: AccountCreate) -> str:
        """Create an account (``POST /v3/partners/accounts``, 201); returns its id.

        ``test_account`` sends the ``T-Test-Account`` header. Not idempotent: an unknown
        outcome (5xx, lost connection) is raised without a retry; list to find out.
        """
        headers = {TEST_ACCOUNT_HEADER: "true"} if req.test_account else None
        created = self._t.request(
            "POST",
            _ACCOUNTS,
            json=req.to_json(),
            idempotent=False,
            response=_AccountId,
            headers=headers,
        )
        return created.account_id

    def delete(self, account_id: str) -> None:
        """Delete an account for good (``DELETE .../{id}``, 204): keys, SSO, billing end.

        Raises:
            NotFoundError: no such account (also when a retried delete already took effect).
        """
        self._delete(self._path(account_id))

    def get_state(self, account_id: str) -> AccountState:
        """The account's state (``GET .../state``)."""
        body = self._get(self._path(account_id, "/state"), _State)
        return body.state

    def set_state(self, account_id: str, state: Literal["activated", "deactivated"]) -> None:
        """Activate or deactivate the account (``PUT .../state``, 204).

        Raises:
            PermissionDeniedError: SendGrid suspended or banned the account.
        """
        self._t.request(
            "PUT",
            self._path(account_id, "/state"),
            json={"state": state},
            idempotent=True,
            response=NO_ANSWER,
        )

    def get_offerings(self, account_id: str) -> builtins.list[AccountOffering]:
        """The account's offerings (``GET .../offerings``)."""
        return _offerings(self._get(self._path(account_id, "/offerings"), _OfferingList))

    def set_offerings(
        self, account_id: str, offerings: Sequence[AccountOffering]
    ) -> builtins.list[AccountOffering]:
        """Make these the account's offerings (``PUT .../offerings``); returns them."""
        body = {"offerings": [o.model_dump(mode="json") for o in offerings]}
        return _offerings(
            self._set("PUT", self._path(account_id, "/offerings"), body, _OfferingList)
        )

    def catalog(self) -> builtins.list[Offering]:
        """The offerings the reseller may assign (``GET /v3/partners/offerings``)."""
        body = self._get("/v3/partners/offerings", _Catalog)
        return [
            Offering(name=e.offering.name, type=e.offering.type, entitlements=e.entitlements)
            for e in body.catalog
        ]

    def get_profile(self, account_id: str) -> UserProfile:
        """``GET /v3/user/profile`` on behalf of the account."""
        return self._t.request(
            "GET",
            "/v3/user/profile",
            idempotent=True,
            response=UserProfile,
            headers=self._on_behalf(account_id),
        )

    def update_profile(self, account_id: str, update: UserProfileUpdate) -> UserProfile:
        """``PATCH /v3/user/profile`` on behalf of the account (only the fields set)."""
        body: Mapping[str, Any] = update.model_dump(exclude_none=True)
        if not body:
            raise ValueError("at least one profile field must be set")
        return self._set(
            "PATCH",
            "/v3/user/profile",
            dict(body),
            UserProfile,
            headers=self._on_behalf(account_id),
        )

    def get_email(self, account_id: str) -> str:
        """``GET /v3/user/email`` on behalf of the account."""
        body = self._t.request(
            "GET",
            "/v3/user/email",
            idempotent=True,
            response=_EmailBody,
            headers=self._on_behalf(account_id),
        )
        return body.email

    def set_email(self, account_id: str, email: str) -> str:
        """``PUT /v3/user/email`` on behalf of the account; returns the email on file."""
        body = self._set(
            "PUT",
            "/v3/user/email",
            {"email": email},
            _EmailBody,
            headers=self._on_behalf(account_id),
        )
        return body.email
