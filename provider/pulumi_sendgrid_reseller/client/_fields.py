"""The field tables: one per SendGrid object, the single place its fields are declared.

A table is a pydantic model. Each field carries its type and its rule (``Annotated``
constraints) and a :class:`Prop` marker that says how SendGrid treats it: which documented
call changes it in place (or ``None``: no call does, a change needs a new object), whether
SendGrid reports it back, whether the create call takes it. Everything else is derived:

- the client's request models (``CustomerCreate``, ``ProfileUpdate``, ``SubuserCreate``,
  ``MonitorSettings``) and their bodies (:func:`create_body`);
- the resources' input models, which inherit a table and add their own inputs, and from
  the markers their update / replace / drift behaviour;
- the field lists the code needs (:func:`fields_changed_by`, :func:`reported_fields`).

Where Python typing cannot derive a class (each resource's ``XArgs`` and ``X`` with its
outputs), it is generated from the schema with its reference page
(``python -m pulumi_sendgrid_reseller._codegen``).
"""

from __future__ import annotations

import datetime
import ipaddress
import re
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

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
    "DEFAULT_PROP",
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
    "Prop",
    "Region",
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
    "canonical_offerings",
    "create_body",
    "create_fields",
    "event_flags",
    "fields_changed_by",
    "is_secret",
    "prop_of",
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
    """The rule: an email address."""
    if not _EMAIL.match(value):
        raise ValueError("must be a valid email address")
    return value


def _check_username(value: str) -> str:
    """The rule: no spaces, ``/``, ``?``, ``#``, ``%`` or a backslash."""
    if _BAD_USERNAME_CHARS.search(value):
        raise ValueError("must not contain spaces, '/', '?', '#', '%' or '\\'")
    return value


def _check_new_username(value: str) -> str:
    """The rule: no ``sendgrid.com``."""
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

    check.__doc__ = f"The rule: {shortest} to {longest} characters."
    return check


_check_password = password_length(PASSWORD_MIN, PASSWORD_MAX)


def _check_ip(value: str) -> str:
    """The rule: an IPv4 or IPv6 address."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError("must be a valid IP address") from None


_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")


def _check_e164(value: str) -> str:
    """The rule: an E.164 phone number (``+14155550100``)."""
    if not _E164.match(value):
        raise ValueError(
            "must be an E.164 phone number: '+', the country code and the subscriber number, "
            "at most fifteen digits (e.g. +14155550100)"
        )
    return value


def _check_timezone(value: str) -> str:
    """The rule: an IANA time zone name (``Asia/Tokyo``)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone name such as Asia/Tokyo") from None
    return value


def _check_url(value: str) -> str:
    """The rule: an http(s) URL."""
    parsed = urllib.parse.urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in value:
        raise ValueError("must be an http(s) URL such as https://example.com")
    return value


def _not_blank(value: str) -> str:
    """The rule: not blank."""
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
class Prop:
    """How one field behaves: the one marker of the schema, on tables and resource inputs.

    Attach it with ``Annotated[T, ..., Prop(...)]``; the field's documentation is its
    ``Field(description=...)``, and a ``SecretStr`` type makes it a secret.

    Attributes:
        call: the documented call that changes the field in place (as the client names
            it); ``None`` when no call changes it, so that a change needs a new object
            (unless the field is ``local`` or ``owner``).
        reported: SendGrid reports the value back (a read detects drift on it).
        create: the create call takes the field (otherwise a follow-up call sets it).
        unordered: a list whose order carries no meaning (compared as a set).
        local: changes only the provider's own behaviour (credentials, adoption): an
            update records it and makes no call.
        owner: names the account the object belongs to: a rename of that account is no
            change, a move to another account replaces the object.
        removable: ``False`` when no call takes the value back to unset: removing it
            replaces the object.
        output: kept as a declared output of the resource (``False`` for credentials).
        follows: for a computed output, the inputs whose in-place change changes it
            (empty: an update keeps it).
    """

    call: str | None = None
    reported: bool = False
    create: bool = True
    unordered: bool = False
    local: bool = False
    owner: bool = False
    removable: bool = True
    output: bool = True
    follows: tuple[str, ...] = ()

    @property
    def replaces(self) -> bool:
        """Whether a change of the value needs a new object."""
        return self.call is None and not self.local and not self.owner


