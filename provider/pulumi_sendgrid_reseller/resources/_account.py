"""``Account``: a customer account of the Account Provisioning API (``/v3/partners``).

The successor of the v2 reseller customer: offerings (one package, add-ons), a state
(activated or deactivated) and a profile, which the provider changes on behalf of the
account (``on-behalf-of: account-id <id>``) where a documented call can.

An account has no natural key. The provider recognises its own account by the profile's
email: before creating, and when a create's answer is lost, it lists the accounts and takes
over the one with that email whose offerings are exactly the declared ones. Without a
profile email only a lost answer is recovered (an account listed with no email, created
during the call, with those offerings); ``adopt_account_id`` takes over any account.

The public ``AccountArgs`` (with ``AccountOfferingArgs`` and ``AccountProfileArgs``) and
``Account`` are generated from ``AccountProvider.schema``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AccountCreate,
    AccountOffering,
    PermissionDeniedError,
    SendGridClient,
    SendGridError,
    UserProfileUpdate,
)
from ..client._accounts import AccountState
from ..client._fields import (
    ACCOUNT_PROFILE_CALL,
    ACCOUNT_STATE_CALL,
    AccountFields,
    AccountProfileFields,
    Prop,
    canonical_offerings,
    fields_changed_by,
)
from ._base import (
    BaseProvider,
    InputModel,
    Op,
    ProviderError,
    client_for,
    completing,
    credentials_for,
)
from ._resource import claim
from ._schema import Calls, Outputs, ResourceSchema

SETTABLE_STATES = ("activated", "deactivated")
LOCKED_STATES = ("suspended", "banned", "indeterminate")

#: ``AccountProfileFields`` name -> the ``/v3/user/profile`` field it is.
_USER_PROFILE_NAMES = {
    "first_name": "first_name",
    "last_name": "last_name",
    "company_name": "company",
    "company_website": "website",
    "phone": "phone",
}
_PATCHED = fields_changed_by(AccountProfileFields, ACCOUNT_PROFILE_CALL)
#: How far before the create call an account found by listing may have been created.
_CLOCK_SKEW = datetime.timedelta(minutes=5)


class AccountInputs(InputModel, AccountFields):
    """The validated inputs of an :class:`Account`: the account table, and these.

    ``state`` also holds what only SendGrid sets (``suspended``, ``banned``), as a read
    reports it; a program may declare only ``activated`` or ``deactivated``.
    """

    # Wider than the table's: a read reports states only SendGrid sets.
    state: Annotated[
        AccountState,
        Prop(ACCOUNT_STATE_CALL, reported=True, create=False),
        Field(
            description="``activated`` (default) or ``deactivated``; as an output, the state "
            "SendGrid reports (``suspended`` and ``banned`` included)."
        ),
    ] = "activated"  # type: ignore[assignment]
    adopt_account_id: Annotated[
        str | None,
        Field(min_length=1, max_length=128),
        Prop(local=True),
        Field(description="With ``adopt=True``, take over this existing account, not a new one."),
    ] = None

    def plain(self) -> dict[str, Any]:
        """The inputs as plain JSON values (offerings and profile as objects)."""
        out = super().plain()
        out["offerings"] = [o.model_dump(mode="json") for o in canonical_offerings(self.offerings)]
        if self.profile is not None:
            out["profile"] = self.profile.model_dump(mode="json", exclude_none=True)
        return out

    def create_request(self) -> AccountCreate:
        """The ``POST /v3/partners/accounts`` request."""
        return AccountCreate.model_validate(
            {
                "offerings": [o.model_dump() for o in self.offerings],
                "profile": self.profile.model_dump() if self.profile is not None else None,
                "test_account": self.test_account,
            }
        )

    def wanted_offerings(self) -> list[AccountOffering]:
        """The declared offerings as request models, in the canonical order."""
        return [
            AccountOffering.model_validate(o.model_dump())
            for o in canonical_offerings(self.offerings)
        ]

    def email(self) -> str | None:
        """The profile's email, the provider's mark of its own account."""
        return self.profile.email if self.profile is not None else None


def _offering_key(offerings: Sequence[Any]) -> list[tuple[str, str, int]]:
    return sorted((o.name, o.type, int(o.quantity)) for o in offerings)


class AccountOutputs(Outputs):
    """What SendGrid assigns to an account."""

    account_id: Annotated[str, Field(description="SendGrid's id of the account.")]


def _prepare_props(props: dict[str, Any], owner: str) -> None:
    """A profile email is claimed once per program; the defaults are outputs too."""
    profile = props.get("profile")
    if isinstance(profile, dict) and profile.get("email") is not None:
        profile["email"] = claim("account email", "profile.email", profile["email"], owner)
    for name in ("state", "profile", "test_account"):
        props.setdefault(name, None)  # outputs even when left to their defaults


class AccountProvider(BaseProvider):
    """Creates, reads, updates and deletes provisioned accounts."""

    schema = ResourceSchema(
        AccountInputs,
        AccountOutputs,
        Calls(
            "POST /v3/partners/accounts (T-Test-Account for a test account; then PUT .../state)",
            "GET /v3/partners/accounts/{id}/state and .../offerings; the profile on behalf of "
            "the account",
            "DELETE /v3/partners/accounts/{id}",
        ),
        doc="""A customer account of the Account Provisioning API; its id is the account id.

        Deleting it is irreversible: SendGrid revokes its API keys and SSO, removes its
        offerings and resources and ends its billing. Declare it with
        ``pulumi.ResourceOptions(protect=True)``.
        """,
        prepare_props=_prepare_props,
    )

    # -------------------------------------------------------------------------- check

    def _check_model(self, model: InputModel, olds: Mapping[str, Any]) -> list[tuple[str, str]]:
        assert isinstance(model, AccountInputs)
        problems: list[tuple[str, str]] = []
        if model.state not in SETTABLE_STATES:
            problems.append(
                (
                    "state",
                    f"must be activated or deactivated ({model.state} is set by SendGrid only)",
                )
            )
        if model.adopt_account_id is not None and not model.adopt:
            problems.append(
                ("adopt_account_id", "takes over an existing account only with adopt=True")
            )
        return problems + self._check_catalog(model, olds)

    @staticmethod
    def _check_catalog(model: AccountInputs, olds: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Offerings the catalog does not have; asks SendGrid only when they changed."""
        wanted = model.plain()["offerings"]
        if wanted == olds.get("offerings"):
            return []
        try:
            catalog = client_for(credentials_for(model)).accounts.catalog()
        except SendGridError:
            return []  # no credentials or no answer yet: the call itself will report it
        types = {o.name: o.type for o in catalog}
        problems = []
        for index, offering in enumerate(model.offerings):
            known = types.get(offering.name)
            if known is None:
                problems.append(
                    (
                        f"offerings[{index}].name",
                        f"{offering.name} is not in the offerings catalog "
                        f"({', '.join(sorted(types))})",
                    )
                )
            elif known != offering.type:
                problems.append((f"offerings[{index}].type", f"{offering.name} is a {known}"))
        return problems

    def _delete_before_replace(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        # The profile email marks the provider's own account: a replacement that keeps it
        # would take the old account for its own, so the old one goes first.
        old_profile, new_profile = olds.get("profile") or {}, news.get("profile") or {}
        email = new_profile.get("email") if isinstance(new_profile, Mapping) else None
        return (
            email is not None
            and isinstance(old_profile, Mapping)
            and str(old_profile.get("email", "")).casefold() == str(email).casefold()
        )

    # ------------------------------------------------------------------------- create

    def _create(self, op: Op[AccountInputs]) -> tuple[str, dict[str, Any]]:
        client, args = op.client, op.args
        if args.adopt_account_id is not None:
            account_id = args.adopt_account_id
            client.accounts.get_state(account_id)  # NotFoundError: no such account
            self._converge(client, account_id, args)
            return account_id, {"account_id": account_id}
        own = self._find_own(client, args, since=None)
        if own is not None:
            self._converge(client, own, args)
            return own, {"account_id": own}
        started = datetime.datetime.now(datetime.UTC)
        created: list[str] = []
        found = client.transport.create_once(
            lambda: created.append(client.accounts.create(args.create_request())),
            lambda: self._find_own(client, args, since=started),
        )
        account_id = found if found is not None else created[-1]
        hint = f"set adopt=True and adopt_account_id={account_id!r} to take it over."
        delete = partial(client.accounts.delete, account_id)
        with completing(f"Account {account_id}", delete, hint, undo=args.email() is None):
            if args.state != "activated":
                self._set_state(client, account_id, args)
        return account_id, {"account_id": account_id}

    def _find_own(
        self, client: SendGridClient, args: AccountInputs, since: datetime.datetime | None
    ) -> str | None:
        """The account this resource made earlier (its create's answer was lost), if any.

        With a profile email: an account listed with that email and exactly the declared
        offerings. Without one (only just after a create, ``since`` given): an account
        with no email created since the call, with those offerings.
        """
        email = args.email()
        if email is None and since is None:
            return None
        wanted = _offering_key(args.offerings)
        candidates: list[str] = []
        other: list[str] = []
        for account in client.accounts.iter():
            if email is not None:
                if (account.email or "").casefold() != email.casefold():
                    continue
            elif account.email or since is None or not _created_since(account.created_at, since):
                continue
            offerings = client.accounts.get_offerings(account.id)
            (candidates if _offering_key(offerings) == wanted else other).append(account.id)
        if len(candidates) > 1:
            raise ProviderError(
                f"Account: several accounts match this declaration ({', '.join(candidates)}); "
                "set adopt=True and adopt_account_id to the one to manage."
            )
        if not candidates and other and since is None:
            raise ProviderError(
                f"Account: an account with profile email {email!r} exists "
                f"({', '.join(other)}) with other offerings. Set adopt=True and "
                "adopt_account_id to take it over, or use another email."
            )
        return candidates[0] if candidates else None

    def _converge(self, client: SendGridClient, account_id: str, args: AccountInputs) -> None:
        """Bring a taken-over account to the declared offerings, profile and state."""
        current = client.accounts.get_offerings(account_id)
        if _offering_key(current) != _offering_key(args.offerings):
            client.accounts.set_offerings(account_id, args.wanted_offerings())
        if args.profile is not None:
            self._update_profile(client, account_id, {}, args)
        self._set_state(client, account_id, args)

    def _set_state(self, client: SendGridClient, account_id: str, args: AccountInputs) -> None:
        """Make the account's state the declared one, unless SendGrid locked it."""
        current = client.accounts.get_state(account_id)
        if current in LOCKED_STATES:
            raise ProviderError(_locked_message(account_id, current, args.state))
        if current == args.state:
            return
        assert args.state in SETTABLE_STATES
        try:
            client.accounts.set_state(account_id, args.state)  # type: ignore[arg-type]
        except PermissionDeniedError:
            raise ProviderError(
                _locked_message(account_id, client.accounts.get_state(account_id), args.state)
            ) from None

    # --------------------------------------------------------------------------- read

    def _read(self, op: Op[AccountInputs]) -> dict[str, Any] | None:
        client, id_, args = op.client, op.id, op.args
        state = client.accounts.get_state(id_)
        offerings = client.accounts.get_offerings(id_)
        found: dict[str, Any] = {
            "account_id": id_,
            "state": state,
            "offerings": [o.model_dump(mode="json") for o in canonical_offerings(offerings)],
        }
        if args.profile is not None:
            declared = args.profile.model_dump(exclude_none=True)
            remote = client.accounts.get_profile(id_).model_dump()
            reported = {k: remote.get(v, "") for k, v in _USER_PROFILE_NAMES.items()}
            reported["email"] = client.reads.account_email(id_)
            found["profile"] = {name: reported.get(name, value) for name, value in declared.items()}
        return found

    # ------------------------------------------------------------------------- update

    def _update(self, op: Op[AccountInputs]) -> dict[str, Any]:
        client, id_, olds, args, changed = op.client, op.id, op.outs, op.args, op.changed
        if "offerings" in changed:
            client.accounts.set_offerings(id_, args.wanted_offerings())
        if "profile" in changed:
            old_profile = olds.get("profile")
            self._update_profile(
                client, id_, old_profile if isinstance(old_profile, Mapping) else {}, args
            )
        if "state" in changed:
            self._set_state(client, id_, args)
        return {"account_id": id_}

    @staticmethod
    def _update_profile(
        client: SendGridClient, account_id: str, old: Mapping[str, Any], args: AccountInputs
    ) -> None:
        """Apply the profile's changes; a field removed from the declaration is cleared.

        ``PATCH /v3/user/profile`` takes an empty value for a field removed (the email and
        the time zone cannot be removed: their removal replaces the account).
        """
        new = args.profile.model_dump(exclude_none=True) if args.profile is not None else {}
        patch = {
            _USER_PROFILE_NAMES[name]: new.get(name, "")
            for name in _PATCHED
            if old.get(name) != new.get(name)
        }
        if patch:
            client.accounts.update_profile(account_id, UserProfileUpdate(**patch))
        email = new.get("email")
        if email is not None and old.get("email") != email:
            client.accounts.set_email(account_id, email)

    # ------------------------------------------------------------------------- delete

    def _delete(self, op: Op[AccountInputs]) -> None:
        client, id_ = op.client, op.id
        client.accounts.delete(id_)


def _created_since(created_at: str, since: datetime.datetime) -> bool:
    try:
        when = datetime.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return True  # unknown: still a candidate (the offerings must match too)
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when >= since - _CLOCK_SKEW


def _locked_message(account_id: str, current: str, wanted: str) -> str:
    return (
        f"Account {account_id} is {current} by SendGrid, so it cannot be made {wanted} "
        "through the API: contact SendGrid support, or declare the state SendGrid shows "
        "after resolving it. (pulumi refresh reports the state.)"
    )


__all__ = ["AccountInputs", "AccountProvider"]
