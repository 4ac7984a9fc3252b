"""pydantic models of the SendGrid request and response bodies.

Request models are strict: unknown fields are refused, the documented limits are checked
(the error names the field and the rule) and secrets are ``SecretStr`` that never show in
``repr`` nor in validation messages. Response models are lenient: unknown fields are kept
(``model_extra``), and the v2 habit of sending every value as a string (``"active":
"true"``, ``"id": "123"``) is undone (``bool``, ``int``).
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    model_validator,
)

__all__ = [
    "AnyEmail",
    "Customer",
    "CustomerCreate",
    "CustomerFilter",
    "Email",
    "IpAddress",
    "IpUsage",
    "LongEmail",
    "MonitorSettings",
    "NewUsername",
    "Password",
    "ProfileUpdate",
    "Reputation",
    "SendIps",
    "Str50",
    "Str100",
    "Str255",
    "Subuser",
    "SubuserCreate",
    "SubuserCreated",
    "Username",
    "V2Message",
]

FormValue = str | Sequence[str]

# --------------------------------------------------------------------------------------
# Field rules
# --------------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BAD_USERNAME_CHARS = re.compile(r"[\s/?#%\\]")

PASSWORD_MIN = 6
"""Shortest password SendGrid's documented reseller API accepts."""
PASSWORD_MAX = 128
"""Longest password accepted."""


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


def _check_password(value: SecretStr) -> SecretStr:
    length = len(value.get_secret_value())
    if length < PASSWORD_MIN:
        raise ValueError(f"must be at least {PASSWORD_MIN} characters")
    if length > PASSWORD_MAX:
        raise ValueError(f"must be no more than {PASSWORD_MAX} characters")
    return value


def _check_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError("must be a valid IP address") from None


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
IpAddress = Annotated[str, AfterValidator(_check_ip)]
"""An IPv4 or IPv6 address, normalised."""
Str50 = Annotated[str, Field(max_length=50)]
"""Text of at most 50 characters."""
Str100 = Annotated[str, Field(max_length=100)]
"""Text of at most 100 characters."""
Str255 = Annotated[str, Field(max_length=255)]
"""Text of at most 255 characters."""


