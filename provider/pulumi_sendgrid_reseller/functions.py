"""Lookups: read-only functions that return typed results, safe to call in preview.

They run in the Pulumi program itself, with the settings the provider reads (every key of
:mod:`.config`: credentials, ``readTimeout``, ``maxRequestsPerSecond``) from the stack
configuration or the environment, or with the credentials given to each call. Outside a
Pulumi program only the environment and the given credentials are used. Clients are
shared with every other lookup of the process (:mod:`._session`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Literal, ParamSpec, TypedDict, TypeVar, Unpack

import pulumi

from . import _session
from .client import (
    Account,
    AuthenticatedDomain,
    BrandedLink,
    Customer,
    CustomerFilter,
    EventWebhook,
    IpUsage,
    Offering,
    Reputation,
    SendGridClient,
    Subuser,
    Teammate,
)
from .config import explained, program_config, resolve_credentials, resolve_eu_api_url

IpTask = Literal["all", "free", "taken", "available"]


class LookupCredentials(TypedDict, total=False):
    """The credentials of one lookup call; each one not given comes from the settings."""

    api_user: str | None
    """API user for this call only."""
    api_key: str | None
    """API key for this call only."""
    api_url: str | None
    """Endpoint for this call only."""


class OwnerQuery(LookupCredentials, total=False):
    """Whose objects a lookup reads: a subuser's, an account's or (neither) the parent's."""

    subuser: str | None
    """A subuser's (``on-behalf-of: <username>``)."""
    account: str | None
    """An account's (``on-behalf-of: account-id <id>``); not with ``subuser``."""


class LookupCredentialInputs(TypedDict, total=False):
    """:class:`LookupCredentials` as Inputs, for the ``_output`` twins."""

    api_user: pulumi.Input[str | None]
    api_key: pulumi.Input[str | None]
    api_url: pulumi.Input[str | None]


class OwnerQueryInputs(LookupCredentialInputs, total=False):
    """:class:`OwnerQuery` as Inputs, for the ``_output`` twins."""

    subuser: pulumi.Input[str | None]
    account: pulumi.Input[str | None]


def _client(
    api_user: str | None = None, api_key: str | None = None, api_url: str | None = None
) -> SendGridClient:
    config = program_config()
    override = {"api_user": api_user, "api_key": api_key, "api_url": api_url}
    return _session.client_for(resolve_credentials(config, override=override), config=config)


@explained
def get_ips(
    task: IpTask = "all",
    *,
    ip: str | None = None,
    system: bool | None = None,
    **credentials: Unpack[LookupCredentials],
) -> list[str]:
    """The parent's IPs (``reseller.ip``): all, free, taken or available, optionally filtered.

    Args:
        task: ``all``; ``free`` (used by nobody); ``taken`` (used by an account);
            ``available`` (free, or used only by inactive accounts).
        ip: a complete or partial address to filter on.
        system: include the IPs assigned by SendGrid.
        api_user: API user for this call only.
        api_key: API key for this call only.
        api_url: endpoint for this call only.
    """
    client = _client(**credentials)
    return client.ips.list(task, ip=ip, system=system)


@explained
def get_ip_usage(
    *,
    ip: str | None = None,
    user: str | None = None,
    group: str | None = None,
    system: bool | None = None,
    **credentials: Unpack[LookupCredentials],
) -> list[IpUsage]:
    """Which account uses which of the parent's IPs (``reseller.ip task=usage``)."""
    client = _client(**credentials)
    return client.ips.usage(ip=ip, user=user, group=group, system=system)


@explained
def get_customer_ips(
    list_: IpTask = "all",
    **credentials: Unpack[LookupCredentials],
) -> list[str]:
    """The reseller's IPs as ``customer.ip`` lists them: all, free, taken or available."""
    client = _client(**credentials)
    return client.ips.customer_ips(list_)


@explained
def get_customers(
    filters: CustomerFilter | None = None,
    *,
    limit: int | None = None,
    offset: int | None = None,
    **credentials: Unpack[LookupCredentials],
) -> list[Customer]:
    """The parent's customers (``reseller.manage method=profile task=get``), filtered."""
    client = _client(**credentials)
    return client.customers.list(filters, limit=limit, offset=offset)


@explained
def get_subusers(
    *,
    username: str | None = None,
    include_region: bool = True,
    **credentials: Unpack[LookupCredentials],
) -> list[Subuser]:
    """Every subuser of the parent (all pages), or those whose name contains ``username``."""
    client = _client(**credentials)
    return list(client.subusers.iter(username=username, include_region=include_region))


@explained
def get_subuser_reputations(
    usernames: list[str],
    **credentials: Unpack[LookupCredentials],
) -> list[Reputation]:
    """The sender reputation of each named subuser (``GET /v3/subusers/reputations``)."""
    client = _client(**credentials)
    return client.subusers.reputations(usernames)


