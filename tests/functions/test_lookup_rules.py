"""What holds for every lookup: it leaves the shared client open, it explains a missing
setting the same way, and its ``_output`` twin takes exactly its parameters."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

import pulumi_sendgrid_reseller as sg
from conftest import Emulator
from pulumi_sendgrid_reseller import functions
from pulumi_sendgrid_reseller.config import explained

LOOKUPS: dict[str, dict[str, Any]] = {
    "get_ips": {},
    "get_ip_usage": {},
    "get_customer_ips": {},
    "get_customers": {},
    "get_subusers": {},
    "get_subuser_reputations": {"usernames": ["nobody"]},
    "get_offerings": {},
    "get_accounts": {},
    "get_domain_authentications": {},
    "get_link_brandings": {},
    "get_event_webhooks": {},
    "get_teammates": {},
}


def test_every_lookup_is_listed_here() -> None:
    public = {n for n in functions.__all__ if not n.endswith("_output")}
    assert public == set(LOOKUPS)
    assert {n for n in functions.__all__ if n.endswith("_output")} == {
        f"{n}_output" for n in LOOKUPS
    }


def use(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    for name, value in {**emulator.env(), **extra}.items():
        monkeypatch.setenv(name, value)


def _pools(emulator: Emulator) -> int:
    # The client every lookup of the process shares (the same credentials: the same one).
    client = functions._client(None, None, None)
    adapter = client.transport._session.get_adapter(emulator.url)
    return len(adapter.poolmanager.pools)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_no_lookup_closes_the_shared_client(
    name: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(emulator, monkeypatch)
    sg.get_ips("all")  # opens the shared client's connection to the emulator
    assert _pools(emulator) == 1
    getattr(sg, name)(**LOOKUPS[name])
    assert _pools(emulator) == 1, f"{name} closed the shared client's connections"
    assert sg.get_ips("all")  # and it still works


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_every_lookup_says_how_to_mend_a_bad_setting(
    name: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(emulator, monkeypatch, SENDGRID_READ_TIMEOUT="-1")
    with pytest.raises(sg.CredentialsError) as info:
        getattr(sg, name)(**LOOKUPS[name])
    message = str(info.value)
    assert "must be a positive number of seconds" in message
    assert "Set it with `pulumi config set sendgrid-reseller:readTimeout <seconds>`" in message


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_every_lookup_is_an_explained_entry_point(name: str) -> None:
    # The settings' own readers explain themselves; a client error raised during the call
    # (a v2 call without an API user) is explained by the lookup's ``@explained``.
    lookup = getattr(functions, name)
    assert inspect.unwrap(lookup) is not lookup
    assert lookup.__code__.co_filename == explained(lambda: None).__code__.co_filename


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_each_twin_takes_its_lookups_parameters(name: str) -> None:
    lookup, twin = getattr(sg, name), getattr(sg, f"{name}_output")
    assert list(inspect.signature(twin).parameters) == list(inspect.signature(lookup).parameters)
    assert twin.__doc__ == f":func:`{name}` taking Inputs and returning an Output."


def test_a_twin_that_differs_from_its_lookup_is_refused_at_import() -> None:
    def lookup(a: str, *, b: int = 1) -> str:
        return a * b

    def renamed(a: pulumi.Input[str], *, c: pulumi.Input[int] = 1) -> pulumi.Output[str]:
        raise NotImplementedError

    def other_default(a: pulumi.Input[str], *, b: pulumi.Input[int] = 2) -> pulumi.Output[str]:
        raise NotImplementedError

    make: Callable[..., Any] = functions._output_twin(lookup)
    for wrong in (renamed, other_default):
        with pytest.raises(TypeError, match="are not lookup's"):
            make(wrong)