DEFAULT_PROP = Prop()
"""The marker of a field that carries none: no call changes it."""


def prop_of(info: FieldInfo) -> Prop | None:
    """The :class:`Prop` marker of a field, if it has one."""
    return next((m for m in info.metadata if isinstance(m, Prop)), None)


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def is_secret(info: FieldInfo) -> bool:
    """Whether a field holds a secret (its type is ``SecretStr``, optional or not)."""
    annotation = _strip(info.annotation)
    if annotation is SecretStr:
        return True
    return any(_strip(arg) is SecretStr for arg in get_args(annotation))


def _calls(model: type[BaseModel]) -> Iterable[tuple[str, Prop]]:
    for name, info in model.model_fields.items():
        marker = prop_of(info)
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


def create_body(model: BaseModel, request: type[BaseModel] | None = None) -> dict[str, Any]:
    """The fields a create call takes, with their values, unset (``None``) ones left out.

    The fields are those of ``request`` (a request model: a resource's inputs hold more
    than its table), by default of the model's own class. Values keep their Python types
    (``SecretStr``, ``date``, lists): the caller encodes them for a form or a JSON body.
    """
    return {
        name: getattr(model, name)
        for name, marker in _calls(request or type(model))
        if marker.create and getattr(model, name, None) is not None
    }


# --------------------------------------------------------------------------------------
# The tables
# --------------------------------------------------------------------------------------


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


PROFILE_CALL = "reseller.manage method=profile task=set"
"""The call that changes a customer's profile fields."""


def _doc(text: str) -> Any:
    """A field's documentation (its ``description``), written once for code and docs."""
    return Field(description=text)


class CustomerProfileFields(_Table):
    """A v2 customer's profile: ``reseller.add`` requires it, ``task=set`` changes it.

    ``company`` is taken and changed by the same calls, but the profile ``get`` does not
    report it.
    """

    first_name: Annotated[
        Required50, Prop(PROFILE_CALL, reported=True), _doc("The account holder's first name.")
    ]
    last_name: Annotated[
        Required50, Prop(PROFILE_CALL, reported=True), _doc("The account holder's last name.")
    ]
    address: Annotated[Required100, Prop(PROFILE_CALL, reported=True), _doc("The street address.")]
    city: Annotated[Required100, Prop(PROFILE_CALL, reported=True), _doc("The city.")]
    state: Annotated[Required100, Prop(PROFILE_CALL, reported=True), _doc("The state or province.")]
    zip: Annotated[Required50, Prop(PROFILE_CALL, reported=True), _doc("The postal code.")]
    country: Annotated[Required100, Prop(PROFILE_CALL, reported=True), _doc("The country.")]
    phone: Annotated[Required50, Prop(PROFILE_CALL, reported=True), _doc("The phone number.")]
    website: Annotated[
        Required255, Prop(PROFILE_CALL, reported=True), _doc("The customer's website.")
    ]
    company: Annotated[
        Str255 | None,
        Prop(PROFILE_CALL),
        _doc("The company name (SendGrid does not report it back: no drift detection)."),
    ] = None


