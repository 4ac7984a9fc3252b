"""The classes a Pulumi program declares: every resource and its arguments.

Each ``XArgs`` is a ``TypedDict``: the one typed list of a resource's arguments, used by
both constructor forms, ``X(name, XArgs(...), opts)`` and ``X(name, opts, field=...)``
(``**kwargs: Unpack[XArgs]``). The annotations of ``X`` type its outputs. How each object
is created, read, updated and deleted is its provider, in the module named after it;
``tests/unit/test_field_tables.py`` checks these classes against the field tables.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Required, TypedDict, Unpack, overload

import pulumi

from ._owner import unpack_owner
from ._resource import Args, ConnectionArgs, Opts, SendGridResource, claim
from .account import AccountProvider
from .api_key import ApiKeyProvider
from .customer import CustomerProvider
from .customer_ip_assignment import CustomerIpAssignmentProvider
from .domain_authentication import DomainAuthenticationProvider
from .event_webhook import EventWebhookProvider
from .inbound_parse import InboundParseProvider
from .link_branding import LinkBrandingProvider
from .sender_validation import (
    DomainAuthenticationValidationProvider,
    LinkBrandingValidationProvider,
)
from .subuser import SubuserProvider
from .subuser_credits import SubuserCreditsProvider
from .subuser_monitor import SubuserMonitorProvider
from .teammate import TeammateProvider


class CustomerArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`Customer`.

    Updated in place: ``username`` (setUsername), ``email`` (setEmail), ``first_name``,
    ``last_name``, ``address``, ``city``, ``state``, ``zip``, ``country``, ``phone``,
    ``website``, ``company`` (profile set), ``password`` (password), ``enabled``
    (enable/disable), ``website_access`` (website_enable/website_disable).
    Replaced (no call changes them; the replacement needs a new ``username``): ``package``,
    ``whitelabel``, ``free_user``, ``billing_date``.
    """

    username: Required[pulumi.Input[str]]
    password: Required[pulumi.Input[str]]
    confirm_password: pulumi.Input[str] | None
    email: Required[pulumi.Input[str]]
    first_name: Required[pulumi.Input[str]]
    last_name: Required[pulumi.Input[str]]
    address: Required[pulumi.Input[str]]
    city: Required[pulumi.Input[str]]
    state: Required[pulumi.Input[str]]
    zip: Required[pulumi.Input[str]]
    country: Required[pulumi.Input[str]]
    phone: Required[pulumi.Input[str]]
    website: Required[pulumi.Input[str]]
    company: pulumi.Input[str] | None
    package: pulumi.Input[str] | None
    whitelabel: pulumi.Input[str] | None
    free_user: pulumi.Input[bool] | None
    billing_date: pulumi.Input[str] | None
    enabled: pulumi.Input[bool] | None
    website_access: pulumi.Input[bool] | None