@explained
def get_offerings(
    **credentials: Unpack[LookupCredentials],
) -> list[Offering]:
    """The offerings catalog of Account Provisioning (``GET /v3/partners/offerings``).

    Each offering has ``name``, ``type`` (``package`` or ``addon``) and ``entitlements``.
    """
    return _client(**credentials).accounts.catalog()


@explained
def get_accounts(
    **credentials: Unpack[LookupCredentials],
) -> list[Account]:
    """Every provisioned account (``GET /v3/partners/accounts``, all pages)."""
    return list(_client(**credentials).accounts.iter())


def _owner_client(
    *,
    subuser: str | None = None,
    account: str | None = None,
    **credentials: Unpack[LookupCredentials],
) -> SendGridClient:
    """The client acting for the owner: a subuser, an account, or (neither) the parent.

    An EU subuser's own data is read at the EU endpoint.
    """
    client = _client(**credentials)
    if subuser is not None and account is not None:
        raise ValueError("subuser: must not be given together with account")
    if account is not None:
        return client.acting_for_account(account)
    if subuser is None:
        return client
    found = client.subusers.get(subuser)
    eu = found is not None and found.region == "eu"
    return client.acting_for(subuser, api_url=resolve_eu_api_url(program_config()) if eu else None)


@explained
def get_domain_authentications(
    *,
    domain: str | None = None,
    include_subusers: bool = False,
    **owner: Unpack[OwnerQuery],
) -> list[AuthenticatedDomain]:
    """The authenticated domains of the parent, or of a tenant (all pages).

    Args:
        domain: only this domain (exact match, any subdomain).
        subuser: a subuser's domains (``on-behalf-of: <username>``).
        account: an account's domains (``on-behalf-of: account-id <id>``); not with
            ``subuser``.
        include_subusers: the parent's list also holds its subusers' domains (SendGrid
            lists them to the parent unless told not to).
        api_user: API user for this call only.
        api_key: API key for this call only.
        api_url: endpoint for this call only.
    """
    client = _owner_client(**owner)
    wanted = domain.lower() if domain is not None else None
    found = client.domains.iter(domain=domain, exclude_subusers=not include_subusers)
    return [d for d in found if wanted is None or d.domain.lower() == wanted]


@explained
def get_link_brandings(
    *,
    domain: str | None = None,
    **owner: Unpack[OwnerQuery],
) -> list[BrandedLink]:
    """The branded links of the parent, or of a tenant (``subuser`` or ``account``).

    ``domain`` keeps only the link brandings of that domain; the other arguments are those
    of :func:`get_domain_authentications`.
    """
    client = _owner_client(**owner)
    wanted = domain.lower() if domain is not None else None
    return [link for link in client.links.list() if wanted is None or link.domain.lower() == wanted]


@explained
def get_event_webhooks(
    **owner: Unpack[OwnerQuery],
) -> list[EventWebhook]:
    """The event webhooks of a subuser, an account or (neither) the parent.

    ``GET /v3/user/webhooks/event/settings/all``: each with its id, its settings and, when
    signed, its public key.
    """
    client = _owner_client(**owner)
    return client.event_webhooks.list()


@explained
def get_teammates(
    **owner: Unpack[OwnerQuery],
) -> list[Teammate]:
    """The teammates of a subuser, an account or (neither) the parent.

    Every page of ``GET /v3/teammates``; a pending invitation is not a teammate yet.
    """
    client = _owner_client(**owner)
    return list(client.teammates.iter())


# --------------------------------------------------------------------------------------
# The ``_output`` twins: Inputs in, an Output out (unknown while an input is unknown).
# Each is declared by its typed signature alone (what an IDE and mypy read); its body, its
# docstring and the check that it takes exactly its lookup's parameters come from
# :func:`_output_twin`.
# --------------------------------------------------------------------------------------

T = TypeVar("T")
P = ParamSpec("P")


def _parameters(function: Callable[..., object]) -> list[tuple[str, object, object]]:
    """Each parameter's name, kind and default; a ``**`` parameter's: its keys instead."""
    found: list[tuple[str, object, object]] = []
    for p in inspect.signature(function).parameters.values():
        if p.kind is p.VAR_KEYWORD:
            # ``Unpack[SomeTypedDict]``, a string under postponed annotations.
            name = str(p.annotation).removeprefix("Unpack[").removesuffix("]")
            unpacked = inspect.unwrap(function).__globals__[name]
            keys = unpacked.__required_keys__ | unpacked.__optional_keys__
            found.append((p.name, p.kind, sorted(keys)))
        else:
            found.append((p.name, p.kind, p.default))
    return found


