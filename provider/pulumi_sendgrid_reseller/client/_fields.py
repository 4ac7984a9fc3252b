"""The field tables: one per SendGrid object, the single place its fields are declared.

A table is a pydantic model. Each field carries its type and its rule (``Annotated``
constraints) and a :class:`Call` marker that says how SendGrid treats it: which documented
call changes it in place (or ``None``: no call does, a change needs a new object), whether
SendGrid reports it back, whether the create call takes it. Everything else is derived:

- the client's request models (``CustomerCreate``, ``ProfileUpdate``, ``SubuserCreate``,
  ``MonitorSettings``) and their bodies (:func:`create_body`);
- the resources' input models, which inherit a table and add their own inputs, and from
  the markers their update / replace / drift behaviour;
- the field lists the code needs (:func:`fields_changed_by`, :func:`reported_fields`).

Classes that Python typing cannot derive (the resources' ``...Args`` dataclasses and
output annotations) are checked against these tables by one test.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

__all__ = [
    "ACCOUNT_EMAIL_CALL",
    "ACCOUNT_OFFERINGS_CALL",
    "ACCOUNT_PROFILE_CALL",
    "ACCOUNT_STATE_CALL",
    "DOMAIN_PATCH_CALL",
    "LINK_PATCH_CALL",
    "MAX_MONITOR_FREQUENCY",
    "MAX_OFFERING_QUANTITY",
    "OAUTH_FIELDS",
    "PARSE_CALL",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "PROFILE_CALL",
    "TEAMMATE_CALL",
    "WEBHOOK_CALL",
    "WEBHOOK_SIGNED_CALL",
    "AccountFields",
    "AccountOfferingFields",
    "AccountProfileFields",
    "AnyEmail",
    "ApiKeyFields",
    "Call",
    "CreditType",
    "CustomerFields",
    "CustomerProfileFields",
    "DkimSelector",
    "DomainAuthenticationFields",
    "DomainName",
    "E164Phone",
    "Email",
    "EventWebhookFields",
    "Hostname",
    "HttpUrl",
    "IanaTimezone",
    "InboundParseFields",
    "IpAddress",
    "LinkBrandingFields",
    "LongEmail",
    "MonitorFields",
    "NewUsername",
    "Password",
    "Required50",
    "Required100",
    "Required255",
    "ResetFrequency",
    "Scopes",
    "Str50",
    "Str100",
    "Str255",
    "Subdomain",
    "SubuserCreditsFields",
    "SubuserFields",
    "TeammateEmail",
    "TeammateFields",
    "Username",
    "WebsiteUrl",
    "call_of",
    "create_body",
    "create_fields",
    "event_flags",
    "fields_changed_by",
    "is_secret",
    "reported_fields",
]

# --------------------------------------------------------------------------------------
# Field rules
# --------------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BAD_USERNAME_CHARS = re.compile(r"[\s/?#%\\]")

PASSWORD_MIN = 6
"""Shortest password SendGrid's documented reseller API accepts."""
PASSWORD_MAX = 128
"""Longest password accepted."""
MAX_MONITOR_FREQUENCY = 1_000_000_000
"""Largest monitor frequency accepted (SendGrid documents none; this keeps it an int32)."""


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("must be a valid email address")
    return value


def _check_username(value: str) -> str:
    if _BAD_USERNAME_CHARS.search(value):
        raise ValueError("must not contain spaces, '/', '?', '#', '%' or '\\'")
    return value


def _check_new_username(value: str) -> str:
    if "sendgrid.com" in value.lower():
        raise ValueError("cannot contain sendgrid.com")
    return value


def password_length(shortest: int, longest: int) -> Callable[[SecretStr], SecretStr]:
    """A validator of a secret's length: ``shortest`` to ``longest`` characters."""

    def check(value: SecretStr) -> SecretStr:
        length = len(value.get_secret_value())
        if length < shortest:
            raise ValueError(f"must be at least {shortest} characters")
        if length > longest:
            raise ValueError(f"must be no more than {longest} characters")
        return value

    return check


_check_password = password_length(PASSWORD_MIN, PASSWORD_MAX)


def _check_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError("must be a valid IP address") from None


_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")