class CustomerFields(CustomerProfileFields):
    """A v2 reseller customer (``reseller.add`` / ``reseller.manage``).

    ``package``, ``whitelabel``, ``free_user`` and ``billing_date`` are taken by
    ``reseller.add`` only: no call changes them. ``company``, ``package`` and ``whitelabel``
    are documented as required but absent from the documented examples: optional here.
    """

    username: Annotated[
        NewUsername,
        Prop("reseller.manage task=setUsername", reported=True),
        _doc("The customer's username; SendGrid keeps it reserved after a delete."),
    ]
    password: Annotated[
        Password, Prop("reseller.manage method=password"), _doc("The customer's password.")
    ]
    email: Annotated[
        Email,
        Prop("reseller.manage task=setEmail", reported=True),
        _doc("The customer's email address."),
    ]
    package: Annotated[Str255 | None, Prop(), _doc("The billing package's name.")] = None
    whitelabel: Annotated[Str255 | None, Prop(), _doc("The whitelabel to apply.")] = None
    free_user: Annotated[bool | None, Prop(), _doc("Whether the customer is a free user.")] = None
    billing_date: Annotated[
        datetime.date | None, Prop(), _doc("The first billing date (YYYY-MM-DD).")
    ] = None
    enabled: Annotated[
        bool,
        Prop("reseller.manage method=enable|disable", reported=True, create=False),
        _doc("Whether the customer may send email."),
    ] = True
    website_access: Annotated[
        bool,
        Prop("reseller.manage method=website_enable|website_disable", create=False),
        _doc("Whether the customer may log in to SendGrid's website."),
    ] = True


Region = Literal["global", "eu"]
"""Where a subuser's data lives."""

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

    username: Annotated[
        Username,
        Prop(USERNAME_CALL, reported=True),
        _doc("The subuser's username; a rename keeps the subuser (and its user id)."),
    ]
    email: Annotated[
        AnyEmail, Prop(EMAIL_CALL, reported=True), _doc("The subuser's email address.")
    ]
    password: Annotated[
        Password,
        Prop(PASSWORD_CALL),
        _doc("The subuser's password (changed with the old one, from the state)."),
    ]
    ips: Annotated[
        list[IpAddress],
        Field(min_length=1),
        Prop("PUT /v3/subusers/{name}/ips", reported=True, unordered=True),
        _doc("The IPs the subuser sends from, each an IP of the parent account."),
    ]
    region: Annotated[
        Region | None,
        Prop(reported=True),
        _doc("Where the subuser's data lives; a replacement keeping the username deletes first."),
    ] = None
    disabled: Annotated[
        bool,
        Prop("PATCH /v3/subusers/{name}", reported=True, create=False),
        _doc("Whether the subuser is disabled (may not send)."),
    ] = False
    website_access: Annotated[
        bool,
        Prop("PATCH /v3/subusers/{name}/website_access", create=False),
        _doc("Whether the subuser may log in to SendGrid's website."),
    ] = True

    @model_validator(mode="after")
    def _distinct_ips(self) -> SubuserFields:
        if len(set(self.ips)) != len(self.ips):
            raise ValueError("ips: must not contain duplicates")
        return self


_MONITOR = "PUT /v3/subusers/{name}/monitor"


class MonitorFields(_Table):
    """A subuser's monitor settings: a copy of every ``frequency``-th email to ``email``."""

    email: Annotated[
        AnyEmail,
        Prop(_MONITOR, reported=True),
        _doc("Where SendGrid sends the sample messages."),
    ]
    frequency: Annotated[
        int,
        Field(gt=0, le=MAX_MONITOR_FREQUENCY, strict=False),
        Prop(_MONITOR, reported=True),
        _doc("Send a sample every ``frequency`` messages."),
    ]


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

    name: Annotated[
        Required100,
        Prop(ACCOUNT_OFFERINGS_CALL, reported=True),
        _doc("The catalog name (see ``get_offerings``), e.g. ``org.ei.free.v1``."),
    ]
    type: Annotated[
        Literal["package", "addon"],
        Prop(ACCOUNT_OFFERINGS_CALL, reported=True),
        _doc("``package`` (exactly one per account) or ``addon``."),
    ]
    quantity: Annotated[
        int,
        Field(ge=1, le=MAX_OFFERING_QUANTITY, strict=False),
        Prop(ACCOUNT_OFFERINGS_CALL, reported=True),
        _doc("How many (1 for a package)."),
    ] = 1

    @model_validator(mode="after")
    def _package_once(self) -> AccountOfferingFields:
        if self.type == "package" and self.quantity != 1:
            raise ValueError("quantity: must be 1 for a package")
        return self


