"""Sender authentication calls (``/v3/whitelabel/domains`` and ``/links``) against the
emulator over HTTP: the parent's own, on behalf of a subuser and of an account, and the
associations of a parent's domain or link branding with subusers."""

from __future__ import annotations

import pytest

from pulumi_sendgrid_reseller.client import (
    DOMAIN_RECORDS_AUTOMATIC,
    LINK_RECORDS,
    AccountCreate,
    AlreadyExistsError,
    DomainCreate,
    DomainUpdate,
    InvalidRequestError,
    LinkCreate,
    LinkUpdate,
    NotFoundError,
    SendGridClient,
)

from ._data import subuser
from .conftest import Control


@pytest.fixture
def tenant(client: SendGridClient) -> str:
    """A subuser ``tenant``."""
    client.subusers.create(subuser("tenant"))
    return "tenant"


def test_domain_lifecycle_of_the_parent(client: SendGridClient, emu: Control) -> None:
    made = client.domains.create(DomainCreate(domain="example.com", subdomain="em"))
    assert (made.domain, made.subdomain, made.automatic_security) == ("example.com", "em", True)
    assert set(made.dns) == set(DOMAIN_RECORDS_AUTOMATIC)
    assert made.dns["mail_cname"].host == "em.example.com"
    assert made.dns["mail_cname"].type == "cname" and not made.valid

    got = client.domains.get(made.id)
    assert got.dns == made.dns  # stable: the records never change
    assert [d.id for d in client.domains.list(domain="example.com")] == [made.id]
    assert [d.id for d in client.domains.iter()] == [made.id]

    patched = client.domains.update(made.id, DomainUpdate(default=True))
    assert patched.default and client.domains.get(made.id).default
    assert [d.id for d in client.domains.get_default()] == [made.id]

    result = client.domains.validate(made.id)
    assert result.id == made.id and not result.valid
    assert set(result.validation_results) >= {"mail_cname", "dkim1", "dkim2"}
    assert all(r.reason for r in result.validation_results.values() if not r.valid)

    client.domains.delete(made.id)
    with pytest.raises(NotFoundError):
        client.domains.get(made.id)
    with pytest.raises(NotFoundError):
        client.domains.delete(made.id)
    assert emu.count("POST /v3/whitelabel/domains") == 1


def test_manual_security_records_and_custom_spf(client: SendGridClient) -> None:
    made = client.domains.create(
        DomainCreate(domain="manual.example.com", automatic_security=False, custom_spf=True)
    )
    assert not made.automatic_security and made.custom_spf
    assert made.subdomain  # SendGrid picks one
    assert {"mail_server", "dkim"} <= set(made.dns)
    patched = client.domains.update(made.id, DomainUpdate(custom_spf=False))
    assert not patched.custom_spf


def test_domains_on_behalf_of_a_subuser_and_an_account(client: SendGridClient, tenant: str) -> None:
    sub = client.acting_for(tenant)
    own = sub.domains.create(DomainCreate(domain="tenant.example.com", subdomain="em"))
    assert [d.id for d in sub.domains.list()] == [own.id]
    assert own.id not in [d.id for d in client.domains.list(exclude_subusers=True)]

    account_id = client.accounts.create(
        AccountCreate.model_validate({"offerings": [{"name": "org.ei.free.v1", "type": "package"}]})
    )
    acct = client.acting_for(f"account-id {account_id}")
    theirs = acct.domains.create(DomainCreate(domain="account.example.com"))
    assert [d.id for d in acct.domains.list()] == [theirs.id]
    assert acct.domains.get(theirs.id).domain == "account.example.com"
    # Each sees its own only.
    with pytest.raises(NotFoundError):
        sub.domains.get(theirs.id)


def test_associations_of_a_parents_domain(client: SendGridClient, tenant: str) -> None:
    made = client.domains.create(DomainCreate(domain="shared.example.com", subdomain="em"))
    client.domains.add_subuser(made.id, tenant)
    assert [d.id for d in client.domains.associated_all(tenant)] == [made.id]
    client.domains.remove_subuser(made.id, tenant)
    assert client.domains.associated_all(tenant) == []

    client.domains.associate(made.id, tenant)
    assert client.domains.associated(tenant).id == made.id
    client.domains.disassociate(tenant)
    with pytest.raises(NotFoundError):
        client.domains.associated(tenant)


def test_link_branding_lifecycle_and_association(client: SendGridClient, tenant: str) -> None:
    made = client.links.create(LinkCreate(domain="example.com", subdomain="links"))
    assert set(made.dns) == set(LINK_RECORDS)
    assert made.dns["domain_cname"].host == "links.example.com"
    assert client.links.get(made.id).dns == made.dns
    assert [link.id for link in client.links.list()] == [made.id]
    assert client.links.update(made.id, LinkUpdate(default=True)).default
    assert client.links.get_default().id == made.id

    result = client.links.validate(made.id)
    assert not result.valid and not result.validation_results["domain_cname"].valid

    client.links.associate(made.id, tenant)
    assert client.links.associated(tenant).id == made.id
    client.links.disassociate(tenant)
    with pytest.raises(NotFoundError):
        client.links.associated(tenant)

    sub = client.acting_for(tenant)
    own = sub.links.create(LinkCreate(domain="tenant.example.com"))
    assert [link.id for link in sub.links.list()] == [own.id]

    client.links.delete(made.id)
    with pytest.raises(NotFoundError):
        client.links.get(made.id)


def test_bad_input_is_refused_by_sendgrid_too(client: SendGridClient) -> None:
    # The request model checks first; a body built around it reaches the emulator's rule.
    with pytest.raises(ValueError, match="three letters or digits"):
        DomainCreate(domain="example.com", custom_dkim_selector="toolong")
    made = client.domains.create(DomainCreate(domain="example.com", subdomain="em"))
    with pytest.raises(InvalidRequestError):
        client.links.create(LinkCreate(domain="example.com", subdomain="em"))  # a domain's
    assert [d.id for d in client.domains.list()] == [made.id]


def test_a_duplicate_domain_or_link_is_already_exists(client: SendGridClient) -> None:
    made = client.domains.create(DomainCreate(domain="example.com", subdomain="em"))
    with pytest.raises(AlreadyExistsError, match="already an authenticated domain"):
        client.domains.create(DomainCreate(domain="example.com", subdomain="em"))
    assert [d.id for d in client.domains.list()] == [made.id]
    link = client.links.create(LinkCreate(domain="example.com", subdomain="links"))
    with pytest.raises(AlreadyExistsError, match="already used by a branded link"):
        client.links.create(LinkCreate(domain="example.com", subdomain="links"))
    assert [one.id for one in client.links.list()] == [link.id]