def _check_e164(value: str) -> str:
    if not _E164.match(value):
        raise ValueError(
            "must be an E.164 phone number: '+', the country code and the subscriber number, "
            "at most fifteen digits (e.g. +14155550100)"
        )
    return value


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone name such as Asia/Tokyo") from None
    return value


def _check_url(value: str) -> str:
    parsed = urllib.parse.urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in value:
        raise ValueError("must be an http(s) URL such as https://example.com")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Username = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_check_username)]
"""A SendGrid username: 1 to 64 characters, no spaces nor URL delimiters."""
NewUsername = Annotated[Username, AfterValidator(_check_new_username)]
"""A username being registered: also may not contain ``sendgrid.com``."""
Email = Annotated[str, Field(min_length=3, max_length=64), AfterValidator(_check_email)]
"""An email address of at most 64 characters (the ``reseller.add`` rule)."""
LongEmail = Annotated[str, Field(min_length=3, max_length=100), AfterValidator(_check_email)]
"""An email address of at most 100 characters (the ``setEmail`` rule)."""
AnyEmail = Annotated[str, Field(min_length=3, max_length=255), AfterValidator(_check_email)]
"""An email address of at most 255 characters (v3 subusers and monitors)."""
Password = Annotated[SecretStr, AfterValidator(_check_password)]
"""A password of 6 to 128 characters, kept secret."""
E164Phone = Annotated[str, AfterValidator(_check_e164)]
"""A phone number in E.164 form: ``+``, country code, subscriber number (<= 15 digits)."""
IanaTimezone = Annotated[str, Field(max_length=64), AfterValidator(_check_timezone)]
"""An Area/Location name of the IANA time zone database (``Asia/Tokyo``)."""
WebsiteUrl = Annotated[str, Field(max_length=255), AfterValidator(_check_url)]
"""An http(s) URL of at most 255 characters."""
IpAddress = Annotated[str, AfterValidator(_check_ip)]
"""An IPv4 or IPv6 address, normalised."""
Str50 = Annotated[str, Field(max_length=50)]
"""Text of at most 50 characters."""
Str100 = Annotated[str, Field(max_length=100)]
"""Text of at most 100 characters."""
Str255 = Annotated[str, Field(max_length=255)]
"""Text of at most 255 characters."""
Required50 = Annotated[Str50, AfterValidator(_not_blank)]
"""Required text of 1 to 50 characters (not only blanks)."""
Required100 = Annotated[Str100, AfterValidator(_not_blank)]
"""Required text of 1 to 100 characters (not only blanks)."""
Required255 = Annotated[Str255, AfterValidator(_not_blank)]
"""Required text of 1 to 255 characters (not only blanks)."""


# --------------------------------------------------------------------------------------
# The marker
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """How SendGrid treats one field. Attach it with ``Annotated[T, ..., Call(...)]``.

    Attributes:
        call: the documented call that changes the field in place (as the client names
            it); ``None`` when no call changes it, so that a change needs a new object.
        reported: SendGrid reports the value back (a read detects drift on it).
        create: the create call takes the field (otherwise a follow-up call sets it).
        unordered: a list whose order carries no meaning (compared as a set).
    """

    call: str | None
    reported: bool = False
    create: bool = True
    unordered: bool = False


def call_of(info: FieldInfo) -> Call | None:
    """The :class:`Call` marker of a field, if it has one."""
    return next((m for m in info.metadata if isinstance(m, Call)), None)


def is_secret(info: FieldInfo) -> bool:
    """Whether a field holds a secret (its type is ``SecretStr``, optional or not)."""
    annotation = info.annotation
    return annotation is SecretStr or SecretStr in getattr(annotation, "__args__", ())


def _calls(model: type[BaseModel]) -> Iterable[tuple[str, Call]]:
    for name, info in model.model_fields.items():
        marker = call_of(info)
        if marker is not None:
            yield name, marker


def fields_changed_by(model: type[BaseModel], call: str) -> tuple[str, ...]:
    """The fields of a table that one documented call changes, in table order."""
    return tuple(name for name, marker in _calls(model) if marker.call == call)


def create_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a table that its create call takes."""
    return tuple(name for name, marker in _calls(model) if marker.create)


def reported_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a table that SendGrid reports back."""
    return tuple(name for name, marker in _calls(model) if marker.reported)