class AccountProfileFields(_Table):
    """The account holder's profile, given on create.

    On behalf of the account, ``PATCH /v3/user/profile`` changes the names, company
    (``company``), website (``website``) and phone, and clears one removed from the
    declaration (an empty value); ``PUT /v3/user/email`` changes the email. No call
    removes the email, nor changes or removes the time zone: that replaces the account.
    """

    first_name: Annotated[
        Required50 | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The account holder's first name."),
    ] = None
    last_name: Annotated[
        Required50 | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The account holder's last name."),
    ] = None
    company_name: Annotated[
        Required100 | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The company's name."),
    ] = None
    company_website: Annotated[
        WebsiteUrl | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The company's website."),
    ] = None
    email: Annotated[
        AnyEmail | None,
        Prop(ACCOUNT_EMAIL_CALL, reported=True, removable=False),
        _doc(
            "The account holder's email address (it also marks the provider's own account); "
            "no call removes it: removing it replaces the account."
        ),
    ] = None
    phone: Annotated[
        E164Phone | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The account holder's phone number."),
    ] = None
    timezone: Annotated[IanaTimezone | None, Prop(), _doc("The account's time zone.")] = None


class AccountFields(_Table):
    """A provisioned account (``POST /v3/partners/accounts``).

    Exactly one package among the offerings, no offering twice; ``state`` is set after the
    create (which activates); ``test_account`` is the create's ``T-Test-Account`` header.
    """

    offerings: Annotated[
        list[AccountOfferingFields],
        Field(min_length=1),
        Prop(ACCOUNT_OFFERINGS_CALL, reported=True),
        _doc("Exactly one package and any add-ons; order carries no meaning."),
    ]
    profile: Annotated[
        AccountProfileFields | None,
        Prop(ACCOUNT_PROFILE_CALL, reported=True),
        _doc("The account holder's profile (see its fields for what changes in place)."),
    ] = None
    state: Annotated[
        Literal["activated", "deactivated"],
        Prop(ACCOUNT_STATE_CALL, reported=True, create=False),
        _doc("``activated`` or ``deactivated``."),
    ] = "activated"
    test_account: Annotated[
        bool, Prop(create=False), _doc("Create a test account (``T-Test-Account`` header).")
    ] = False

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
        return offerings  # kept in the declared order, so that a failure names its index


OfferingT = TypeVar("OfferingT", bound=AccountOfferingFields)


def canonical_offerings(offerings: Iterable[OfferingT]) -> list[OfferingT]:
    """Offerings in one canonical order (the package, then add-ons by name).

    Their order carries no meaning: state, requests and reads all use this one.
    """
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

    type: Annotated[
        CreditType,
        Prop(_CREDITS, reported=True),
        _doc(
            "``unlimited``, ``recurring`` (reset to ``total`` every ``reset_frequency``) or "
            "``nonrecurring`` (set to ``total`` once)."
        ),
    ]
    total: Annotated[
        int | None,
        Field(ge=1, le=CREDITS_MAX, strict=False),
        Prop(_CREDITS, reported=True),
        _doc(
            "The credits: required for ``recurring`` and ``nonrecurring``, not for ``unlimited``."
        ),
    ] = None
    reset_frequency: Annotated[
        ResetFrequency | None,
        Prop(_CREDITS, reported=True),
        _doc("How often ``recurring`` credits reset (required for ``recurring`` only)."),
    ] = None

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
    """The rule: permissions SendGrid documents, no duplicates."""
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
        Prop(_API_KEY, reported=True),
        _doc("The key's name."),
    ]
    scopes: Annotated[
        Scopes | None,
        Prop(_API_KEY, reported=True, unordered=True, removable=False),
        _doc(
            "The permissions, each a name SendGrid documents; unset: every permission (a "
            "full-access key). No call gives a key every permission back: unsetting replaces."
        ),
    ] = None


