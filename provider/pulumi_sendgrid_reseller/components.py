"""``Tenant``: one reseller tenant (a customer, a subuser or an account, and its parts).

A platform team usually thinks in tenants, not in SendGrid objects. :class:`Tenant` is a
:class:`pulumi.ComponentResource` that composes, from one small :class:`TenantArgs`:

- a :class:`~pulumi_sendgrid_reseller.Customer` (v2 reseller customer) with a
  :class:`~pulumi_sendgrid_reseller.CustomerIpAssignment` for its sending IPs, or
- a :class:`~pulumi_sendgrid_reseller.Subuser` (v3 subuser, which holds its IPs itself)
  with an optional :class:`~pulumi_sendgrid_reseller.SubuserMonitor`, optional
  :class:`~pulumi_sendgrid_reseller.SubuserCredits` (its sending budget) and
  :class:`~pulumi_sendgrid_reseller.ApiKey` s for the tenant's applications, or
- an :class:`~pulumi_sendgrid_reseller.Account` (Account Provisioning, the v2 reseller
  API's successor).

Each child keeps its own update/replace behaviour; the component adds none of its own.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, Unpack, cast, overload

import pulumi

from ._tenant_args import (
    CustomerProfile,
    TenantAccount,
    TenantApiKey,
    TenantArgs,
    TenantCredits,
    TenantKind,
    TenantMonitor,
)
from ._tenant_domain import (
    SenderAuthentication,
    TenantDnsRecord,
    TenantDomain,
    declare_sender_auth,
)
from .client._accounts import AccountState
from .client._fields import Region
from .resources import (
    Account,
    AccountArgs,
    AccountProfileArgs,
    ApiKey,
    ApiKeyArgs,
    Customer,
    CustomerIpAssignment,
    CustomerIpAssignmentArgs,
    EventWebhook,
    EventWebhookArgs,
    InboundParse,
    InboundParseArgs,
    Subuser,
    SubuserArgs,
    SubuserCredits,
    SubuserCreditsArgs,
    SubuserMonitor,
    SubuserMonitorArgs,
    Teammate,
    TeammateArgs,
)
from .resources._connection_args import ConnectionArgs
from .resources._resource import dataclass_args

TENANT_TYPE = "sendgrid-reseller:components:Tenant"
"""The Pulumi type token of :class:`Tenant`."""


class Tenant(pulumi.ComponentResource):
    """A reseller tenant: a customer or a subuser, its sending IPs and its monitor.

    Children (named after the component): ``<name>`` (the :class:`Customer` or
    :class:`Subuser`), ``<name>-ips`` (a customer's :class:`CustomerIpAssignment`, when
    ``ips`` or ``all_ips`` is given) and ``<name>-monitor`` (a subuser's
    :class:`SubuserMonitor`, when ``monitor`` is given); for an account tenant, ``<name>``
    is the :class:`Account`.
    :class:`SubuserMonitor`, when ``monitor`` is given), ``<name>-credits`` (a subuser's
    :class:`SubuserCredits`, when ``credits`` is given) and ``<name>-key-<key name>`` (one
    :class:`ApiKey` per entry of ``api_keys``).

    Attributes:
        kind: ``"customer"``, ``"subuser"`` or ``"account"``.
        username: the account's username, as SendGrid holds it (an account: its account id).
        user_id: SendGrid's id of the account (an account: ``None``; see ``username``).
        ips: the IPs the account sends from (a customer without assignment: ``[]``).
        monitor_email: where monitor copies go, or ``None``.
        monitor_frequency: a copy of every n-th message, or ``None``.
        customer: the customer resource, or ``None`` for a subuser.
        subuser: the subuser resource, or ``None`` for a customer.
        ip_assignment: the customer's IP assignment, or ``None``.
        monitor: the subuser's monitor, or ``None``.
        account: the provisioned account, or ``None``.
        credits: the subuser's credits, or ``None``.
        api_keys: the subuser's API keys by name (``api_keys[name].api_key`` is the
            secret key, to hand on to the tenant's application).
        sender_auth: with ``domain``: the domain authentication, link branding, the
            program's DNS resources and the validations (``None`` without ``domain``).
        dns_records: every DNS record the tenant's domain and links need, keyed by
            SendGrid's names, each ``{type, host, data, valid}`` (``{}`` without
            ``domain``); with ``domain.dns``, ``valid`` is what the tenant's validations
            found.
        event_webhooks: the tenant's event webhooks by name (children
            ``<name>-webhook-<webhook name>``; ``public_key`` verifies signed events).
        inbound_parse: the tenant's inbound parse settings by hostname (children
            ``<name>-parse-<hostname>``; ``mx_record`` is the record for the team's DNS).
        teammates: the tenant's teammates by email (children ``<name>-teammate-<email>``).
    """

    kind: str
    username: pulumi.Output[str]
    user_id: pulumi.Output[int]
    ips: pulumi.Output[list[str]]
    monitor_email: pulumi.Output[str | None]
    monitor_frequency: pulumi.Output[int | None]
    customer: Customer | None
    subuser: Subuser | None
    ip_assignment: CustomerIpAssignment | None
    monitor: SubuserMonitor | None
    account: Account | None
    credits: SubuserCredits | None
    api_keys: dict[str, ApiKey]
    sender_auth: SenderAuthentication | None
    dns_records: pulumi.Output[dict[str, dict[str, Any]]]
    event_webhooks: dict[str, EventWebhook]
    inbound_parse: dict[str, InboundParse]
    teammates: dict[str, Teammate]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: TenantArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        kind: TenantKind,
        email: pulumi.Input[str],
        username: pulumi.Input[str] | None = None,
        password: pulumi.Input[str] | None = None,
        ips: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        all_ips: bool = False,
        profile: CustomerProfile | None = None,
        region: pulumi.Input[Region] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        monitor: TenantMonitor | None = None,
        account: TenantAccount | None = None,
        credits: TenantCredits | None = None,
        api_keys: Sequence[TenantApiKey] | None = None,
        domain: TenantDomain | None = None,
        event_webhooks: Mapping[str, EventWebhookArgs] | None = None,
        inbound_parse: Sequence[InboundParseArgs] | None = None,
        teammates: Sequence[TeammateArgs] | None = None,
        **connection: Unpack[ConnectionArgs],
    ) -> None: ...

    def __init__(self, resource_name: str, *args_or_opts: Any, **kwargs: Any) -> None:
        """Declare it as ``(name, TenantArgs(...), opts)`` or ``(name, opts, field=...)``."""
        args, opts = dataclass_args(TenantArgs, args_or_opts, kwargs)
        super().__init__(TENANT_TYPE, resource_name, None, opts)
        connection = ConnectionArgs(
            api_user=args.api_user, api_key=args.api_key, api_url=args.api_url, adopt=args.adopt
        )
        self.kind = args.kind
        self.customer = self.subuser = self.ip_assignment = self.monitor = None
        self.account = self.credits = self.sender_auth = None
        self.api_keys, self.event_webhooks, self.inbound_parse, self.teammates = {}, {}, {}, {}
        self.dns_records = pulumi.Output.from_input(cast(dict[str, dict[str, Any]], {}))
        self.ips = pulumi.Output.from_input(cast(list[str], []))
        self.monitor_email = pulumi.Output.from_input(cast(str | None, None))
        self.monitor_frequency = pulumi.Output.from_input(cast(int | None, None))
        declare = {
            "account": self._declare_account,
            "customer": self._declare_customer,
            "subuser": self._declare_subuser,
        }[args.kind]
        owner = declare(resource_name, args, connection)  # the tenant's own children
        self._declare_domain(resource_name, args.domain, owner, connection)
        self._integrations(resource_name, args, owner, connection)
        outputs: dict[str, Any] = {"kind": self.kind, "username": self.username}
        if args.kind != "account":
            outputs |= {"user_id": self.user_id, "ips": self.ips}
            outputs |= {"monitor_email": self.monitor_email}
            outputs |= {"monitor_frequency": self.monitor_frequency}
        self.register_outputs({**outputs, "dns_records": self.dns_records})

    def _declare_account(
        self, resource_name: str, args: TenantArgs, connection: ConnectionArgs
    ) -> dict[str, Any]:
        """The :class:`Account` of an account tenant; returns it as the owner of the rest."""
        assert args.account is not None  # checked by TenantArgs
        part = dataclasses.asdict(args.account)
        offerings = part.pop("offerings")
        test_account = part.pop("test_account")
        state = (
            cast(
                pulumi.Output[AccountState],
                pulumi.Output.from_input(args.enabled).apply(_account_state),
            )
            if args.enabled is not None
            else None
        )
        self.account = self._child(
            Account,
            resource_name,
            AccountArgs(
                offerings=offerings,
                profile=cast(AccountProfileArgs, {"email": args.email, **part}),
                state=state,
                test_account=test_account,
            ),
            connection,
        )
        self.username = self.account.account_id
        self.user_id = pulumi.Output.from_input(cast(int, None))
        return {"account": self.account}

    def _declare_customer(
        self, resource_name: str, args: TenantArgs, connection: ConnectionArgs
    ) -> dict[str, Any]:
        """The :class:`Customer` and its IP assignment; returns it as the owner of the rest."""
        username, password = _login(args)
        assert args.profile is not None  # checked by TenantArgs
        customer: dict[str, Any] = {
            "username": username,
            "password": password,
            "email": args.email,
            "enabled": args.enabled,
            **dataclasses.asdict(args.profile),
        }
        self.customer = self._child(Customer, resource_name, customer, connection)
        self.username = self.customer.username
        self.user_id = self.customer.user_id
        if args.ips is not None or args.all_ips:
            self.ip_assignment = self._child(
                CustomerIpAssignment,
                f"{resource_name}-ips",
                CustomerIpAssignmentArgs(
                    customer=self.customer.username,
                    ips=args.ips,
                    all_ips=True if args.all_ips else None,
                ),
                connection,
            )
            self.ips = self.ip_assignment.assigned_ips
        return {"subuser": self.customer}

    def _declare_subuser(
        self, resource_name: str, args: TenantArgs, connection: ConnectionArgs
    ) -> dict[str, Any]:
        """The :class:`Subuser`, its monitor, credits and keys; returns it as the owner."""
        assert args.ips is not None  # checked by TenantArgs
        child = pulumi.ResourceOptions(parent=self)
        disabled = (
            pulumi.Output.from_input(args.enabled).apply(lambda enabled: not enabled)
            if args.enabled is not None
            else None
        )
        username, password = _login(args)
        self.subuser = subuser = self._child(
            Subuser,
            resource_name,
            SubuserArgs(
                username=username,
                email=args.email,
                password=password,
                ips=args.ips,
                region=args.region,
                disabled=disabled,
            ),
            connection,
        )
        self.username = subuser.username
        self.user_id = subuser.user_id
        self.ips = subuser.ips.apply(lambda ips: sorted(ips or []))
        if args.monitor is not None:
            self.monitor = self._child(
                SubuserMonitor,
                f"{resource_name}-monitor",
                SubuserMonitorArgs(
                    subuser=subuser.username,
                    email=args.monitor.email,
                    frequency=args.monitor.frequency,
                ),
                connection,
            )
            self.monitor_email = cast(pulumi.Output[str | None], self.monitor.email)
            self.monitor_frequency = cast(pulumi.Output[int | None], self.monitor.frequency)
        # Given the Subuser itself, they tell its rename (kept) from a move (replaced).
        if args.credits is not None:
            credits = args.credits
            self.credits = self._child(
                SubuserCredits,
                f"{resource_name}-credits",
                SubuserCreditsArgs(
                    subuser=subuser,
                    type=credits.type,
                    total=credits.total,
                    reset_frequency=credits.reset_frequency,
                ),
                connection,
            )
        for key in args.api_keys or ():
            self.api_keys[key.name] = ApiKey(
                f"{resource_name}-key-{key.name}",
                ApiKeyArgs(
                    name=key.name,
                    scopes=key.scopes,
                    subuser=subuser,
                    api_user=args.api_user,
                    parent_api_key=args.api_key,
                    api_url=args.api_url,
                ),
                child,
            )
        return {"subuser": subuser}

    def _declare_domain(
        self,
        resource_name: str,
        domain: TenantDomain | None,
        owner: Mapping[str, Any],
        connection: ConnectionArgs,
    ) -> None:
        if domain is None:
            return
        self.sender_auth = declare_sender_auth(self, resource_name, domain, owner, connection)
        self.dns_records = self.sender_auth.dns_records

    def _integrations(
        self,
        resource_name: str,
        args: TenantArgs,
        owner: Mapping[str, Any],
        connection: ConnectionArgs,
    ) -> None:
        """The tenant's event webhooks, inbound parse settings and teammates, it as owner."""
        hooks = (args.event_webhooks or {}).items()
        parses = [(str(parse["hostname"]), parse) for parse in args.inbound_parse or ()]
        mates = [(str(mate["email"]), mate) for mate in args.teammates or ()]
        made = functools.partial(self._children, owner=owner, connection=connection)
        self.event_webhooks = made(EventWebhook, f"{resource_name}-webhook", hooks)
        self.inbound_parse = made(InboundParse, f"{resource_name}-parse", parses)
        self.teammates = made(Teammate, f"{resource_name}-teammate", mates)

    def _children(
        self,
        kind: Callable[[str, Any, pulumi.ResourceOptions], R],
        prefix: str,
        parts: Iterable[tuple[str, Mapping[str, Any]]],
        *,
        owner: Mapping[str, Any],
        connection: ConnectionArgs,
    ) -> dict[str, R]:
        """One child of ``kind`` per named part (``<prefix>-<name>``), the tenant its owner."""
        return {
            name: self._child(kind, f"{prefix}-{name}", {**part, **owner}, connection)
            for name, part in parts
        }

    def _child(
        self,
        kind: Callable[[str, Any, pulumi.ResourceOptions], R],
        name: str,
        args: Mapping[str, Any],
        connection: ConnectionArgs,
    ) -> R:
        """A child of the tenant: ``args`` with the tenant's connection arguments."""
        return kind(name, {**args, **connection}, pulumi.ResourceOptions(parent=self))

    def summary(self) -> pulumi.Output[dict[str, Any]]:
        """What a person wants to see of the tenant, as one output (for ``pulumi.export``).

        API keys show by name and id only: their secrets are :attr:`api_keys` outputs.
        """
        credits: pulumi.Output[dict[str, Any] | None] = pulumi.Output.from_input(None)
        if self.credits is not None:
            credits = pulumi.Output.all(type=self.credits.type, remain=self.credits.remain).apply(
                lambda c: {"type": c["type"], "remain": _int_or_none(c["remain"])}
            )
        key_ids = {name: key.api_key_id for name, key in self.api_keys.items()}
        return pulumi.Output.all(
            username=self.username,
            user_id=self.user_id,
            ips=self.ips,
            monitor_email=self.monitor_email,
            monitor_frequency=self.monitor_frequency,
            credits=credits,
            api_keys=key_ids,
        ).apply(lambda values: _summary(self.kind, values))