def create_body(model: BaseModel) -> dict[str, Any]:
    """The fields a create call takes, with their values, unset (``None``) ones left out.

    Values keep their Python types (``SecretStr``, ``date``, lists): the caller encodes them
    for a form or a JSON body.
    """
    return {
        name: getattr(model, name)
        for name, marker in _calls(type(model))
        if marker.create and getattr(model, name) is not None
    }


# --------------------------------------------------------------------------------------
# The tables
# --------------------------------------------------------------------------------------


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


PROFILE_CALL = "reseller.manage method=profile task=set"
"""The call that changes a customer's profile fields."""


class CustomerProfileFields(_Table):
    """A v2 customer's profile: ``reseller.add`` requires it, ``task=set`` changes it.

    ``company`` is taken and changed by the same calls, but the profile ``get`` does not
    report it.
    """

    first_name: Annotated[Required50, Call(PROFILE_CALL, reported=True)]
    last_name: Annotated[Required50, Call(PROFILE_CALL, reported=True)]
    address: Annotated[Required100, Call(PROFILE_CALL, reported=True)]
    city: Annotated[Required100, Call(PROFILE_CALL, reported=True)]
    state: Annotated[Required100, Call(PROFILE_CALL, reported=True)]
    zip: Annotated[Required50, Call(PROFILE_CALL, reported=True)]
    country: Annotated[Required100, Call(PROFILE_CALL, reported=True)]
    phone: Annotated[Required50, Call(PROFILE_CALL, reported=True)]
    website: Annotated[Required255, Call(PROFILE_CALL, reported=True)]
    company: Annotated[Str255 | None, Call(PROFILE_CALL)] = None


class CustomerFields(CustomerProfileFields):
    """A v2 reseller customer (``reseller.add`` / ``reseller.manage``).

    ``package``, ``whitelabel``, ``free_user`` and ``billing_date`` are taken by
    ``reseller.add`` only: no call changes them. ``company``, ``package`` and ``whitelabel``
    are documented as required but absent from the documented examples: optional here.
    """

    username: Annotated[NewUsername, Call("reseller.manage task=setUsername", reported=True)]
    password: Annotated[Password, Call("reseller.manage method=password")]
    email: Annotated[Email, Call("reseller.manage task=setEmail", reported=True)]
    package: Annotated[Str255 | None, Call(None)] = None
    whitelabel: Annotated[Str255 | None, Call(None)] = None
    free_user: Annotated[bool | None, Call(None)] = None
    billing_date: Annotated[datetime.date | None, Call(None)] = None
    enabled: Annotated[
        bool, Call("reseller.manage method=enable|disable", reported=True, create=False)
    ] = True
    website_access: Annotated[
        bool, Call("reseller.manage method=website_enable|website_disable", create=False)
    ] = True


USERNAME_CALL = "PUT /v3/user/username"
"""Renames a subuser in place (on its behalf); it keeps its user id."""
EMAIL_CALL = "PUT /v3/user/email"
"""Changes a subuser's email in place (on its behalf)."""
PASSWORD_CALL = "PUT /v3/user/password"
"""Changes a subuser's password in place (on its behalf; needs the old password)."""


class SubuserFields(_Table):
    """A v3 subuser (``POST /v3/subusers``): at least one IP, no duplicates.

    ``username``, ``email`` and ``password`` change in place through the ``/v3/user/*``
    calls made on behalf of the subuser; only ``region`` needs a new subuser.
    ``website_access`` is not reported by the list call.
    """

    username: Annotated[Username, Call(USERNAME_CALL, reported=True)]
    email: Annotated[AnyEmail, Call(EMAIL_CALL, reported=True)]
    password: Annotated[Password, Call(PASSWORD_CALL)]
    ips: Annotated[
        list[IpAddress],
        Field(min_length=1),
        Call("PUT /v3/subusers/{name}/ips", reported=True, unordered=True),
    ]
    region: Annotated[Literal["global", "eu"] | None, Call(None, reported=True)] = None
    disabled: Annotated[bool, Call("PATCH /v3/subusers/{name}", reported=True, create=False)] = (
        False
    )
    website_access: Annotated[
        bool, Call("PATCH /v3/subusers/{name}/website_access", create=False)
    ] = True

    @model_validator(mode="after")
    def _distinct_ips(self) -> SubuserFields:
        if len(set(self.ips)) != len(self.ips):
            raise ValueError("ips: must not contain duplicates")
        return self