# --------------------------------------------------------------------------------------
# Sender authentication (/v3/whitelabel)
# --------------------------------------------------------------------------------------

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
_SUBDOMAIN = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_SELECTOR = re.compile(r"^[a-z0-9]{3}$")


def _check_domain(value: str) -> str:
    """The rule: a domain name such as ``example.com``."""
    lowered = value.strip().lower().rstrip(".")
    if len(lowered) > 253 or not _DOMAIN.match(lowered):
        raise ValueError(
            "must be a domain name such as example.com: labels of letters, digits and '-' "
            "separated by dots, ending in a top-level domain"
        )
    return lowered


def _check_subdomain(value: str) -> str:
    """The rule: a host label such as ``em`` or ``links``."""
    lowered = value.strip().lower()
    if len(lowered) > 63 or not _SUBDOMAIN.match(lowered):
        raise ValueError("must be a host label such as 'em' or 'links' (letters, digits, '-')")
    return lowered


def _check_selector(value: str) -> str:
    """The rule: three letters or digits."""
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

    domain: Annotated[
        DomainName, Prop(reported=True), _doc("The domain to authenticate (``example.com``).")
    ]
    subdomain: Annotated[
        Subdomain | None,
        Prop(reported=True),
        _doc("The host SendGrid's return path uses (default: SendGrid picks one)."),
    ] = None
    automatic_security: Annotated[
        bool,
        Prop(reported=True),
        _doc("SendGrid manages SPF and DKIM (CNAME records)."),
    ] = True
    custom_spf: Annotated[
        bool,
        Prop(DOMAIN_PATCH_CALL, reported=True),
        _doc("A custom SPF record (manual security only)."),
    ] = False
    default: Annotated[
        bool,
        Prop(DOMAIN_PATCH_CALL, reported=True),
        _doc("The fallback domain of the account."),
    ] = False
    custom_dkim_selector: Annotated[
        DkimSelector | None, Prop(), _doc("A custom DKIM selector.")
    ] = None
    ips: Annotated[
        list[IpAddress] | None,
        Prop(reported=True, unordered=True),
        _doc("IPs included in a custom SPF record."),
    ] = None
    region: Annotated[
        Region | None, Prop(), _doc("Where the domain's data lives: ``global`` or ``eu``.")
    ] = None

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

    domain: Annotated[
        DomainName,
        Prop(reported=True),
        _doc("The root domain of the links (the From address's domain)."),
    ]
    subdomain: Annotated[
        Subdomain | None,
        Prop(reported=True),
        _doc(
            "The links' host (default: SendGrid picks one); it must differ from the domain "
            "authentication's subdomain."
        ),
    ] = None
    default: Annotated[
        bool,
        Prop(LINK_PATCH_CALL, reported=True),
        _doc("The fallback link branding of the account."),
    ] = False
    region: Annotated[
        Literal["us", "eu"] | None, Prop(), _doc("Where the links' data lives: ``us`` or ``eu``.")
    ] = None


# Event webhooks, inbound parse, teammates (/v3/user/webhooks, /v3/teammates)
# --------------------------------------------------------------------------------------

_HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _check_hostname(value: str) -> str:
    """The rule: a hostname such as ``parse.example.com``."""
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

_Flag = Annotated[
    bool,
    Prop(WEBHOOK_CALL, reported=True),
    _doc("Post the events of this kind (the flag's name) to the URL."),
]

