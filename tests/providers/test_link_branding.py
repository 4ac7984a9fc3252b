"""LinkBranding's provider against the emulator: branded links of a tenant or the parent."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import LinkBranding, ProviderError

from .conftest import Drive, Driver, assert_in_place, changes, counts, fault, on_behalf

LINKS = "/v3/whitelabel/links"
SHOP: dict[str, Any] = {"domain": "shop.example.com", "subdomain": "links", "subuser": "shop-mail"}
PARENT: dict[str, Any] = {"domain": "example.com", "subdomain": "links"}


@pytest.fixture
def link(drive: Drive, emulator: Emulator) -> Driver:
    for name in ("shop-mail", "helper-mail"):
        body = {
            "username": name,
            "email": f"{name}@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
        }
        emulator.v3("POST", "subusers", body)
    return drive(LinkBranding)


def links(emulator: Emulator) -> dict[int, dict[str, Any]]:
    return {int(link["id"]): link for link in emulator.state()["links"]}


def lent_to(emulator: Emulator, link_id: int) -> list[str]:
    return sorted(links(emulator)[link_id]["subusers"])


@pytest.mark.parametrize(
    ("inputs", "field", "rule"),
    [
        ({"domain": "example..com"}, "domain", "domain name"),
        ({**SHOP, "account": "acc-1"}, "subuser", "must not be given together with account"),
        ({**PARENT, "region": "mars"}, "region", "'us' or 'eu'"),
        (
            {**PARENT, "associated_subusers": ["shop-mail", "shop-mail"]},
            "associated_subusers",
            "must not name a subuser twice",
        ),
    ],
)
def test_check_names_field_and_rule(
    link: Driver, inputs: dict[str, Any], field: str, rule: str
) -> None:
    found = link.failures(inputs)
    assert list(found) == [field], found
    assert rule in found[field]


def test_a_subusers_links_made_on_its_behalf(link: Driver, emulator: Emulator) -> None:
    state = link.create(SHOP)
    remote = links(emulator)[int(state.id)]
    assert remote["owner"] == "shop-mail"
    assert state.outputs["link_id"] == int(state.id)
    assert set(state.outputs["dns_records"]) == {"domain_cname", "owner_cname"}
    assert state.outputs["dns_records"]["domain_cname"]["host"] == "links.shop.example.com"
    listed = on_behalf(emulator, "shop-mail", "GET", "whitelabel/links")
    assert [item["id"] for item in listed] == [int(state.id)]
    link.refresh(state, SHOP)


def test_default_changes_in_place_by_patch(link: Driver, emulator: Emulator) -> None:
    state = link.create(PARENT)
    assert_in_place(link.diff(state, {**PARENT, "default": True}))
    emulator.clear_log()
    updated = link.update(state, {**PARENT, "default": True})
    assert counts(emulator) == {f"PATCH {LINKS}/{state.id}": 1}
    assert links(emulator)[int(state.id)]["default"] is True
    link.refresh(updated, {**PARENT, "default": True})


def test_associations_are_kept_in_sync(link: Driver, emulator: Emulator) -> None:
    lent = {**PARENT, "associated_subusers": ["shop-mail"]}
    state = link.create(lent)
    assert lent_to(emulator, int(state.id)) == ["shop-mail"]
    moved = {**PARENT, "associated_subusers": ["helper-mail"]}
    assert_in_place(link.diff(state, moved))
    state = link.update(state, moved)
    assert lent_to(emulator, int(state.id)) == ["helper-mail"]
    link.refresh(state, moved)


@pytest.mark.parametrize(
    "change",
    [{"domain": "example.org"}, {"subdomain": "click"}, {"region": "eu"}],
    ids=lambda change: next(iter(change)),
)
def test_what_no_call_changes_replaces(link: Driver, change: dict[str, Any]) -> None:
    state = link.create(PARENT)
    assert changes(link.diff(state, {**PARENT, **change})) == (True, list(change))


def test_drift_is_read_and_repaired(link: Driver, emulator: Emulator) -> None:
    state = link.create(PARENT)
    emulator.v3("PATCH", f"whitelabel/links/{state.id}", {"default": True})
    fresh = link.read(state)
    assert fresh is not None and fresh.outputs["default"] is True
    assert_in_place(link.diff(fresh, PARENT))
    repaired = link.update(fresh, PARENT)
    assert links(emulator)[int(state.id)]["default"] is False
    link.refresh(repaired, PARENT)


def test_delete_and_delete_of_links_gone(link: Driver, emulator: Emulator) -> None:
    state = link.create(SHOP)
    link.delete(state)
    assert links(emulator) == {}
    assert link.read(state) is None
    link.delete(state)


def test_lost_create_answer_makes_one_link_branding(link: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=f"^{LINKS}$", drop_after_commit=True, count=1)
    state = link.create(SHOP)
    assert list(links(emulator)) == [int(state.id)]
    assert counts(emulator)[f"POST {LINKS}"] == 1
    link.refresh(state, SHOP)


def test_existing_links_are_taken_over_only_with_adopt(link: Driver, emulator: Emulator) -> None:
    body = {"domain": "shop.example.com", "subdomain": "links", "default": True}
    on_behalf(emulator, "shop-mail", "POST", "whitelabel/links", body)
    # A foreign duplicate (SendGrid's 400 "is already used by a branded link") is refused
    # with the way to take it over.
    with pytest.raises(
        ProviderError,
        match=r"links\.shop\.example\.com of subuser 'shop-mail' "
        r"already exists in SendGrid.*set adopt=True",
    ):
        link.create(SHOP)
    assert len(links(emulator)) == 1
    state = link.create({**SHOP, "adopt": True})
    (remote,) = links(emulator).values()
    assert state.id == str(remote["id"]) and remote["default"] is False
    link.refresh(state, {**SHOP, "adopt": True})
