"""``localdns.record.RecordProvider`` driven directly against a local DNS server (no engine)."""

from __future__ import annotations

from typing import Any

import pytest

from localdns import LocalDnsServer, RecordError, RecordsClient
from localdns.record import RecordProvider


@pytest.fixture
def provider() -> RecordProvider:
    return RecordProvider()


def inputs(server: LocalDnsServer, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "api_url": server.api_url,
        "zone": "example.com",
        "name": "em1234",
        "type": "cname",
        "value": "U7.wl1.sendgrid.net.",
        "ttl": 300,
    }
    base.update(changes)
    checked = RecordProvider().check({}, base)
    assert checked.failures == []
    return dict(checked.inputs)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "SRV"}, "type"),
        ({"zone": "localhost"}, "zone"),
        ({"name": "bad name"}, "name"),
        ({"value": "not a host"}, "value"),
        ({"value": None}, "value"),
        ({"ttl": 0}, "ttl"),
        ({"ttl": True}, "ttl"),
        ({"api_url": ""}, "api_url"),
    ],
)
def test_check_names_the_field(
    provider: RecordProvider, local_dns: LocalDnsServer, changes: dict[str, Any], field: str
) -> None:
    base = {
        "api_url": local_dns.api_url,
        "zone": "example.com",
        "name": "em1234",
        "type": "CNAME",
        "value": "u7.wl1.sendgrid.net",
        "ttl": 300,
        **changes,
    }
    result = provider.check({}, base)
    assert [f.property for f in result.failures] == [field]


def test_check_normalises_so_that_nothing_churns(
    provider: RecordProvider, local_dns: LocalDnsServer
) -> None:
    checked = inputs(local_dns)
    assert (checked["type"], checked["value"]) == ("CNAME", "u7.wl1.sendgrid.net")
    again = inputs(local_dns, value="u7.wl1.sendgrid.net", type="CNAME")
    assert provider.diff("id", checked, again).changes is False
    mx = inputs(local_dns, type="MX", value="mx.sendgrid.net")
    assert mx["value"] == "10 mx.sendgrid.net"


def test_diff(provider: RecordProvider, local_dns: LocalDnsServer) -> None:
    old = inputs(local_dns)
    in_place = provider.diff("id", old, inputs(local_dns, value="other.example.net", ttl=60))
    assert in_place.changes is True and in_place.replaces == []
    replaced = provider.diff("id", old, inputs(local_dns, name="em9999"))
    assert replaced.replaces == ["name"] and replaced.delete_before_replace is True
    assert set(replaced.stables or []) == {"api_url", "zone", "type"}


def test_lifecycle_drift_and_removal(provider: RecordProvider, local_dns: LocalDnsServer) -> None:
    client = RecordsClient(local_dns.api_url)
    props = inputs(local_dns)
    created = provider.create(props)
    record_id = str(created.id)
    assert created.outs["fqdn"] == "em1234.example.com"
    assert created.outs["value"] == "u7.wl1.sendgrid.net"
    (stored,) = client.list()
    assert (stored.id, stored.name, stored.type) == (record_id, "em1234.example.com", "CNAME")
    # A read of an untouched record reports the inputs as they are: no diff.
    read = provider.read(record_id, created.outs)
    assert read.id == record_id and read.outs == created.outs
    assert read.inputs is not None
    assert provider.diff(record_id, dict(read.inputs), props).changes is False
    # Drift: the value changed behind the program's back is reported, and repaired.
    client.update(record_id, value="elsewhere.example.net")
    drifted = provider.read(record_id, created.outs)
    assert drifted.outs["value"] == "elsewhere.example.net"
    assert drifted.inputs is not None
    assert provider.diff(record_id, dict(drifted.inputs), props).changes is True
    repaired = provider.update(record_id, dict(drifted.inputs), props)
    assert repaired.outs is not None and repaired.outs["value"] == "u7.wl1.sendgrid.net"
    assert client.get(record_id).value == "u7.wl1.sendgrid.net"  # type: ignore[union-attr]
    # Removal: a read says it is gone; delete of what is gone succeeds.
    client.delete(record_id)
    gone = provider.read(record_id, created.outs)
    assert gone.id == "" and gone.outs == {}
    provider.delete(record_id, created.outs)
    with pytest.raises(RecordError) as caught:
        provider.update(record_id, props, props)
    assert caught.value.status == 404


def test_create_conflict_is_a_clear_error(
    provider: RecordProvider, local_dns: LocalDnsServer
) -> None:
    provider.create(inputs(local_dns))
    with pytest.raises(RecordError, match="already"):
        provider.create(inputs(local_dns, value="other.example.net"))


def test_without_api_url_each_operation_asks_the_environment(
    provider: RecordProvider, local_dns: LocalDnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCALDNS_API_URL", local_dns.api_url)
    props = inputs(local_dns, api_url=None)
    created = provider.create(props)
    assert created.outs["api_url"] is None
    assert RecordsClient(local_dns.api_url).get(str(created.id)) is not None
    assert provider.read(str(created.id), created.outs).id == created.id
    monkeypatch.setenv("LOCALDNS_API_URL", "http://127.0.0.1:9")
    with pytest.raises(ConnectionError, match=r"127\.0\.0\.1:9"):
        provider.read(str(created.id), created.outs)