def _output_twin(
    lookup: Callable[..., T],
) -> Callable[[Callable[P, pulumi.Output[T]]], Callable[P, pulumi.Output[T]]]:
    """Make the decorated signature the ``_output`` twin of ``lookup``.

    The twin runs ``lookup`` once every argument is known, with the same arguments (each
    may be an Output), and returns its answer as an Output.

    Raises:
        TypeError: (at import) the signature's parameters are not the lookup's: the same
            names, kinds and defaults (for a ``**`` parameter, the same keys), in the same
            order.
    """
    expected = _parameters(lookup)

    def make(signature: Callable[P, pulumi.Output[T]]) -> Callable[P, pulumi.Output[T]]:
        declared = inspect.signature(signature)
        got = _parameters(signature)
        if got != expected:
            raise TypeError(
                f"{signature.__name__}: parameters {got} are not {lookup.__name__}'s {expected}"
            )

        @functools.wraps(signature)
        def twin(*args: P.args, **kwargs: P.kwargs) -> pulumi.Output[T]:
            bound = declared.bind(*args, **kwargs)
            bound.apply_defaults()
            return pulumi.Output.all(list(bound.args), dict(bound.kwargs)).apply(
                lambda known: lookup(*known[0], **known[1])
            )

        twin.__doc__ = f":func:`{lookup.__name__}` taking Inputs and returning an Output."
        return twin

    return make


@_output_twin(get_ips)
def get_ips_output(
    task: pulumi.Input[IpTask] = "all",
    *,
    ip: pulumi.Input[str | None] = None,
    system: pulumi.Input[bool | None] = None,
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[str]]:
    """:func:`get_ips` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_ip_usage)
def get_ip_usage_output(
    *,
    ip: pulumi.Input[str | None] = None,
    user: pulumi.Input[str | None] = None,
    group: pulumi.Input[str | None] = None,
    system: pulumi.Input[bool | None] = None,
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[IpUsage]]:
    """:func:`get_ip_usage` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_customer_ips)
def get_customer_ips_output(
    list_: pulumi.Input[IpTask] = "all",
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[str]]:
    """:func:`get_customer_ips` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_customers)
def get_customers_output(
    filters: CustomerFilter | None = None,
    *,
    limit: pulumi.Input[int | None] = None,
    offset: pulumi.Input[int | None] = None,
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[Customer]]:
    """:func:`get_customers` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_subusers)
def get_subusers_output(
    *,
    username: pulumi.Input[str | None] = None,
    include_region: pulumi.Input[bool] = True,
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[Subuser]]:
    """:func:`get_subusers` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_subuser_reputations)
def get_subuser_reputations_output(
    usernames: pulumi.Input[Sequence[pulumi.Input[str]]],
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[Reputation]]:
    """:func:`get_subuser_reputations` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_offerings)
def get_offerings_output(
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[Offering]]:
    """:func:`get_offerings` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_accounts)
def get_accounts_output(
    **credentials: Unpack[LookupCredentialInputs],
) -> pulumi.Output[list[Account]]:
    """:func:`get_accounts` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_domain_authentications)
def get_domain_authentications_output(
    *,
    domain: pulumi.Input[str | None] = None,
    include_subusers: pulumi.Input[bool] = False,
    **owner: Unpack[OwnerQueryInputs],
) -> pulumi.Output[list[AuthenticatedDomain]]:
    """:func:`get_domain_authentications` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_link_brandings)
def get_link_brandings_output(
    *,
    domain: pulumi.Input[str | None] = None,
    **owner: Unpack[OwnerQueryInputs],
) -> pulumi.Output[list[BrandedLink]]:
    """:func:`get_link_brandings` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_event_webhooks)
def get_event_webhooks_output(
    **owner: Unpack[OwnerQueryInputs],
) -> pulumi.Output[list[EventWebhook]]:
    """:func:`get_event_webhooks` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


@_output_twin(get_teammates)
def get_teammates_output(
    **owner: Unpack[OwnerQueryInputs],
) -> pulumi.Output[list[Teammate]]:
    """:func:`get_teammates` taking Inputs and returning an Output."""
    raise NotImplementedError  # the body is made by _output_twin


__all__ = [
    "get_accounts",
    "get_accounts_output",
    "get_customer_ips",
    "get_customer_ips_output",
    "get_customers",
    "get_customers_output",
    "get_domain_authentications",
    "get_domain_authentications_output",
    "get_event_webhooks",
    "get_event_webhooks_output",
    "get_ip_usage",
    "get_ip_usage_output",
    "get_ips",
    "get_ips_output",
    "get_link_brandings",
    "get_link_brandings_output",
    "get_offerings",
    "get_offerings_output",
    "get_subuser_reputations",
    "get_subuser_reputations_output",
    "get_subusers",
    "get_subusers_output",
    "get_teammates",
    "get_teammates_output",
]