_MONITOR = "PUT /v3/subusers/{name}/monitor"


class MonitorFields(_Table):
    """A subuser's monitor settings: a copy of every ``frequency``-th email to ``email``."""

    email: Annotated[AnyEmail, Call(_MONITOR, reported=True)]
    frequency: Annotated[
        int, Field(gt=0, le=MAX_MONITOR_FREQUENCY, strict=False), Call(_MONITOR, reported=True)
    ]


# --------------------------------------------------------------------------------------
# Account Provisioning (/v3/partners)
# --------------------------------------------------------------------------------------

ACCOUNT_STATE_CALL = "PUT /v3/partners/accounts/{id}/state"
"""The call that activates or deactivates an account."""
ACCOUNT_OFFERINGS_CALL = "PUT /v3/partners/accounts/{id}/offerings"
"""The call that replaces an account's offerings."""
ACCOUNT_PROFILE_CALL = "PATCH /v3/user/profile"
"""The call (on behalf of the account) that changes its names, company, website, phone."""
ACCOUNT_EMAIL_CALL = "PUT /v3/user/email"
"""The call (on behalf of the account) that changes its email address."""
MAX_OFFERING_QUANTITY = 1000
"""Largest quantity of an add-on accepted (SendGrid documents none)."""


class AccountOfferingFields(_Table):
    """One offering of an account: a package (quantity 1) or an add-on."""

    name: Annotated[Required100, Call(ACCOUNT_OFFERINGS_CALL, reported=True)]
    type: Annotated[Literal["package", "addon"], Call(ACCOUNT_OFFERINGS_CALL, reported=True)]
    quantity: Annotated[
        int,
        Field(ge=1, le=MAX_OFFERING_QUANTITY, strict=False),
        Call(ACCOUNT_OFFERINGS_CALL, reported=True),
    ] = 1

    @model_validator(mode="after")
    def _package_once(self) -> AccountOfferingFields:
        if self.type == "package" and self.quantity != 1:
            raise ValueError("quantity: must be 1 for a package")
        return self