class _Input(BaseModel):
    """Base of request models: unknown fields refused, inputs never echoed in errors."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class _Response(BaseModel):
    """Base of response models: unknown fields kept, never fatal."""

    model_config = ConfigDict(extra="allow")


def _form_value(value: object) -> FormValue:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(_form_value(v)) for v in value]
    return str(value)


def _form(model: BaseModel, rename: Mapping[str, str] | None = None) -> dict[str, FormValue]:
    rename = rename or {}
    return {
        rename.get(name, name): _form_value(getattr(model, name))
        for name in type(model).model_fields
        if getattr(model, name) is not None
    }


# --------------------------------------------------------------------------------------
# v2 coercions
# --------------------------------------------------------------------------------------

_TRUE = frozenset({"true", "1", "yes", "y", "t", "on"})
_FALSE = frozenset({"false", "0", "no", "n", "f", "off", ""})


def _v2_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return value


def _v2_int(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        return None if stripped == "" else stripped
    return value


V2Bool = Annotated[bool, BeforeValidator(_v2_bool)]
"""A boolean that v2 sends as ``"true"``/``"false"`` (or ``"1"``/``"0"``)."""
V2Int = Annotated[int, BeforeValidator(_v2_int)]
"""An integer that v2 sends as a string."""


def _ip_list(value: Any) -> Any:
    """Accept ``["1.2.3.4"]`` and ``[{"ip": "1.2.3.4"}]`` alike."""
    if isinstance(value, list):
        return [item.get("ip") if isinstance(item, Mapping) else item for item in value]
    return value


_IpStrings = Annotated[list[str], BeforeValidator(_ip_list)]
"""A list of IPs, given as strings or as ``{"ip": ...}`` objects."""


# --------------------------------------------------------------------------------------
# v2: customers (reseller.add / reseller.manage)
# --------------------------------------------------------------------------------------


class CustomerCreate(_Input):
    """A new customer (``reseller.add``). ``confirm_password`` is sent equal to ``password``.

    ``company``, ``package`` and ``whitelabel`` are documented as required but are absent
    from the documented examples, so they are optional here and sent only when set.
    """

    username: NewUsername
    password: Password
    confirm_password: SecretStr | None = Field(
        default=None, description="If given, must equal password."
    )
    email: Email
    first_name: Str50
    last_name: Str50
    address: Str100
    city: Str100
    state: Str100
    zip: Str50
    country: Str100
    phone: Str50
    website: Str255
    company: Str255 | None = None
    package: Str255 | None = None
    whitelabel: Str255 | None = None
    ip_groups: list[Str255] | None = None
    ips: list[IpAddress] | None = None
    free_user: bool | None = None
    billing_date: datetime.date | None = None

    @model_validator(mode="after")
    def _passwords_match(self) -> CustomerCreate:
        if (
            self.confirm_password is not None
            and self.confirm_password.get_secret_value() != self.password.get_secret_value()
        ):
            raise ValueError("password and confirm_password do not match")
        return self

    def to_form(self) -> dict[str, FormValue]:
        """Return the ``reseller.add`` form fields (without credentials)."""
        form = _form(self, {"ip_groups": "ip_group[]", "ips": "ip[]"})
        form["confirm_password"] = self.password.get_secret_value()
        return form


class CustomerFilter(_Input):
    """Search filters of ``reseller.manage method=profile task=get``.

    Text filters are case-insensitive substring matches; ``id`` and ``active`` are exact.
    """

    id: Annotated[int, Field(ge=0)] | None = None
    username: str | None = None
    email: str | None = None
    active: bool | None = None
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zip: str | None = None
    phone: str | None = None
    website: str | None = None
    company: str | None = None

    def to_form(self) -> dict[str, FormValue]:
        """Return the filter form fields that are set."""
        return _form(self)


class ProfileUpdate(_Input):
    """Profile fields to change (``reseller.manage method=profile task=set``).

    Only the fields set (not ``None``) are sent; at least one must be.
    """

    first_name: Str50 | None = None
    last_name: Str50 | None = None
    address: Str100 | None = None
    city: Str100 | None = None
    state: Str100 | None = None
    country: Str100 | None = None
    zip: Str50 | None = None
    phone: Str50 | None = None
    website: Str255 | None = None
    company: Str255 | None = None

    @model_validator(mode="after")
    def _something_to_set(self) -> ProfileUpdate:
        if all(getattr(self, name) is None for name in type(self).model_fields):
            raise ValueError("at least one profile field must be set")
        return self

    def to_form(self) -> dict[str, FormValue]:
        """Return the form fields that are set."""
        return _form(self)


class _UserRef(_Input):
    user: Username


class _SetUsername(_Input):
    user: Username
    username: NewUsername


class _SetEmail(_Input):
    user: Username
    email: LongEmail


class _SetPassword(_Input):
    user: Username
    password: Password


class _ListWindow(_Input):
    limit: Annotated[int, Field(ge=1)] | None = None
    offset: Annotated[int, Field(ge=0)] | None = None


class Customer(_Response):
    """A customer as ``reseller.manage method=profile task=get`` returns it.

    v2 sends strings; ``id`` and ``active`` come out as ``int`` and ``bool``. ``id`` is
    ``None`` when SendGrid omits it (as the older documentation shows).
    """

    id: V2Int | None = None
    username: str
    email: str
    active: V2Bool
    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    phone: str | None = None
    website: str | None = None


class V2Message(_Response):
    """The ``{"message": "success"}`` answer of a v2 call that changes something."""

    message: Literal["success"]


# --------------------------------------------------------------------------------------
# v2: IPs (reseller.ip, customer.ip, customer.sendip)
# --------------------------------------------------------------------------------------


class IpUsage(_Response):
    """One IP in use and its user (``reseller.ip task=usage``)."""

    ip: str
    user: str


class SendIps(_Response):
    """The IPs a user sends from (``customer.sendip task=list``)."""

    outboundcluster: str | None = None
    ips: _IpStrings = Field(default_factory=list)


class _SendIpsUpdate(_Input):
    user: Username
    ips: list[IpAddress]


# --------------------------------------------------------------------------------------
# v3: subusers
# --------------------------------------------------------------------------------------


class SubuserCreate(_Input):
    """A new subuser (``POST /v3/subusers``). At least one IP, no duplicates."""

    username: Username
    email: AnyEmail
    password: Password
    ips: Annotated[list[IpAddress], Field(min_length=1)]
    region: Literal["global", "eu"] | None = None

    @model_validator(mode="after")
    def _distinct_ips(self) -> SubuserCreate:
        if len(set(self.ips)) != len(self.ips):
            raise ValueError("ips must not contain duplicates")
        return self

    def to_json(self) -> dict[str, Any]:
        """Return the JSON body (password in clear: for the request itself only)."""
        body: dict[str, Any] = {
            "username": self.username,
            "email": self.email,
            "password": self.password.get_secret_value(),
            "ips": list(self.ips),
        }
        if self.region is not None:
            body["region"] = self.region
        return body


class Subuser(_Response):
    """A subuser as ``GET /v3/subusers`` lists it."""

    id: V2Int
    username: str
    email: str
    disabled: V2Bool = False
    region: str | None = None


class SubuserCreated(_Response):
    """The answer to ``POST /v3/subusers``. A password echoed by the server is dropped."""

    username: str
    user_id: V2Int | None = None
    email: str | None = None
    credit_allocation: dict[str, Any] | None = None
    region: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_password(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and ("password" in data or "confirm_password" in data):
            return {k: v for k, v in data.items() if k not in ("password", "confirm_password")}
        return data


class Reputation(_Response):
    """A subuser's sender reputation (0 to 100)."""

    username: str
    reputation: float


class MonitorSettings(_Input):
    """Monitor settings of a subuser: a copy of every ``frequency``-th email to ``email``."""

    email: AnyEmail
    frequency: Annotated[int, Field(gt=0)]


class _MonitorBody(_Response):
    email: str
    frequency: V2Int


class _SubuserIps(_Response):
    ips: _IpStrings


class _SubuserList(_Input):
    username: str | None = None
    limit: Annotated[int, Field(ge=1, le=500)] | None = None
    offset: Annotated[int, Field(ge=0)] | None = None


# --------------------------------------------------------------------------------------
# Type adapters used to read answers
# --------------------------------------------------------------------------------------

V2_MESSAGE = TypeAdapter(V2Message)
CUSTOMERS = TypeAdapter(list[Customer])
STRINGS = TypeAdapter(_IpStrings)
IP_USAGE = TypeAdapter(list[IpUsage])
SEND_IPS = TypeAdapter(SendIps)
SUBUSERS = TypeAdapter(list[Subuser])
SUBUSER_CREATED = TypeAdapter(SubuserCreated)
SUBUSER_IPS = TypeAdapter(_SubuserIps)
REPUTATIONS = TypeAdapter(list[Reputation])
MONITOR = TypeAdapter(_MonitorBody)
