"""The arguments of :class:`~pulumi_sendgrid_reseller.components.Tenant`: plain dataclasses.

Each part maps to the arguments of the resource it becomes (a customer's profile to
``CustomerArgs``, monitor settings to ``SubuserMonitorArgs``, ...); each can be built from
plain data (stack configuration, JSON) with ``from_dict``, which refuses unknown keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast, get_args

import pulumi

from ._tenant_domain import TenantDomain
from ._tenant_part import TenantPart
from ._tenant_parts import CustomerProfile as CustomerProfile  # generated from the tables
from ._tenant_parts import TenantAccount as TenantAccount
from ._tenant_parts import TenantApiKey as TenantApiKey
from ._tenant_parts import TenantCredits as TenantCredits
from ._tenant_parts import TenantMonitor as TenantMonitor
from .client._fields import Region
from .resources import EventWebhookArgs, InboundParseArgs, TeammateArgs

TenantKind = Literal["customer", "subuser", "account"]
"""What a tenant is in SendGrid: a v2 reseller ``customer``, a v3 ``subuser`` or a
provisioned ``account``."""


@dataclasses.dataclass(kw_only=True)
class TenantArgs:
    """The arguments of a :class:`Tenant`.

    Attributes:
        kind: ``"customer"`` (needs ``profile``), ``"subuser"`` (needs ``ips``) or
            ``"account"`` (needs ``account``).
        username: the account's username (customers and subusers: required).
        email: the account's email address (an account: its profile email).
        password: the account's password (8 to 128 characters); always passed on as a
            secret (customers and subusers: required).
        ips: the sending IPs, each owned by the parent. For a customer they are managed by a
            :class:`~pulumi_sendgrid_reseller.CustomerIpAssignment` (``None``: no assignment,
            the customer sends from the parent's pool); for a subuser by the subuser itself
            (at least one IP).
        all_ips: customers only: give the customer every IP of the parent instead of ``ips``.
        profile: customers only: the profile that ``reseller.add`` requires.
        region: subusers only: ``"global"`` (default) or ``"eu"``.
        enabled: whether the account may send (customers: ``enabled``; subusers: the
            opposite of ``disabled``). ``None`` keeps the resources' default (enabled).
        monitor: subusers only: monitor settings (the monitor API exists for subusers only).
        account: accounts only: offerings, profile and test flag (:class:`TenantAccount`).
        credits: subusers only: the sending budget (``None``: SendGrid's default,
            unlimited).
        api_keys: subusers only: API keys made for the tenant, each with a distinct name;
            a rename of the tenant keeps its keys and credits.
        domain: the tenant's sending domain and branded links (:class:`TenantDomain`),
            made on its behalf; with ``domain.dns``, the program's DNS records for them
            and the validations that wait for those records.
        event_webhooks: the tenant's event webhooks by name (a plain string, which names
            the child ``<tenant>-webhook-<name>``): the arguments of
            :class:`~pulumi_sendgrid_reseller.EventWebhook` without an owner (the tenant
            is the owner) or credentials (the tenant's).
        inbound_parse: the tenant's inbound parse settings: the arguments of
            :class:`~pulumi_sendgrid_reseller.InboundParse` without owner or credentials,
            each ``hostname`` a plain string (the child is ``<tenant>-parse-<hostname>``).
        teammates: the tenant's teammates: the arguments of
            :class:`~pulumi_sendgrid_reseller.Teammate` without owner or credentials, each
            ``email`` a plain string (the child is ``<tenant>-teammate-<email>``).
        api_user: credentials for every child resource (default: stack config, then env).
        api_key: see ``api_user``; kept secret.
        api_url: see ``api_user``.
        adopt: take over existing accounts and monitors with the same username instead of
            failing (``pulumi import`` does not work for dynamic resources).

    Raises:
        ValueError: at construction, for a combination that cannot work (a customer without
            profile, a subuser without IPs, a monitor on a customer...).
    """

    kind: TenantKind
    email: pulumi.Input[str]
    username: pulumi.Input[str] | None = None
    password: pulumi.Input[str] | None = None
    ips: pulumi.Input[list[pulumi.Input[str]]] | None = None
    all_ips: bool = False
    profile: CustomerProfile | None = None
    region: pulumi.Input[Region] | None = None
    enabled: pulumi.Input[bool] | None = None
    monitor: TenantMonitor | None = None
    account: TenantAccount | None = None
    credits: TenantCredits | None = None
    api_keys: Sequence[TenantApiKey] | None = None
    domain: TenantDomain | None = None
    event_webhooks: Mapping[str, EventWebhookArgs] | None = None
    inbound_parse: Sequence[InboundParseArgs] | None = None
    teammates: Sequence[TeammateArgs] | None = None
    api_user: pulumi.Input[str] | None = None
    api_key: pulumi.Input[str] | None = None
    api_url: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None

    def __post_init__(self) -> None:
        if self.kind not in get_args(TenantKind):
            raise ValueError(f"kind: must be 'customer', 'subuser' or 'account', not {self.kind!r}")
        _check_integrations(self)
        if self.kind == "account":
            if self.account is None:
                raise ValueError("account: is required for an account tenant")
            for name in (
                "username",
                "password",
                "ips",
                "profile",
                "region",
                "monitor",
                "credits",
                "api_keys",
            ):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: does not apply to an account tenant")
            if self.all_ips:
                raise ValueError("all_ips: applies to customer tenants only")
            return
        if self.account is not None:
            raise ValueError("account: applies to account tenants only")
        for name in ("username", "password"):
            if getattr(self, name) is None:
                raise ValueError(f"{name}: is required for a {self.kind} tenant")
        if self.kind == "customer":
            if self.profile is None:
                raise ValueError("profile: is required for a customer tenant")
            if self.region is not None:
                raise ValueError("region: applies to subuser tenants only")
            if self.monitor is not None:
                raise ValueError(
                    "monitor: applies to subuser tenants only (SendGrid's monitor settings "
                    "exist for subusers only)"
                )
            if self.all_ips and self.ips is not None:
                raise ValueError("ips: must not be given when all_ips is true")
            for key in ("credits", "api_keys"):
                if getattr(self, key) is not None:
                    raise ValueError(f"{key}: applies to subuser tenants only")
        else:
            if self.profile is not None:
                raise ValueError("profile: applies to customer tenants only")
            if self.all_ips:
                raise ValueError("all_ips: applies to customer tenants only")
            if self.ips is None or (isinstance(self.ips, list) and not self.ips):
                raise ValueError("ips: a subuser tenant needs at least one IP")
            names = [key.name for key in self.api_keys or ()]
            if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
                raise ValueError("api_keys: every key needs a distinct name (a plain string)")

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        password: pulumi.Input[str] | None = None,
        where: str = "tenant",
    ) -> TenantArgs:
        """Build the arguments from plain data: a stack config object or a JSON record.

        Keys are the attribute names (``kind``, ``username``, ``email``, ``ips``,
        ``all_ips``, ``profile`` (an object), ``region``, ``enabled``, ``monitor`` (an
        object with ``email`` and ``frequency``), ``account`` (an object: the fields of
        :class:`TenantAccount`), ``domain`` (an object: the fields of :class:`TenantDomain`
        but ``dns``, which a program adds), ``adopt``). Passwords never come from the data: give
        ``password`` (customers and subusers). Unknown keys are refused, so a typo is not
        silently ignored.

        Raises:
            ValueError: a missing or unknown key, or a combination that cannot work; the
                message starts with ``where`` and the key.
        """
        allowed = {"kind", "username", "email", "ips", "all_ips", "profile", "region"}
        allowed |= {"enabled", "monitor", "account", "credits", "api_keys", "adopt", "domain"}
        allowed |= {"event_webhooks", "inbound_parse", "teammates"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
        account_kind = data.get("kind") == "account"
        for key in ("kind", "email") if account_kind else ("kind", "username", "email"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ValueError(f"{where}.{key}: is required (a string)")
        ips = data.get("ips")
        if ips is not None and (
            not isinstance(ips, list) or not all(isinstance(ip, str) for ip in ips)
        ):
            raise ValueError(f"{where}.ips: must be a list of IP addresses")
        for key in _OBJECTS:
            if data.get(key) is not None and not isinstance(data[key], Mapping):
                raise ValueError(f"{where}.{key}: must be an object")
        hooks = data.get("event_webhooks")
        if hooks is not None and (
            not isinstance(hooks, Mapping)
            or not all(isinstance(h, Mapping) for h in hooks.values())
        ):
            raise ValueError(f"{where}.event_webhooks: must be an object of objects (by name)")
        for key in ("inbound_parse", "teammates"):
            items = data.get(key)
            if items is not None and (
                not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items)
            ):
                raise ValueError(f"{where}.{key}: must be a list of objects")
        keys = data.get("api_keys")
        if keys is not None and (
            not isinstance(keys, list) or not all(isinstance(k, Mapping) for k in keys)
        ):
            raise ValueError(f"{where}.api_keys: must be a list of objects")
        try:
            parts: dict[str, Any] = {
                key: part.from_dict(data[key], where=f"{where}.{key}")
                for key, part in _OBJECTS.items()
                if data.get(key) is not None
            }
            return cls(
                kind=cast(TenantKind, data["kind"]),
                username=data.get("username"),
                email=data["email"],
                password=password if data["kind"] != "account" else None,
                ips=ips,
                all_ips=bool(data.get("all_ips", False)),
                region=data.get("region"),
                enabled=data.get("enabled"),
                **parts,
                api_keys=(
                    [
                        TenantApiKey.from_dict(key, where=f"{where}.api_keys[{i}]")
                        for i, key in enumerate(keys)
                    ]
                    if keys is not None
                    else None
                ),
                event_webhooks=data.get("event_webhooks"),
                inbound_parse=data.get("inbound_parse"),
                teammates=data.get("teammates"),
                adopt=data.get("adopt"),
            )
        except ValueError as exc:
            message = str(exc)
            raise ValueError(
                message if message.startswith(where) else f"{where}.{message}"
            ) from None


#: The parts of ``TenantArgs`` given as objects, each built by its class from plain data.
_OBJECTS: dict[str, type[TenantPart] | type[TenantDomain]] = {
    "profile": CustomerProfile,
    "monitor": TenantMonitor,
    "account": TenantAccount,
    "credits": TenantCredits,
    "domain": TenantDomain,
}

#: Arguments a tenant's part does not take: the tenant is its owner, its credentials the tenant's.
_TENANT_GIVES = frozenset(
    {"subuser", "subuser_id", "subuser_ref", "account", "api_user", "api_key", "api_url", "adopt"}
)


def _check_part(where: str, part: Mapping[str, Any], args_type: type[Any]) -> None:
    """Refuse a part's unknown, tenant-given or missing arguments, naming them."""
    if not isinstance(part, Mapping):
        raise ValueError(f"{where}: must be a {args_type.__name__} (a dict)")
    known = set(args_type.__required_keys__) | set(args_type.__optional_keys__)
    unknown = sorted(set(part) - known)
    if unknown:
        raise ValueError(f"{where}: not an argument of {args_type.__name__}: {', '.join(unknown)}")
    given = sorted(set(part) & _TENANT_GIVES)
    if given:
        raise ValueError(f"{where}: {', '.join(given)}: given by the tenant, not per part")
    missing = sorted(set(args_type.__required_keys__) - set(part))
    if missing:
        raise ValueError(f"{where}: {', '.join(missing)}: is required")


def _check_integrations(args: TenantArgs) -> None:
    """Refuse webhooks, parse settings and teammates that cannot be declared as given."""
    for name, hook in (args.event_webhooks or {}).items():
        if not isinstance(name, str) or not name:
            raise ValueError("event_webhooks: every webhook needs a name (a plain string)")
        _check_part(f"event_webhooks[{name!r}]", hook, EventWebhookArgs)
    for plural, items, key, args_type in (
        ("inbound_parse", args.inbound_parse, "hostname", InboundParseArgs),
        ("teammates", args.teammates, "email", TeammateArgs),
    ):
        seen: set[str] = set()
        for i, item in enumerate(items or ()):
            _check_part(f"{plural}[{i}]", item, args_type)
            value = item.get(key)
            if not isinstance(value, str) or not value:
                raise ValueError(
                    f"{plural}[{i}].{key}: must be a plain string (it names the child)"
                )
            if value.lower() in seen:
                raise ValueError(f"{plural}[{i}].{key}: {value!r} is given twice")
            seen.add(value.lower())
