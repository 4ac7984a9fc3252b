"""``localdns.record.Record`` through the real engine against a local DNS server."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import StackFactory, change_summary
from localdns import LocalDnsServer, RecordsClient


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from localdns.record import Record

        cname = Record(
            "mail",
            zone="example.com",
            name=cfg["name"],
            type="CNAME",
            value=cfg["value"],
            ttl=cfg.get("ttl", 300),
            api_url=cfg["api_url"],
        )
        Record(
            "spf",
            zone="example.com",
            name="@",
            type=cfg.get("spf_type", "TXT"),
            value="v=spf1 include:sendgrid.net ~all",
            api_url=cfg["api_url"],
        )
        pulumi.export("fqdn", cname.fqdn)
        pulumi.export("value", cname.value)

    return program


def test_record_lifecycle(make_stack: StackFactory, local_dns: LocalDnsServer) -> None:
    client = RecordsClient(local_dns.api_url)
    cfg: dict[str, Any] = {
        "api_url": local_dns.api_url,
        "name": "em1234",
        "value": "U7.wl1.sendgrid.net",
    }
    stack = make_stack(program_for(cfg))
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 3}
    assert up.outputs["fqdn"].value == "em1234.example.com"
    assert up.outputs["value"].value == "u7.wl1.sendgrid.net"
    assert {(r.name, r.type, r.value) for r in client.list()} == {
        ("em1234.example.com", "CNAME", "u7.wl1.sendgrid.net"),
        ("example.com", "TXT", "v=spf1 include:sendgrid.net ~all"),
    }
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 3}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 3}

    # In place: the value and the TTL.
    cfg.update(value="u7.wl2.sendgrid.net", ttl=60)
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "update": 1}
    (cname,) = client.list(record_type="CNAME")
    assert (cname.value, cname.ttl) == ("u7.wl2.sendgrid.net", 60)

    # Drift behind the program's back shows at refresh, and up repairs it.
    client.update(cname.id, value="elsewhere.example.net")
    assert change_summary(stack.refresh(on_output=print)) == {"same": 2, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "update": 1}
    assert client.get(cname.id).value == "u7.wl2.sendgrid.net"  # type: ignore[union-attr]

    # A record deleted behind its back is gone at refresh and made again by up.
    client.delete(cname.id)
    assert change_summary(stack.refresh(on_output=print)) == {"same": 2, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "create": 1}
    assert len(client.list(record_type="CNAME")) == 1

    # Another name replaces the record.
    cfg.update(name="em9999")
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "replace": 1}
    assert [r.name for r in client.list(record_type="CNAME")] == ["em9999.example.com"]

    stack.destroy(on_output=print)
    assert client.list() == []


def test_bad_input_fails_at_preview_naming_the_field(
    make_stack: StackFactory, local_dns: LocalDnsServer
) -> None:
    cfg = {"api_url": local_dns.api_url, "name": "em1", "value": "a b"}
    stack = make_stack(program_for(cfg))
    with pytest.raises(auto.CommandError) as caught:
        stack.preview(on_output=print)
    text = str(caught.value)
    assert "dynamic/localdns:Record" in text
    assert "property value value {a b} has a problem: 'a b' is not a host name" in text
    assert RecordsClient(local_dns.api_url).list() == []