class Customer(SendGridResource, module="sendgrid-reseller", name="Customer"):
    """A SendGrid reseller customer (a v2 customer account of the parent).

    ``password`` is a secret input and a secret output. The id is SendGrid's user id.
    """

    username: pulumi.Output[str]
    password: pulumi.Output[str]
    confirm_password: pulumi.Output[str | None]
    email: pulumi.Output[str]
    first_name: pulumi.Output[str]
    last_name: pulumi.Output[str]
    address: pulumi.Output[str]
    city: pulumi.Output[str]
    state: pulumi.Output[str]
    zip: pulumi.Output[str]
    country: pulumi.Output[str]
    phone: pulumi.Output[str]
    website: pulumi.Output[str]
    company: pulumi.Output[str | None]
    package: pulumi.Output[str | None]
    whitelabel: pulumi.Output[str | None]
    free_user: pulumi.Output[bool | None]
    billing_date: pulumi.Output[str | None]
    enabled: pulumi.Output[bool]
    website_access: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    user_id: pulumi.Output[int]
    """SendGrid's id of the customer."""
    active: pulumi.Output[bool]
    """Whether SendGrid reports the customer as active (able to send)."""

    provider_type = CustomerProvider
    args_type = CustomerArgs
    claims = ("username", "username")

    @overload
    def __init__(self, resource_name: str, args: CustomerArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[CustomerArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it with a ``CustomerArgs`` or with keyword arguments."""
        self._declare(resource_name, args, kwargs)


class CustomerIpAssignmentArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`CustomerIpAssignment`.

    Attributes:
        customer: the username of the customer (or subuser) whose sending IPs these are;
            a change replaces the assignment.
        ips: the IPs, each owned by the parent account; updated in place. An empty list
            removes every IP (the account then sends from the parent's IPs).
        all_ips: give the account every IP of the parent instead of ``ips``.
    """

    customer: Required[pulumi.Input[str]]
    ips: pulumi.Input[Sequence[pulumi.Input[str]]] | None
    all_ips: pulumi.Input[bool] | None


class CustomerIpAssignment(
    SendGridResource, module="sendgrid-reseller", name="CustomerIpAssignment"
):
    """The IPs a customer sends from. Deleting it returns the customer to the parent's pool."""

    customer: pulumi.Output[str]
    ips: pulumi.Output[list[str] | None]
    all_ips: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    assigned_ips: pulumi.Output[list[str]]
    """The IPs SendGrid reports for the customer."""

    provider_type = CustomerIpAssignmentProvider
    args_type = CustomerIpAssignmentArgs
    claims = ("IP assignment", "customer")

    @overload
    def __init__(
        self, resource_name: str, args: CustomerIpAssignmentArgs, opts: Opts = None
    ) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[CustomerIpAssignmentArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it with a ``CustomerIpAssignmentArgs`` or with keyword arguments."""
        self._declare(resource_name, args, kwargs)


class SubuserArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`Subuser`.

    Updated in place: ``username`` (PUT /v3/user/username), ``email`` (PUT /v3/user/email)
    and ``password`` (PUT /v3/user/password, with the old password from the state), each
    on behalf of the subuser, which keeps its user id; ``disabled`` (PATCH),
    ``website_access`` (PATCH .../website_access), ``ips`` (PUT .../ips).
    Replaced: ``region`` (no call changes it); a replacement that keeps the username
    deletes the old subuser first.
    """

    username: Required[pulumi.Input[str]]
    email: Required[pulumi.Input[str]]
    password: Required[pulumi.Input[str]]
    ips: Required[pulumi.Input[Sequence[pulumi.Input[str]]]]
    region: pulumi.Input[str] | None
    disabled: pulumi.Input[bool] | None
    website_access: pulumi.Input[bool] | None


class Subuser(SendGridResource, module="sendgrid-reseller", name="Subuser"):
    """A SendGrid subuser of the parent account. ``password`` is secret in and out."""

    username: pulumi.Output[str]
    email: pulumi.Output[str]
    password: pulumi.Output[str]
    ips: pulumi.Output[list[str]]
    region: pulumi.Output[str]
    disabled: pulumi.Output[bool]
    website_access: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    user_id: pulumi.Output[int]
    """SendGrid's id of the subuser."""

    provider_type = SubuserProvider
    args_type = SubuserArgs
    claims = ("username", "username")

    @overload
    def __init__(self, resource_name: str, args: SubuserArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[SubuserArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it with a ``SubuserArgs`` or with keyword arguments."""
        self._declare(resource_name, args, kwargs)


class SubuserMonitorArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`SubuserMonitor`.

    Attributes:
        subuser: the subuser's username; a change replaces the monitor.
        email: where SendGrid sends the sample messages; updated in place.
        frequency: send a sample every ``frequency`` messages (> 0); updated in place.
    """

    subuser: Required[pulumi.Input[str]]
    email: Required[pulumi.Input[str]]
    frequency: Required[pulumi.Input[int]]


class SubuserMonitor(SendGridResource, module="sendgrid-reseller", name="SubuserMonitor"):
    """Monitor settings of a subuser: a copy of every ``frequency``-th message to ``email``."""

    subuser: pulumi.Output[str]
    email: pulumi.Output[str]
    frequency: pulumi.Output[int]
    adopt: pulumi.Output[bool]

    provider_type = SubuserMonitorProvider
    args_type = SubuserMonitorArgs
    claims = ("monitor", "subuser")

    @overload
    def __init__(self, resource_name: str, args: SubuserMonitorArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[SubuserMonitorArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it with a ``SubuserMonitorArgs`` or with keyword arguments."""
        self._declare(resource_name, args, kwargs)


class SubuserCreditsArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`SubuserCredits`.

    Attributes:
        subuser: the subuser's username, or the :class:`Subuser` itself (which also gives
            ``subuser_id``). A rename of the subuser keeps the credits; another subuser
            replaces them.
        type: ``unlimited``, ``recurring`` (reset to ``total`` every ``reset_frequency``)
            or ``nonrecurring`` (set to ``total`` once); in place (PUT .../credits).
        total: the credits: required for ``recurring`` and ``nonrecurring``, not allowed
            for ``unlimited``; at least 1; in place.
        reset_frequency: ``monthly``, ``weekly`` or ``daily``: required for ``recurring``
            only; in place.
        subuser_id: the subuser's user id, which tells a rename from a move.
        subuser_ref: the ``Subuser`` resource's URN and region (filled in from a
            ``Subuser``), which tells a rename from a move in a preview.
    """

    subuser: Required[pulumi.Input[str] | Subuser]
    type: Required[pulumi.Input[str]]
    total: pulumi.Input[int] | None
    reset_frequency: pulumi.Input[str] | None
    subuser_id: pulumi.Input[int] | None
    subuser_ref: pulumi.Input[str] | None


class SubuserCredits(SendGridResource, module="sendgrid-reseller", name="SubuserCredits"):
    """A subuser's credits; ``remain`` and ``used`` are what SendGrid reports."""

    subuser: pulumi.Output[str]
    type: pulumi.Output[str]
    total: pulumi.Output[int | None]
    reset_frequency: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    adopt: pulumi.Output[bool]
    remain: pulumi.Output[int | None]
    """Credits left (``None`` when unlimited)."""
    used: pulumi.Output[int | None]
    """Credits used (SendGrid reports it for ``recurring`` credits)."""

    provider_type = SubuserCreditsProvider
    args_type = SubuserCreditsArgs
    claims = ("credits", "subuser")

    @overload
    def __init__(self, resource_name: str, args: SubuserCreditsArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[SubuserCreditsArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it with a ``SubuserCreditsArgs`` or with keyword arguments."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        return unpack_owner(args)


class OwnerArgs(TypedDict, total=False):
    """Whose object a tenant-scoped resource manages (see ``resources/_owner.py``).

    Attributes:
        subuser: a :class:`Subuser` or :class:`Customer` (which also gives ``subuser_id``
            and ``subuser_ref``), or a username: calls are made on its behalf. A rename of
            the subuser keeps the object; another subuser replaces it.
        subuser_id: the subuser's user id. With it, a new ``subuser`` name with the same id
            is a rename; without it, any new ``subuser`` replaces the object.
        subuser_ref: the ``Subuser`` resource's URN and region (filled in from a
            ``Subuser``), which tells a rename from a move in a preview, where the engine
            does not know the user id of a subuser being updated.
        account: an :class:`Account` or an account id: calls are made on its behalf
            (``on-behalf-of: account-id <id>``); another account replaces the object.

    Neither ``subuser`` nor ``account``: the parent's object. Both: refused at preview.
    """

    subuser: "pulumi.Input[str] | Subuser | Customer | None"
    subuser_id: pulumi.Input[int] | None
    subuser_ref: pulumi.Input[str] | None
    account: "pulumi.Input[str] | Account | None"


class ApiKeyArgs(OwnerArgs, total=False):
    """The arguments of an :class:`ApiKey` (and its owner's, :class:`OwnerArgs`).

    Attributes:
        name: the key's name; updated in place (PUT, or PATCH for a full-access key).
        scopes: the permissions, each a name SendGrid documents; order does not matter;
            updated in place (PUT). ``None``: every permission (a full-access key); going
            back to ``None`` replaces the key.
        api_user: the parent account's API user for this resource only.
        parent_api_key: the parent's API key for this resource only; kept secret.
        api_url: the endpoint for this resource only.
    """

    name: Required[pulumi.Input[str]]
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None
    api_user: pulumi.Input[str] | None
    parent_api_key: pulumi.Input[str] | None
    api_url: pulumi.Input[str] | None


class ApiKey(SendGridResource, module="sendgrid-reseller", name="ApiKey"):
    """A SendGrid API key of a subuser, an account or the parent; ``api_key`` is secret."""

    name: pulumi.Output[str]
    scopes: pulumi.Output[list[str] | None]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    api_key_id: pulumi.Output[str]
    """SendGrid's id of the key."""
    api_key: pulumi.Output[str]
    """The key itself (a secret), known from the create's answer only."""
    subuser_region: pulumi.Output[str | None]
    """The subuser's region, which decides the endpoint of the calls on its behalf."""

    provider_type = ApiKeyProvider
    args_type = ApiKeyArgs
    secret_outputs = ("api_key",)

    @overload
    def __init__(self, resource_name: str, args: ApiKeyArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[ApiKeyArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, ApiKeyArgs(...), opts)`` or ``(name, opts, field=...)``."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        return unpack_owner(args)


class AccountOfferingArgs(TypedDict, total=False):
    """One offering of an :class:`Account` (a dict with these keys works too).

    Attributes:
        name: the catalog name (see :func:`get_offerings`), e.g. ``org.ei.free.v1``.
        type: ``package`` (exactly one per account) or ``addon``.
        quantity: how many (1 for a package).
    """

    name: Required[pulumi.Input[str]]
    type: Required[pulumi.Input[Literal["package", "addon"]]]
    quantity: pulumi.Input[int] | None


class AccountProfileArgs(TypedDict, total=False):
    """The account holder's profile (a dict with these keys works too).

    Changed in place on behalf of the account: ``first_name``, ``last_name``,
    ``company_name``, ``company_website``, ``phone`` (``PATCH /v3/user/profile``) and
    ``email`` (``PUT /v3/user/email``). No call changes ``timezone``: a change replaces the
    account.
    """

    first_name: pulumi.Input[str] | None
    last_name: pulumi.Input[str] | None
    company_name: pulumi.Input[str] | None
    company_website: pulumi.Input[str] | None
    email: pulumi.Input[str] | None
    phone: pulumi.Input[str] | None
    timezone: pulumi.Input[str] | None


class AccountArgs(ConnectionArgs, total=False):
    """The arguments of an :class:`Account`.

    Attributes:
        offerings: exactly one package and any add-ons; changed in place
            (``PUT .../offerings``).
        profile: the account holder's profile; see :class:`AccountProfileArgs` for what
            changes in place.
        state: ``activated`` (default) or ``deactivated``; changed in place
            (``PUT .../state``).
        test_account: create a test account (``T-Test-Account`` header); a change replaces.
        adopt_account_id: with ``adopt=True``, take over this existing account instead of
            creating one.
    """

    offerings: Required[pulumi.Input[Sequence[pulumi.Input[AccountOfferingArgs]]]]
    profile: pulumi.Input[AccountProfileArgs] | None
    state: pulumi.Input[str] | None
    test_account: pulumi.Input[bool] | None
    adopt_account_id: pulumi.Input[str] | None


def _plain_args(value: Any) -> Any:
    """Arguments (also inside lists) as the engine carries them: keys left unset dropped."""
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain_args(v) for v in value]
    return value


class Account(SendGridResource, module="sendgrid-reseller", name="Account"):
    """A customer account of the Account Provisioning API; its id is the account id.

    Deleting it is irreversible: SendGrid revokes its API keys and SSO, removes its
    offerings and resources and ends its billing. Declare it with
    ``pulumi.ResourceOptions(protect=True)``.
    """

    offerings: pulumi.Output[list[dict[str, Any]]]
    profile: pulumi.Output[dict[str, Any]]
    state: pulumi.Output[str]
    """The state SendGrid reports (``suspended`` and ``banned`` included)."""
    test_account: pulumi.Output[bool]
    adopt_account_id: pulumi.Output[str]
    adopt: pulumi.Output[bool]
    account_id: pulumi.Output[str]
    """SendGrid's id of the account."""

    provider_type = AccountProvider
    args_type = AccountArgs

    @overload
    def __init__(self, resource_name: str, args: AccountArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[AccountArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, AccountArgs(...), opts)`` or ``(name, opts, field=...)``."""
        self._declare(resource_name, args, kwargs)

    def _prepare_props(self, props: dict[str, Any], owner: str) -> None:
        props["offerings"] = _plain_args(props["offerings"])
        profile = _plain_args(props.get("profile"))
        if isinstance(profile, dict) and profile.get("email") is not None:
            profile["email"] = claim("account email", "profile.email", profile["email"], owner)
        if profile is not None:
            props["profile"] = profile
        for name in ("state", "profile", "test_account"):
            props.setdefault(name, None)  # outputs even when left to their defaults


# --------------------------------------------------------------------------------------
# Sender authentication
# --------------------------------------------------------------------------------------

DnsRecords = dict[str, dict[str, Any]]
"""DNS records keyed by SendGrid's names, each ``{type, host, data, valid}``."""


class DomainAuthenticationArgs(OwnerArgs, ConnectionArgs, total=False):
    """The arguments of a :class:`DomainAuthentication`.

    Attributes:
        domain: the domain to authenticate (``example.com``); replace.
        subdomain: the host SendGrid's return path uses (default: SendGrid picks one);
            replace.
        automatic_security: SendGrid manages SPF and DKIM (CNAME records); default true;
            replace.
        custom_spf: a custom SPF record (manual security only); in place (PATCH).
        default: the fallback domain of the account; in place (PATCH).
        custom_dkim_selector: three letters or digits; replace.
        ips: IPs included in a custom SPF record; replace.
        region: ``global`` or ``eu``; replace.
        subuser: whose domain it is: a :class:`Subuser` or :class:`Customer`, or a
            username (calls made ``on-behalf-of`` it); another subuser replaces.
        account: whose domain it is: an :class:`Account` or its id (``on-behalf-of:
            account-id``); never with ``subuser``; replace.
        associated_subusers: up to five subusers (usernames) a parent's domain is lent to
            (``subuser:add``); kept in sync in place.
    """

    domain: Required[pulumi.Input[str]]
    subdomain: pulumi.Input[str] | None
    automatic_security: pulumi.Input[bool] | None
    custom_spf: pulumi.Input[bool] | None
    default: pulumi.Input[bool] | None
    custom_dkim_selector: pulumi.Input[str] | None
    ips: pulumi.Input[Sequence[pulumi.Input[str]]] | None
    region: pulumi.Input[str] | None
    associated_subusers: pulumi.Input[Sequence[pulumi.Input[str]]] | None


class DomainAuthentication(
    SendGridResource, module="sendgrid-reseller", name="DomainAuthentication"
):
    """An authenticated sending domain of a tenant or of the parent.

    ``dns_records`` are the records to publish in the team's DNS (keyed by SendGrid's
    names: ``mail_cname``, ``dkim1``, ``dkim2`` with automatic security; ``mail_server``,
    ``subdomain_spf``, ``domain_spf``, ``dkim`` without). Publish them, then declare a
    :class:`DomainAuthenticationValidation` that depends on them.
    """

    domain: pulumi.Output[str]
    subdomain: pulumi.Output[str | None]
    automatic_security: pulumi.Output[bool]
    custom_spf: pulumi.Output[bool]
    default: pulumi.Output[bool]
    custom_dkim_selector: pulumi.Output[str | None]
    ips: pulumi.Output[list[str] | None]
    region: pulumi.Output[str | None]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    subuser_region: pulumi.Output[str | None]
    """The owner subuser's region, which decides the endpoint of the calls on its behalf."""
    associated_subusers: pulumi.Output[list[str] | None]
    adopt: pulumi.Output[bool]
    domain_id: pulumi.Output[int]
    """SendGrid's id of the authenticated domain."""
    valid: pulumi.Output[bool]
    """Whether SendGrid found the records (as of the last create, update or refresh)."""
    dns_records: pulumi.Output[DnsRecords]
    """The records to publish, keyed by SendGrid's names, each ``{type, host, data, valid}``."""
    user_id: pulumi.Output[int | None]
    """SendGrid's id of the owner."""

    provider_type = DomainAuthenticationProvider
    args_type = DomainAuthenticationArgs
    _owner_args: Args

    @overload
    def __init__(
        self, resource_name: str, args: DomainAuthenticationArgs, opts: Opts = None
    ) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[DomainAuthenticationArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, DomainAuthenticationArgs(...), opts)`` or with keywords."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        args = unpack_owner(args)
        self._owner_args = {k: args.get(k) for k in ("subuser", "subuser_ref", "account")}
        return args


class LinkBrandingArgs(OwnerArgs, ConnectionArgs, total=False):
    """The arguments of a :class:`LinkBranding`.

    Attributes:
        domain: the root domain of the links (the From address's domain); replace.
        subdomain: the links' host (default: SendGrid picks one); it must differ from the
            domain authentication's subdomain; replace.
        default: the fallback link branding of the account; in place (PATCH).
        region: ``us`` or ``eu``; replace.
        subuser, account: whose link branding it is, as for :class:`DomainAuthentication`.
        associated_subusers: subusers (usernames) a parent's link branding is lent to
            (``POST .../{link_id}/subuser``); kept in sync in place.
    """

    domain: Required[pulumi.Input[str]]
    subdomain: pulumi.Input[str] | None
    default: pulumi.Input[bool] | None
    region: pulumi.Input[str] | None
    associated_subusers: pulumi.Input[Sequence[pulumi.Input[str]]] | None


class LinkBranding(SendGridResource, module="sendgrid-reseller", name="LinkBranding"):
    """Branded links (click and open tracking under the tenant's own domain).

    ``dns_records`` holds ``domain_cname`` and ``owner_cname``; publish them, then declare
    a :class:`LinkBrandingValidation` that depends on them.
    """

    domain: pulumi.Output[str]
    subdomain: pulumi.Output[str | None]
    default: pulumi.Output[bool]
    region: pulumi.Output[str | None]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    subuser_region: pulumi.Output[str | None]
    """The owner subuser's region, which decides the endpoint of the calls on its behalf."""
    associated_subusers: pulumi.Output[list[str] | None]
    adopt: pulumi.Output[bool]
    link_id: pulumi.Output[int]
    """SendGrid's id of the link branding."""
    valid: pulumi.Output[bool]
    """Whether SendGrid found the records (as of the last create, update or refresh)."""
    dns_records: pulumi.Output[DnsRecords]
    """``domain_cname`` and ``owner_cname``, each ``{type, host, data, valid}``."""
    user_id: pulumi.Output[int | None]
    """SendGrid's id of the owner."""

    provider_type = LinkBrandingProvider
    args_type = LinkBrandingArgs
    _owner_args: Args

    @overload
    def __init__(self, resource_name: str, args: LinkBrandingArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[LinkBrandingArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, LinkBrandingArgs(...), opts)`` or with keywords."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        args = unpack_owner(args)
        self._owner_args = {k: args.get(k) for k in ("subuser", "subuser_ref", "account")}
        return args


class DomainAuthenticationValidationArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`DomainAuthenticationValidation`.

    Attributes:
        domain_authentication: the domain whose records are validated; replace.
        timeout_seconds: how long the create waits for DNS (default 300; 0: validate once).
    """

    domain_authentication: Required[DomainAuthentication]
    timeout_seconds: pulumi.Input[float] | None


class DomainAuthenticationValidation(
    SendGridResource, module="sendgrid-reseller", name="DomainAuthenticationValidation"
):
    """SendGrid's validation of a domain's DNS records, waited for.

    Create validates again and again (waiting 1, 2, 4, ... up to 30 s between attempts)
    until SendGrid finds every record or ``timeout_seconds`` pass, and then fails naming
    each invalid record (name, host, expected data, SendGrid's reason). This wait for DNS
    is the resource's documented behaviour, not a retry: failed calls are retried by the
    client's transport only. Read validates once: a record gone from DNS is drift, which
    the next ``pulumi up --refresh`` validates again (and fails naming it). Delete calls
    nothing. Make it depend on the program's DNS records (``depends_on``).
    """

    domain_id: pulumi.Output[int]
    subuser: pulumi.Output[str | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    records: pulumi.Output[DnsRecords | None]
    timeout_seconds: pulumi.Output[float]
    adopt: pulumi.Output[bool]
    valid: pulumi.Output[bool]
    """Whether SendGrid found every record (as of the create or the last refresh)."""
    validation_results: pulumi.Output[dict[str, dict[str, Any]]]
    """Per record (SendGrid's names): ``{valid, reason}``."""

    provider_type = DomainAuthenticationValidationProvider
    args_type = DomainAuthenticationValidationArgs

    @overload
    def __init__(
        self, resource_name: str, args: DomainAuthenticationValidationArgs, opts: Opts = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        opts: Opts = None,
        **kwargs: Unpack[DomainAuthenticationValidationArgs],
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, DomainAuthenticationValidationArgs(...))`` or by keyword."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        target = args["domain_authentication"]
        if not isinstance(target, DomainAuthentication):
            raise TypeError("domain_authentication: must be a DomainAuthentication")
        rest = {k: v for k, v in args.items() if k != "domain_authentication"}
        return {**rest, "domain_id": target.domain_id, **_validated_parts(target)}


class LinkBrandingValidationArgs(ConnectionArgs, total=False):
    """The arguments of a :class:`LinkBrandingValidation`.

    Attributes:
        link_branding: the link branding whose records are validated; replace.
        timeout_seconds: how long the create waits for DNS (default 300; 0: validate once).
    """

    link_branding: Required[LinkBranding]
    timeout_seconds: pulumi.Input[float] | None


class LinkBrandingValidation(
    SendGridResource, module="sendgrid-reseller", name="LinkBrandingValidation"
):
    """SendGrid's validation of a link branding's DNS records, waited for.

    It behaves as :class:`DomainAuthenticationValidation` (the same wait, drift and
    messages) for ``POST /v3/whitelabel/links/{id}/validate``.
    """

    link_id: pulumi.Output[int]
    subuser: pulumi.Output[str | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    records: pulumi.Output[DnsRecords | None]
    timeout_seconds: pulumi.Output[float]
    adopt: pulumi.Output[bool]
    valid: pulumi.Output[bool]
    """Whether SendGrid found every record (as of the create or the last refresh)."""
    validation_results: pulumi.Output[dict[str, dict[str, Any]]]
    """Per record (SendGrid's names): ``{valid, reason}``."""

    provider_type = LinkBrandingValidationProvider
    args_type = LinkBrandingValidationArgs

    @overload
    def __init__(
        self, resource_name: str, args: LinkBrandingValidationArgs, opts: Opts = None
    ) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[LinkBrandingValidationArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, LinkBrandingValidationArgs(...), opts)`` or with keywords."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        target = args["link_branding"]
        if not isinstance(target, LinkBranding):
            raise TypeError("link_branding: must be a LinkBranding")
        rest = {k: v for k, v in args.items() if k != "link_branding"}
        return {**rest, "link_id": target.link_id, **_validated_parts(target)}


def _validated_parts(target: DomainAuthentication | LinkBranding) -> Args:
    """The owner and the expected records (without their ``valid``, which changes)."""
    records = target.dns_records.apply(
        lambda dns: {
            name: {k: str(v) for k, v in record.items() if k in ("type", "host", "data")}
            for name, record in (dns or {}).items()
        }
    )
    # The owner as declared (an output absent from the state is unknown in a preview).
    return {**target._owner_args, "records": records}


class EventWebhookArgs(OwnerArgs, ConnectionArgs, total=False):
    """The arguments of an :class:`EventWebhook` (and its owner's, :class:`OwnerArgs`).

    Every argument but the owner changes in place: ``signed`` through
    ``PATCH .../settings/signed/{id}``, the others through ``PATCH .../settings/{id}``.

    Attributes:
        url: where SendGrid posts the events: an http(s) URL, one webhook per URL.
        enabled: whether SendGrid posts events (default true).
        friendly_name: a name for people; with the owner and the URL it recognises a
            webhook whose create was interrupted.
        bounce: post bounce events (every event flag defaults to false).
        click: post click events.
        deferred: post deferred events.
        delivered: post delivered events.
        dropped: post dropped events.
        group_resubscribe: post group resubscribe events.
        group_unsubscribe: post group unsubscribe events.
        open: post open events.
        processed: post processed events.
        spam_report: post spam report events.
        unsubscribe: post unsubscribe events.
        oauth_client_id: the OAuth client id SendGrid sends to ``oauth_token_url``.
        oauth_client_secret: the OAuth client secret (kept secret; SendGrid never shows it).
        oauth_token_url: the OAuth token URL. The three OAuth arguments go together.
        signed: sign the events (default false); the ``public_key`` output verifies them.
    """

    url: Required[pulumi.Input[str]]
    enabled: pulumi.Input[bool] | None
    friendly_name: pulumi.Input[str] | None
    bounce: pulumi.Input[bool] | None
    click: pulumi.Input[bool] | None
    deferred: pulumi.Input[bool] | None
    delivered: pulumi.Input[bool] | None
    dropped: pulumi.Input[bool] | None
    group_resubscribe: pulumi.Input[bool] | None
    group_unsubscribe: pulumi.Input[bool] | None
    open: pulumi.Input[bool] | None
    processed: pulumi.Input[bool] | None
    spam_report: pulumi.Input[bool] | None
    unsubscribe: pulumi.Input[bool] | None
    oauth_client_id: pulumi.Input[str] | None
    oauth_client_secret: pulumi.Input[str] | None
    oauth_token_url: pulumi.Input[str] | None
    signed: pulumi.Input[bool] | None


class EventWebhook(SendGridResource, module="sendgrid-reseller", name="EventWebhook"):
    """An event webhook of a subuser, an account or the parent; its id is SendGrid's."""

    url: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    friendly_name: pulumi.Output[str | None]
    bounce: pulumi.Output[bool]
    click: pulumi.Output[bool]
    deferred: pulumi.Output[bool]
    delivered: pulumi.Output[bool]
    dropped: pulumi.Output[bool]
    group_resubscribe: pulumi.Output[bool]
    group_unsubscribe: pulumi.Output[bool]
    open: pulumi.Output[bool]
    processed: pulumi.Output[bool]
    spam_report: pulumi.Output[bool]
    unsubscribe: pulumi.Output[bool]
    oauth_client_id: pulumi.Output[str | None]
    oauth_client_secret: pulumi.Output[str | None]
    oauth_token_url: pulumi.Output[str | None]
    signed: pulumi.Output[bool]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    adopt: pulumi.Output[bool]
    webhook_id: pulumi.Output[str]
    """SendGrid's id of the webhook."""
    public_key: pulumi.Output[str]
    """The key that verifies the signed events, as SendGrid returns it (``""``: unsigned)."""
    subuser_region: pulumi.Output[str | None]
    """The subuser's region, which decides the endpoint of the calls on its behalf."""

    provider_type = EventWebhookProvider
    args_type = EventWebhookArgs

    @overload
    def __init__(self, resource_name: str, args: EventWebhookArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[EventWebhookArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, EventWebhookArgs(...), opts)`` or ``(name, opts, field=...)``."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        return unpack_owner(args)


class InboundParseArgs(OwnerArgs, ConnectionArgs, total=False):
    """The arguments of an :class:`InboundParse` (and its owner's, :class:`OwnerArgs`).

    Attributes:
        hostname: the host whose mail SendGrid parses (``parse.example.com``); a change
            replaces the setting, as does another owner.
        url: where SendGrid posts the parsed mail (http(s)); in place (``PATCH``).
        spam_check: check the mail for spam first (default false); in place.
        send_raw: post the raw MIME message (default false); in place.
    """

    hostname: Required[pulumi.Input[str]]
    url: Required[pulumi.Input[str]]
    spam_check: pulumi.Input[bool] | None
    send_raw: pulumi.Input[bool] | None


class InboundParse(SendGridResource, module="sendgrid-reseller", name="InboundParse"):
    """An inbound parse setting; ``mx_record`` is the record to publish in the team's DNS."""

    hostname: pulumi.Output[str]
    url: pulumi.Output[str]
    spam_check: pulumi.Output[bool]
    send_raw: pulumi.Output[bool]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    adopt: pulumi.Output[bool]
    mx_record: pulumi.Output[dict[str, Any]]
    """``{"type": "MX", "host": <hostname>, "data": "mx.sendgrid.net", "priority": 10}``."""
    subuser_region: pulumi.Output[str | None]
    """The subuser's region, which decides the endpoint of the calls on its behalf."""

    provider_type = InboundParseProvider
    args_type = InboundParseArgs
    claims = ("parse hostname", "hostname")

    @overload
    def __init__(self, resource_name: str, args: InboundParseArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[InboundParseArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, InboundParseArgs(...), opts)`` or ``(name, opts, field=...)``."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        return unpack_owner(args)


class TeammateArgs(OwnerArgs, ConnectionArgs, total=False):
    """The arguments of a :class:`Teammate` (and its owner's, :class:`OwnerArgs`).

    Attributes:
        email: whom to invite; a change replaces the teammate, as does another owner.
        is_admin: an administrator (no ``scopes``); in place.
        scopes: the permissions, each a name SendGrid documents; order does not matter.
            In place: a pending invitation is withdrawn and sent again with them, an
            active teammate is changed (``PATCH /v3/teammates/{username}``).
        subuser_access: refused at preview: SendGrid documents no call that grants it.
    """

    email: Required[pulumi.Input[str]]
    is_admin: pulumi.Input[bool] | None
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None
    subuser_access: pulumi.Input[Sequence[Any]] | None


class Teammate(SendGridResource, module="sendgrid-reseller", name="Teammate"):
    """A teammate of a subuser, an account or the parent; its id is the email."""

    email: pulumi.Output[str]
    is_admin: pulumi.Output[bool]
    scopes: pulumi.Output[list[str] | None]
    subuser_access: pulumi.Output[list[Any] | None]
    subuser: pulumi.Output[str | None]
    subuser_id: pulumi.Output[int | None]
    subuser_ref: pulumi.Output[str | None]
    account: pulumi.Output[str | None]
    adopt: pulumi.Output[bool]
    status: pulumi.Output[str]
    """``pending`` until the invitee accepts, then ``active``."""
    username: pulumi.Output[str | None]
    """The teammate's username, once the invitation is accepted."""
    token: pulumi.Output[str | None]
    """The pending invitation's token (``None`` once accepted)."""
    subuser_region: pulumi.Output[str | None]
    """The subuser's region, which decides the endpoint of the calls on its behalf."""

    provider_type = TeammateProvider
    args_type = TeammateArgs

    @overload
    def __init__(self, resource_name: str, args: TeammateArgs, opts: Opts = None) -> None: ...
    @overload
    def __init__(
        self, resource_name: str, opts: Opts = None, **kwargs: Unpack[TeammateArgs]
    ) -> None: ...
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, TeammateArgs(...), opts)`` or ``(name, opts, field=...)``."""
        self._declare(resource_name, args, kwargs)

    def _prepare_args(self, args: Args) -> Args:
        return unpack_owner(args)