R = TypeVar("R", bound=pulumi.Resource)


def _login(args: TenantArgs) -> tuple[pulumi.Input[str], pulumi.Output[str]]:
    """A customer's or subuser's username and password (as a secret): both are required."""
    assert args.username is not None and args.password is not None  # checked by TenantArgs
    return args.username, pulumi.Output.secret(args.password)


def _account_state(enabled: bool) -> AccountState:
    return "activated" if enabled else "deactivated"


def _int_or_none(value: Any) -> int | None:
    # The engine hands numbers back as floats (1.0): show them as the integers they are.
    return int(value) if value is not None else None


def _summary(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    monitor = None
    if values["monitor_email"] is not None:
        monitor = {
            "email": values["monitor_email"],
            "frequency": _int_or_none(values["monitor_frequency"]),
        }
    return {
        "kind": kind,
        "username": values["username"],
        "user_id": _int_or_none(values["user_id"]),
        "ips": sorted(values["ips"] or []),
        "monitor": monitor,
        **({"credits": values["credits"]} if values["credits"] is not None else {}),
        **({"api_keys": dict(values["api_keys"])} if values["api_keys"] else {}),
    }


__all__ = [
    "TENANT_TYPE",
    "CustomerProfile",
    "Tenant",
    "TenantAccount",
    "TenantApiKey",
    "TenantArgs",
    "TenantCredits",
    "TenantDnsRecord",
    "TenantDomain",
    "TenantKind",
    "TenantMonitor",
]