class AccountProfileFields(_Table):
    """The account holder's profile, given on create.

    On behalf of the account, ``PATCH /v3/user/profile`` changes the names, company
    (``company``), website (``website``) and phone, and ``PUT /v3/user/email`` the email;
    no call changes the time zone: a change replaces the account.
    """

    first_name: Annotated[Required50 | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = None
    last_name: Annotated[Required50 | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = None
    company_name: Annotated[Required100 | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = None
    company_website: Annotated[WebsiteUrl | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = None
    email: Annotated[AnyEmail | None, Call(ACCOUNT_EMAIL_CALL, reported=True)] = None
    phone: Annotated[E164Phone | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = None
    timezone: Annotated[IanaTimezone | None, Call(None)] = None


class AccountFields(_Table):
    """A provisioned account (``POST /v3/partners/accounts``).

    Exactly one package among the offerings, no offering twice; ``state`` is set after the
    create (which activates); ``test_account`` is the create's ``T-Test-Account`` header.
    """

    offerings: Annotated[
        list[AccountOfferingFields],
        Field(min_length=1),
        Call(ACCOUNT_OFFERINGS_CALL, reported=True),
    ]
    profile: Annotated[AccountProfileFields | None, Call(ACCOUNT_PROFILE_CALL, reported=True)] = (
        None
    )
    state: Annotated[
        Literal["activated", "deactivated"], Call(ACCOUNT_STATE_CALL, reported=True, create=False)
    ] = "activated"
    test_account: Annotated[bool, Call(None, create=False)] = False

    @field_validator("offerings")
    @classmethod
    def _one_package(cls, offerings: list[AccountOfferingFields]) -> list[AccountOfferingFields]:
        packages = [o.name for o in offerings if o.type == "package"]
        if len(packages) != 1:
            raise ValueError(f"must hold exactly one package (found {len(packages)})")
        names = [o.name for o in offerings]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"must not name an offering twice ({', '.join(repeated)})")
        # One canonical order (the package, then add-ons by name): order carries no meaning.
        return sorted(offerings, key=lambda o: (o.type != "package", o.name))


CREDITS_MAX = 2**31 - 1
"""Largest credit total accepted (SendGrid documents none; this keeps it an int32)."""
_CREDITS = "PUT /v3/subusers/{name}/credits"

CreditType = Literal["unlimited", "recurring", "nonrecurring"]
"""How a subuser's credits reset: never limited, every ``reset_frequency``, or once."""
ResetFrequency = Literal["monthly", "weekly", "daily"]
"""How often ``recurring`` credits are reset to ``total``."""


class SubuserCreditsFields(_Table):
    """A subuser's credit allocation (``PUT /v3/subusers/{name}/credits``).

    ``unlimited`` takes neither ``total`` nor ``reset_frequency``; ``recurring`` needs both;
    ``nonrecurring`` needs ``total`` only. ``GET .../credits`` reports ``total`` and
    ``reset_frequency`` for ``recurring`` only (a ``nonrecurring`` total shows as what
    remains of it).
    """

    type: Annotated[CreditType, Call(_CREDITS, reported=True)]
    total: Annotated[
        int | None, Field(ge=1, le=CREDITS_MAX, strict=False), Call(_CREDITS, reported=True)
    ] = None
    reset_frequency: Annotated[ResetFrequency | None, Call(_CREDITS, reported=True)] = None

    @model_validator(mode="after")
    def _rules_of_the_type(self) -> SubuserCreditsFields:
        problems: list[str] = []
        if self.type == "unlimited" and self.total is not None:
            problems.append("total: must not be given when type is 'unlimited'")
        if self.type != "unlimited" and self.total is None:
            problems.append(f"total: is required when type is {self.type!r}")
        if self.type == "recurring" and self.reset_frequency is None:
            problems.append(
                "reset_frequency: is required when type is 'recurring' (monthly, weekly, daily)"
            )
        if self.type != "recurring" and self.reset_frequency is not None:
            problems.append(f"reset_frequency: must not be given when type is {self.type!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


API_KEY_NAME_MAX = 100
"""Longest API key name accepted (SendGrid documents none)."""
_API_KEY = "PUT /v3/api_keys/{id}"


def _check_scopes(value: list[str]) -> list[str]:
    from ._scopes import unknown_scopes

    unknown = unknown_scopes(value)
    if unknown:
        names = ", ".join(repr(s) for s in unknown)
        raise ValueError(f"unknown scope(s) {names}: not a permission SendGrid documents")
    if len(set(value)) != len(value):
        raise ValueError("must not contain duplicates")
    return sorted(value)


Scopes = Annotated[list[str], AfterValidator(_check_scopes)]
"""A set of API key permissions, each a name SendGrid documents; kept sorted."""


class ApiKeyFields(_Table):
    """An API key (``POST /v3/api_keys``): a name and, optionally, its permissions.

    Without ``scopes`` SendGrid grants every permission ("Full Access"). ``PUT`` changes
    both in place; the key itself is shown in the create's answer only.
    """

    name: Annotated[
        str,
        Field(min_length=1, max_length=API_KEY_NAME_MAX),
        AfterValidator(_not_blank),
        Call(_API_KEY, reported=True),
    ]
    scopes: Annotated[Scopes | None, Call(_API_KEY, reported=True, unordered=True)] = None


# --------------------------------------------------------------------------------------
# Sender authentication (/v3/whitelabel)
# --------------------------------------------------------------------------------------

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
_SUBDOMAIN = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_SELECTOR = re.compile(r"^[a-z0-9]{3}$")


def _check_domain(value: str) -> str:
    lowered = value.strip().lower().rstrip(".")
    if len(lowered) > 253 or not _DOMAIN.match(lowered):
        raise ValueError(
            "must be a domain name such as example.com: labels of letters, digits and '-' "
            "separated by dots, ending in a top-level domain"
        )
    return lowered


def _check_subdomain(value: str) -> str:
    lowered = value.strip().lower()
    if len(lowered) > 63 or not _SUBDOMAIN.match(lowered):
        raise ValueError("must be a host label such as 'em' or 'links' (letters, digits, '-')")
    return lowered


def _check_selector(value: str) -> str:
    lowered = value.lower()
    if not _SELECTOR.match(lowered):
        raise ValueError("must be exactly three letters or digits (e.g. 'sg1')")
    return lowered


DomainName = Annotated[str, AfterValidator(_check_domain)]
"""A domain name such as ``example.com`` (kept in lower case, without a trailing dot)."""
Subdomain = Annotated[str, AfterValidator(_check_subdomain)]
"""The host part put before a domain (``em``, ``links``), in lower case."""
DkimSelector = Annotated[str, AfterValidator(_check_selector)]
"""A custom DKIM selector: three letters or digits."""

DOMAIN_PATCH_CALL = "PATCH /v3/whitelabel/domains/{id}"
"""The call that changes a domain authentication's ``default`` and ``custom_spf``."""
LINK_PATCH_CALL = "PATCH /v3/whitelabel/links/{id}"
"""The call that changes a link branding's ``default``."""


class DomainAuthenticationFields(_Table):
    """An authenticated domain (``POST /v3/whitelabel/domains``).

    ``default`` and ``custom_spf`` change in place (``PATCH``); no call changes the rest.
    ``custom_spf`` is for manual security only (``automatic_security`` false). Without a
    ``subdomain`` SendGrid picks one (it is then reported, not declared).
    """

    domain: Annotated[DomainName, Call(None, reported=True)]
    subdomain: Annotated[Subdomain | None, Call(None, reported=True)] = None
    automatic_security: Annotated[bool, Call(None, reported=True)] = True
    custom_spf: Annotated[bool, Call(DOMAIN_PATCH_CALL, reported=True)] = False
    default: Annotated[bool, Call(DOMAIN_PATCH_CALL, reported=True)] = False
    custom_dkim_selector: Annotated[DkimSelector | None, Call(None)] = None
    ips: Annotated[list[IpAddress] | None, Call(None, reported=True, unordered=True)] = None
    region: Annotated[Literal["global", "eu"] | None, Call(None)] = None

    @model_validator(mode="after")
    def _manual_spf(self) -> DomainAuthenticationFields:
        if self.custom_spf and self.automatic_security:
            raise ValueError(
                "custom_spf: must not be true with automatic_security (SendGrid manages the "
                "SPF record then); set automatic_security=False for a custom SPF record"
            )
        if self.ips is not None and len(set(self.ips)) != len(self.ips):
            raise ValueError("ips: must not contain duplicates")
        return self


class LinkBrandingFields(_Table):
    """A branded link (``POST /v3/whitelabel/links``).

    ``default`` changes in place (``PATCH``); a new domain, subdomain or region needs a new
    link branding.
    """

    domain: Annotated[DomainName, Call(None, reported=True)]
    subdomain: Annotated[Subdomain | None, Call(None, reported=True)] = None
    default: Annotated[bool, Call(LINK_PATCH_CALL, reported=True)] = False
    region: Annotated[Literal["us", "eu"] | None, Call(None)] = None


# Event webhooks, inbound parse, teammates (/v3/user/webhooks, /v3/teammates)
# --------------------------------------------------------------------------------------

_HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _check_hostname(value: str) -> str:
    name = value.strip().rstrip(".").lower()
    labels = name.split(".")
    if (
        len(name) > 253
        or len(labels) < 2
        or not all(_HOSTNAME_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValueError(
            "must be a hostname: dot-separated labels of letters, digits and hyphens "
            "(1 to 63 characters each, no leading or trailing hyphen), such as "
            "parse.example.com"
        )
    return name


Hostname = Annotated[str, AfterValidator(_check_hostname)]
"""A DNS hostname of at least two labels, normalised to lower case without a final dot."""
HttpUrl = Annotated[str, Field(max_length=2048), AfterValidator(_check_url)]
"""An http(s) URL (SendGrid posts to https; http is accepted, as for a local receiver)."""

WEBHOOK_CALL = "PATCH /v3/user/webhooks/event/settings/{id}"
"""The call that changes an event webhook's URL, events, name, state and OAuth settings."""
WEBHOOK_SIGNED_CALL = "PATCH /v3/user/webhooks/event/settings/signed/{id}"
"""The call that turns an event webhook's signature verification on or off."""

_Flag = Annotated[bool, Call(WEBHOOK_CALL, reported=True)]

OAUTH_FIELDS = ("oauth_client_id", "oauth_client_secret", "oauth_token_url")
"""An event webhook's OAuth settings: all three given, or none."""


class EventWebhookFields(_Table):
    """An event webhook (``POST /v3/user/webhooks/event/settings``).

    Every field but ``signed`` changes in place through ``PATCH .../settings/{id}``;
    ``signed`` through ``PATCH .../settings/signed/{id}`` (not taken by the create). The
    event flags are those the create and update calls document, each ``false`` unless
    given. SendGrid never reports ``oauth_client_secret``.
    """

    url: Annotated[HttpUrl, Call(WEBHOOK_CALL, reported=True)]
    enabled: Annotated[bool, Call(WEBHOOK_CALL, reported=True)] = True
    friendly_name: Annotated[Str255 | None, Call(WEBHOOK_CALL, reported=True)] = None
    bounce: _Flag = False
    click: _Flag = False
    deferred: _Flag = False
    delivered: _Flag = False
    dropped: _Flag = False
    group_resubscribe: _Flag = False
    group_unsubscribe: _Flag = False
    open: _Flag = False
    processed: _Flag = False
    spam_report: _Flag = False
    unsubscribe: _Flag = False
    oauth_client_id: Annotated[Required255 | None, Call(WEBHOOK_CALL, reported=True)] = None
    oauth_client_secret: Annotated[SecretStr | None, Call(WEBHOOK_CALL)] = None
    oauth_token_url: Annotated[HttpUrl | None, Call(WEBHOOK_CALL, reported=True)] = None
    signed: Annotated[bool, Call(WEBHOOK_SIGNED_CALL, reported=True, create=False)] = False

    @model_validator(mode="after")
    def _oauth_together(self) -> EventWebhookFields:
        given = [name for name in OAUTH_FIELDS if getattr(self, name) is not None]
        if given and len(given) != len(OAUTH_FIELDS):
            missing = [name for name in OAUTH_FIELDS if name not in given]
            # Named by a field that is not secret where one is missing (a secret field's
            # failure is shown without its name).
            named = next((n for n in missing if n != "oauth_client_secret"), missing[0])
            raise ValueError(
                f"{named}: OAuth needs oauth_client_id, oauth_client_secret and "
                f"oauth_token_url together (given: {', '.join(given)}; missing: "
                f"{', '.join(missing)})"
            )
        return self


def event_flags() -> tuple[str, ...]:
    """The event flags of an event webhook, as the field table lists them."""
    return tuple(
        name
        for name, info in EventWebhookFields.model_fields.items()
        if info.annotation is bool and name not in ("enabled", "signed")
    )


PARSE_CALL = "PATCH /v3/user/webhooks/parse/settings/{hostname}"
"""The call that changes an inbound parse setting's URL, spam check and raw flag."""


class InboundParseFields(_Table):
    """An inbound parse setting (``POST /v3/user/webhooks/parse/settings``).

    The hostname names it: no call changes it (a new hostname is a new setting).
    """

    hostname: Annotated[Hostname, Call(None, reported=True)]
    url: Annotated[HttpUrl, Call(PARSE_CALL, reported=True)]
    spam_check: Annotated[bool, Call(PARSE_CALL, reported=True)] = False
    send_raw: Annotated[bool, Call(PARSE_CALL, reported=True)] = False


TEAMMATE_CALL = "PATCH /v3/teammates/{username}"
"""The call that changes an active teammate's permissions (a pending one is invited again)."""

TeammateEmail = Annotated[str, Field(min_length=5, max_length=255), AfterValidator(_check_email)]
"""A teammate's email address (5 to 255 characters, the invite's rule)."""


class TeammateFields(_Table):
    """A teammate (``POST /v3/teammates``): an admin, or a teammate with ``scopes``.

    ``scopes`` are permissions SendGrid documents (order carries no meaning); an admin
    takes none. No call changes the email (a new email is a new teammate).
    """

    email: Annotated[TeammateEmail, Call(None, reported=True)]
    is_admin: Annotated[bool, Call(TEAMMATE_CALL, reported=True)] = False
    scopes: Annotated[Scopes | None, Call(TEAMMATE_CALL, reported=True, unordered=True)] = None

    @model_validator(mode="after")
    def _admin_or_scopes(self) -> TeammateFields:
        if self.is_admin and self.scopes:
            raise ValueError(
                "scopes: must not be given when is_admin is true (an admin has every permission)"
            )
        return self
