"""DomainAuthentication's provider against the emulator: a tenant's or the parent's domain."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import DomainAuthentication, ProviderError

from .conftest import (
    Drive,
    Driver,
    assert_in_place,
    changes,
    counts,
    fault,
    interrupted_creates,
    on_behalf,
)

DOMAINS = "/v3/whitelabel/domains"


@pytest.fixture
def domain(drive: Drive, emulator: Emulator) -> Driver:
    for name in ("shop-mail", "helper-mail"):
        body = {
            "username": name,
            "email": f"{name}@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
        }
        emulator.v3("POST", "subusers", body)
    return drive(DomainAuthentication)


def user_id(emulator: Emulator, username: str) -> int:
    return int(emulator.accounts()[username]["user_id"])


def domains(emulator: Emulator) -> dict[int, dict[str, Any]]:
    return {int(d["id"]): d for d in emulator.state()["domains"]}


def lent_to(emulator: Emulator, domain_id: int) -> list[str]:
    return sorted(s["username"] for s in domains(emulator)[domain_id]["subusers"])


SHOP: dict[str, Any] = {"domain": "shop.example.com", "subdomain": "em", "subuser": "shop-mail"}
PARENT: dict[str, Any] = {"domain": "example.com", "subdomain": "em"}


@pytest.mark.parametrize(
    ("inputs", "field", "rule"),
    [
        ({"domain": "not a domain"}, "domain", "domain name"),
        ({**PARENT, "custom_dkim_selector": "abcd"}, "custom_dkim_selector", "three letters"),
        ({**PARENT, "custom_spf": True}, "custom_spf", "automatic_security"),
        ({**SHOP, "account": "acc-1"}, "subuser", "must not be given together with account"),
        (
            {**SHOP, "associated_subusers": ["helper-mail"]},
            "associated_subusers",
            "only the parent's own object",
        ),
        (
            {**PARENT, "associated_subusers": [f"user{i}" for i in range(6)]},
            "associated_subusers",
            "at most 5",
        ),
        ({**PARENT, "ips": ["192.0.2.10", "192.0.2.10"]}, "ips", "must not contain duplicates"),
    ],
)
def test_check_names_field_and_rule(
    domain: Driver, inputs: dict[str, Any], field: str, rule: str
) -> None:
    found = domain.failures(inputs)
    assert list(found) == [field], found
    assert rule in found[field]


def test_a_subusers_domain_made_on_its_behalf(domain: Driver, emulator: Emulator) -> None:
    state = domain.create(SHOP)
    remote = domains(emulator)[int(state.id)]
    assert remote["owner"] == "shop-mail" and remote["subdomain"] == "em"
    assert state.outputs["domain_id"] == int(state.id)
    assert state.outputs["user_id"] == user_id(emulator, "shop-mail")
    records = state.outputs["dns_records"]
    assert set(records) == set(remote["dns"]) == {"mail_cname", "dkim1", "dkim2"}
    assert records["mail_cname"] == {**remote["dns"]["mail_cname"]}
    assert on_behalf(emulator, "shop-mail", "GET", f"whitelabel/domains/{state.id}")["id"] == int(
        state.id
    )
    domain.refresh(state, SHOP)


def test_an_accounts_domain(domain: Driver, emulator: Emulator) -> None:
    account = emulator.v3(
        "POST", "partners/accounts", {"offerings": [{"name": "org.ei.free.v1", "type": "package"}]}
    )["account_id"]
    wanted = {"domain": "acct.example.com", "account": account}
    state = domain.create(wanted)
    listed = on_behalf(emulator, f"account-id {account}", "GET", "whitelabel/domains")
    assert [d["id"] for d in listed] == [int(state.id)]
    domain.refresh(state, wanted)


def test_a_subdomain_sendgrid_picks_is_no_drift(domain: Driver, emulator: Emulator) -> None:
    state = domain.create({"domain": "example.com"})
    assert domains(emulator)[int(state.id)]["subdomain"]  # picked by SendGrid
    fresh = domain.refresh(state, {"domain": "example.com"})
    assert "subdomain" not in fresh.inputs


@pytest.mark.parametrize(
    ("before", "change"),
    [
        (PARENT, {"default": True}),
        ({**PARENT, "automatic_security": False}, {"custom_spf": True}),
    ],
    ids=["default", "custom_spf"],
)
def test_default_and_custom_spf_change_in_place_by_patch(
    domain: Driver, emulator: Emulator, before: dict[str, Any], change: dict[str, Any]
) -> None:
    state = domain.create(before)
    after = {**before, **change}
    assert_in_place(domain.diff(state, after))
    emulator.clear_log()
    updated = domain.update(state, after)
    assert counts(emulator) == {f"PATCH {DOMAINS}/{state.id}": 1}
    remote = domains(emulator)[int(state.id)]
    assert all(remote[k] == v for k, v in change.items())
    domain.refresh(updated, after)


def test_associations_are_kept_in_sync(domain: Driver, emulator: Emulator) -> None:
    lent = {**PARENT, "associated_subusers": ["shop-mail"]}
    state = domain.create(lent)
    assert lent_to(emulator, int(state.id)) == ["shop-mail"]
    assert counts(emulator)[f"POST {DOMAINS}/{state.id}/subuser:add"] == 1

    moved = {**PARENT, "associated_subusers": ["helper-mail"]}
    assert_in_place(domain.diff(state, moved))
    state = domain.update(state, moved)
    assert lent_to(emulator, int(state.id)) == ["helper-mail"]
    state = domain.refresh(state, moved)

    # Taken back outside Pulumi: a read shows it, an update lends it again.
    emulator.v3("DELETE", f"whitelabel/domains/{state.id}/subuser?username=helper-mail")
    fresh = domain.read(state)
    assert fresh is not None and fresh.outputs["associated_subusers"] == []
    assert_in_place(domain.diff(fresh, moved))
    repaired = domain.update(fresh, moved)
    assert lent_to(emulator, int(state.id)) == ["helper-mail"]
    domain.refresh(repaired, moved)


@pytest.mark.parametrize(
    "change",
    [
        {"domain": "example.org"},
        {"subdomain": "mail"},
        {"automatic_security": False},
        {"custom_dkim_selector": "k9x"},
        {"ips": ["192.0.2.10"]},
        {"region": "eu"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_what_no_call_changes_replaces(domain: Driver, change: dict[str, Any]) -> None:
    state = domain.create(PARENT)
    assert changes(domain.diff(state, {**PARENT, **change})) == (True, list(change))


def test_another_owner_replaces_a_rename_does_not(domain: Driver, emulator: Emulator) -> None:
    uid = user_id(emulator, "shop-mail")
    state = domain.create({**SHOP, "subuser_id": uid})
    other = {**SHOP, "subuser": "helper-mail", "subuser_id": user_id(emulator, "helper-mail")}
    assert changes(domain.diff(state, other)) == (True, ["subuser_id"])
    assert_in_place(domain.diff(state, {**SHOP, "subuser": "shop-2", "subuser_id": uid}))
    assert changes(domain.diff(state, {**SHOP, "subuser": None, "account": "acc-1"}))[1] == [
        "account",
        "subuser",
    ]


def test_drift_is_read_and_repaired(domain: Driver, emulator: Emulator) -> None:
    state = domain.create(PARENT)
    emulator.v3("PATCH", f"whitelabel/domains/{state.id}", {"default": True})
    fresh = domain.read(state)
    assert fresh is not None and fresh.outputs["default"] is True
    assert_in_place(domain.diff(fresh, PARENT))
    repaired = domain.update(fresh, PARENT)
    assert domains(emulator)[int(state.id)]["default"] is False
    domain.refresh(repaired, PARENT)


def test_delete_and_delete_of_a_domain_gone(domain: Driver, emulator: Emulator) -> None:
    state = domain.create(SHOP)
    domain.delete(state)
    assert domains(emulator) == {}
    assert domain.read(state) is None
    domain.delete(state)


def test_lost_create_answer_makes_one_domain(domain: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=f"^{DOMAINS}$", drop_after_commit=True, count=1)
    state = domain.create(SHOP)
    assert list(domains(emulator)) == [int(state.id)]
    assert counts(emulator)[f"POST {DOMAINS}"] == 1
    domain.refresh(state, SHOP)


def test_an_existing_domain_is_taken_over_only_with_adopt(
    domain: Driver, emulator: Emulator
) -> None:
    body = {"domain": "shop.example.com", "subdomain": "em", "default": True}
    on_behalf(emulator, "shop-mail", "POST", "whitelabel/domains", body)
    # A foreign duplicate (SendGrid's 400 "is already an authenticated domain") is refused,
    # naming the domain and the way to take it over.
    with pytest.raises(
        ProviderError,
        match=r"em\.shop\.example\.com of subuser 'shop-mail' "
        r"already exists in SendGrid.*set adopt=True",
    ):
        domain.create(SHOP)
    assert len(domains(emulator)) == 1

    state = domain.create({**SHOP, "adopt": True})
    (remote,) = domains(emulator).values()
    assert state.id == str(remote["id"]) and remote["default"] is False
    domain.refresh(state, {**SHOP, "adopt": True})


def test_a_refused_takeover_keeps_the_note_of_the_interrupted_runs_domain(
    domain: Driver, emulator: Emulator
) -> None:
    fault(emulator, method="POST", path=f"^{DOMAINS}$", drop_after_commit=True, count=1)
    fault(emulator, method="GET", path=f"^{DOMAINS}$", status=400, count=1)
    interrupted_creates(emulator, domain, SHOP)
    # The next run declares it otherwise: refused, as differing from the one it made ...
    printed = interrupted_creates(emulator, domain, {**SHOP, "default": True})
    assert printed.startswith("NotOwnedError") and "default differs" in printed, printed
    # ... and the run after it, back to the declaration, still takes it over without adopt.
    emulator.clear_log()
    state = domain.create(SHOP)
    assert f"POST {DOMAINS}" not in counts(emulator)
    (remote,) = domains(emulator).values()
    assert state.id == str(remote["id"])


def test_an_interrupted_runs_domain_is_taken_over_when_it_matches(
    domain: Driver, emulator: Emulator
) -> None:
    fault(emulator, method="POST", path=f"^{DOMAINS}$", drop_after_commit=True, count=2)
    fault(emulator, method="GET", path=f"^{DOMAINS}$", status=400, count=2)
    other = {"domain": "other.example.com", "subdomain": "em", "subuser": "shop-mail"}
    printed = interrupted_creates(emulator, domain, SHOP, other)
    assert printed.count("InvalidRequestError") == 2
    assert len(domains(emulator)) == 2

    emulator.clear_log()
    state = domain.create(SHOP)
    assert f"POST {DOMAINS}" not in counts(emulator)
    assert domains(emulator)[int(state.id)]["domain"] == "shop.example.com"
    domain.refresh(state, SHOP)

    with pytest.raises(ProviderError, match="default differs"):
        domain.create({**other, "default": True})
    assert len(domains(emulator)) == 2