OAUTH_FIELDS = ("oauth_client_id", "oauth_client_secret", "oauth_token_url")
"""An event webhook's OAuth settings: all three given, or none."""


class EventWebhookFields(_Table):
    """An event webhook (``POST /v3/user/webhooks/event/settings``).

    Every field but ``signed`` changes in place through ``PATCH .../settings/{id}``;
    ``signed`` through ``PATCH .../settings/signed/{id}`` (not taken by the create). The
    event flags are those the create and update calls document, each ``false`` unless
    given. SendGrid never reports ``oauth_client_secret``.
    """

    url: Annotated[
        HttpUrl, Prop(WEBHOOK_CALL, reported=True), _doc("Where SendGrid posts the events.")
    ]
    enabled: Annotated[
        bool, Prop(WEBHOOK_CALL, reported=True), _doc("Whether SendGrid posts events.")
    ] = True
    friendly_name: Annotated[
        Str255 | None, Prop(WEBHOOK_CALL, reported=True), _doc("A name for people.")
    ] = None
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
    oauth_client_id: Annotated[
        Required255 | None,
        Prop(WEBHOOK_CALL, reported=True),
        _doc("The OAuth client id SendGrid authenticates with (OAuth: all three or none)."),
    ] = None
    oauth_client_secret: Annotated[
        SecretStr | None,
        Prop(WEBHOOK_CALL),
        _doc("The OAuth client secret (SendGrid never reports it)."),
    ] = None
    oauth_token_url: Annotated[
        HttpUrl | None,
        Prop(WEBHOOK_CALL, reported=True),
        _doc("Where SendGrid gets its OAuth token."),
    ] = None
    signed: Annotated[
        bool,
        Prop(WEBHOOK_SIGNED_CALL, reported=True, create=False),
        _doc("Sign each post (ECDSA); the public key is an output."),
    ] = False

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

    hostname: Annotated[
        Hostname, Prop(reported=True), _doc("The host whose mail is parsed (its MX record).")
    ]
    url: Annotated[
        HttpUrl, Prop(PARSE_CALL, reported=True), _doc("Where SendGrid posts the parsed mail.")
    ]
    spam_check: Annotated[
        bool, Prop(PARSE_CALL, reported=True), _doc("Check each message for spam.")
    ] = False
    send_raw: Annotated[
        bool, Prop(PARSE_CALL, reported=True), _doc("Post the raw message (MIME) too.")
    ] = False


TEAMMATE_CALL = (
    "PATCH /v3/teammates/{username}; while pending: DELETE /v3/teammates/pending/{token}, "
    "then POST /v3/teammates"
)
"""The calls that change a teammate's permissions: an active one's, and a pending one's
(no call changes an invitation: it is withdrawn and sent again)."""

TeammateEmail = Annotated[str, Field(min_length=5, max_length=255), AfterValidator(_check_email)]
"""A teammate's email address (5 to 255 characters, the invite's rule)."""


class TeammateFields(_Table):
    """A teammate (``POST /v3/teammates``): an admin, or a teammate with ``scopes``.

    ``scopes`` are permissions SendGrid documents (order carries no meaning); an admin
    takes none. No call changes the email (a new email is a new teammate).
    """

    email: Annotated[
        TeammateEmail, Prop(reported=True), _doc("The teammate's email address (invited).")
    ]
    is_admin: Annotated[
        bool, Prop(TEAMMATE_CALL, reported=True), _doc("An admin has every permission.")
    ] = False
    scopes: Annotated[
        Scopes | None,
        Prop(TEAMMATE_CALL, reported=True, unordered=True),
        _doc("The teammate's permissions, each a name SendGrid documents (not for an admin)."),
    ] = None

    @model_validator(mode="after")
    def _admin_or_scopes(self) -> TeammateFields:
        if self.is_admin and self.scopes:
            raise ValueError(
                "scopes: must not be given when is_admin is true (an admin has every permission)"
            )
        return self
