"""pydantic models of the SendGrid request and response bodies.

Request models are strict: unknown fields are refused, the documented limits are checked
(the error names the field and the rule) and secrets are ``SecretStr`` that never show in
``repr`` nor in validation messages. Response models are lenient: unknown fields are kept
(``model_extra``), and the v2 habit of sending every value as a string (``"active":
"true"``, ``"id": "123"``) is undone (``bool``, ``int``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    SecretStr,
    model_validator,
)

from ._api import RequestModel as _Input
from ._api import ResponseModel as _Response
from ._api import TableRequest, fields_model, reported_model
from ._fields import (
    PROFILE_CALL,
    AnyEmail,
    ApiKeyFields,
    CustomerFields,
    CustomerProfileFields,
    IpAddress,
    LongEmail,
    MonitorFields,
    NewUsername,
    Password,
    Prop,
    Str255,
    SubuserCreditsFields,
    SubuserFields,
    Username,
    create_body,
    fields_changed_by,
)

FormValue = str | Sequence[str]


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


class CustomerCreate(CustomerFields, _Input):
    """A new customer (``reseller.add``): the fields of :class:`CustomerFields` it takes.

    ``confirm_password`` is sent equal to ``password``; ``ip_groups`` and ``ips`` are taken
    by the create only.
    """

    confirm_password: SecretStr | None = Field(
        default=None, description="If given, must equal password."
    )
    ip_groups: Annotated[list[Str255] | None, Prop(None)] = None
    ips: Annotated[list[IpAddress] | None, Prop(None)] = None

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
        rename = {"ip_groups": "ip_group[]", "ips": "ip[]"}
        form = {rename.get(k, k): _form_value(v) for k, v in create_body(self).items()}
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


PROFILE_FIELDS = fields_changed_by(CustomerProfileFields, PROFILE_CALL)
"""Fields changed in place by ``reseller.manage method=profile task=set``."""


_ProfileFields = fields_model(CustomerProfileFields, PROFILE_FIELDS, optional=True)


class ProfileUpdate(_ProfileFields):  # type: ignore[misc,valid-type]
    """Profile fields to change (``reseller.manage method=profile task=set``).

    Derived from :class:`CustomerProfileFields`, every field optional: only the fields set
    (not ``None``) are sent; at least one must be.
    """

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


class SubuserCreate(SubuserFields, _Input):
    """A new subuser (``POST /v3/subusers``): the fields of :class:`SubuserFields` it takes."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON body (password in clear: for the request itself only).

        ``include_region`` asks SendGrid to say in its answer which region it chose.
        """
        body = create_body(self)
        body["password"] = self.password.get_secret_value()
        body["ips"] = list(self.ips)
        body["include_region"] = True
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


class MonitorSettings(MonitorFields, _Input):
    """Monitor settings of a subuser: a copy of every ``frequency``-th email to ``email``."""


class _MonitorBody(_Response):
    email: str
    frequency: V2Int


class _SubuserIps(_Response):
    ips: _IpStrings


class _SubuserList(_Input):
    username: str | None = None
    limit: Annotated[int, Field(ge=1, le=500)] | None = None
    offset: Annotated[int, Field(ge=0)] | None = None


class CreditsUpdate(SubuserCreditsFields, TableRequest):
    """A subuser's new credit allocation (``PUT /v3/subusers/{name}/credits``)."""


_CreditsReported = reported_model(SubuserCreditsFields, required=("type",))


class SubuserCredits(_CreditsReported):  # type: ignore[misc,valid-type]
    """A subuser's credits as SendGrid reports them (``null`` where the type has none).

    The reported fields of :class:`SubuserCreditsFields` (``type`` always given), then
    what remains of them and what is used.
    """

    remain: int | None = None
    used: int | None = None


class _WebsiteAccess(_Input):
    disabled: bool


# --------------------------------------------------------------------------------------
# v3: the acting account's user settings (/v3/user/*, on behalf of a subuser)
# --------------------------------------------------------------------------------------


class _EmailChange(_Input):
    email: AnyEmail


class _UsernameChange(_Input):
    username: Username


class _PasswordChange(_Input):
    old_password: SecretStr
    new_password: Password

    def to_json(self) -> dict[str, str]:
        return {
            "old_password": self.old_password.get_secret_value(),
            "new_password": self.new_password.get_secret_value(),
        }


class _EmailBody(_Response):
    email: str


class UserUsername(_Response):
    """The acting account's username and user id (``GET /v3/user/username``)."""

    username: str
    user_id: V2Int | None = None


# --------------------------------------------------------------------------------------
# v3: API keys
# --------------------------------------------------------------------------------------


class ApiKeyCreate(ApiKeyFields, TableRequest):
    """A new API key (``POST /v3/api_keys``); also the body of ``PUT /v3/api_keys/{id}``.

    ``scopes`` is left out of the body when not given: a full-access key.
    """


class ApiKey(_Response):
    """An API key without its secret: id, name and (from a get or a PUT) its scopes."""

    api_key_id: str
    name: str
    scopes: list[str] | None = None


class ApiKeyCreated(ApiKey):
    """The answer to ``POST /v3/api_keys``: the only answer that holds the key itself."""

    api_key: SecretStr


class _ApiKeyList(_Response):
    result: list[ApiKey] = Field(default_factory=list)


class _ApiKeyLimit(_Input):
    limit: Annotated[int, Field(ge=1)] | None = None
