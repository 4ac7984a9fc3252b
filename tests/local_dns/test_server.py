"""The local DNS server: its rules, its HTTP API, its DNS answers (UDP and TCP), its file."""

from __future__ import annotations

from pathlib import Path

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest
import requests

from localdns import LocalDnsServer, RecordError, RecordsClient


def ask(server: LocalDnsServer, name: str, rdtype: str, tcp: bool = False) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", port=server.port, timeout=5)


def answers(message: dns.message.Message) -> list[str]:
    return [rd.to_text() for rrset in message.answer for rd in rrset]


def test_records_are_answered_over_udp_and_tcp(local_dns: LocalDnsServer) -> None:
    client = RecordsClient(local_dns.api_url)
    client.create("example.com", "mail", "CNAME", "U7.wl1.SendGrid.net.")
    client.create("example.com", "example.com", "TXT", "v=spf1 include:sendgrid.net ~all")
    client.create("example.com", "@", "TXT", "k=rsa; p=" + "A" * 400)
    client.create("example.com", "em.example.com", "MX", "mx.sendgrid.net")
    client.create("example.com", "www", "A", "192.0.2.10")
    client.create("example.com", "www", "AAAA", "2001:db8::1")
    for tcp in (False, True):
        cname = ask(local_dns, "MAIL.example.com", "CNAME", tcp)
        assert answers(cname) == ["u7.wl1.sendgrid.net."]
        assert cname.flags & dns.flags.AA  # type: ignore[attr-defined]
        txt = ask(local_dns, "example.com", "TXT", tcp)
        joined = sorted(b"".join(rd.strings).decode() for rrset in txt.answer for rd in rrset)
        assert joined == ["k=rsa; p=" + "A" * 400, "v=spf1 include:sendgrid.net ~all"]
        assert answers(ask(local_dns, "em.example.com", "MX", tcp)) == ["10 mx.sendgrid.net."]
        assert answers(ask(local_dns, "www.example.com", "A", tcp)) == ["192.0.2.10"]
        assert answers(ask(local_dns, "www.example.com", "AAAA", tcp)) == ["2001:db8::1"]
    # A CNAME answers any question at its name.
    assert answers(ask(local_dns, "mail.example.com", "TXT")) == ["u7.wl1.sendgrid.net."]
    # No data, no name, not a zone of this server.
    nodata = ask(local_dns, "www.example.com", "TXT")
    assert nodata.rcode() == dns.rcode.NOERROR and nodata.answer == []
    assert nodata.authority[0].rdtype == dns.rdatatype.SOA
    assert ask(local_dns, "nothing.example.com", "A").rcode() == dns.rcode.NXDOMAIN
    assert ask(local_dns, "example.org", "A").rcode() == dns.rcode.REFUSED
    assert answers(ask(local_dns, "example.com", "SOA"))[0].startswith("ns.example.com.")


def test_changes_and_deletions_are_answered_at_once(local_dns: LocalDnsServer) -> None:
    client = RecordsClient(local_dns.api_url)
    record = client.create("example.com", "s1._domainkey", "CNAME", "one.example.net")
    assert record.name == "s1._domainkey.example.com" and record.ttl == 300
    changed = client.update(record.id, value="two.example.net", ttl=60)
    assert (changed.value, changed.ttl) == ("two.example.net", 60)
    assert client.get(record.id) == changed
    reply = ask(local_dns, "s1._domainkey.example.com", "CNAME")
    assert answers(reply) == ["two.example.net."] and reply.answer[0].ttl == 60
    assert client.delete(record.id) is True
    assert client.delete(record.id) is False
    assert client.get(record.id) is None
    assert ask(local_dns, "s1._domainkey.example.com", "CNAME").rcode() == dns.rcode.NXDOMAIN


@pytest.mark.parametrize(
    ("zone", "name", "kind", "value", "ttl", "status", "word"),
    [
        ("example.com", "mail", "SRV", "x", 300, 400, "type"),
        ("localhost", "mail", "A", "192.0.2.1", 300, 400, "zone"),
        ("example.com", "bad name", "A", "192.0.2.1", 300, 400, "name"),
        ("example.com", "mail", "A", "not-an-ip", 300, 400, "value"),
        ("example.com", "mail", "AAAA", "192.0.2.1", 300, 400, "value"),
        ("example.com", "mail", "CNAME", "a b", 300, 400, "value"),
        ("example.com", "mail", "MX", "99999 mx.example.com", 300, 400, "value"),
        ("example.com", "mail", "TXT", "", 300, 400, "value"),
        ("example.com", "mail", "A", "192.0.2.1", 0, 400, "ttl"),
    ],
)
def test_rules(
    local_dns: LocalDnsServer,
    zone: str,
    name: str,
    kind: str,
    value: str,
    ttl: int,
    status: int,
    word: str,
) -> None:
    with pytest.raises(RecordError) as caught:
        RecordsClient(local_dns.api_url).create(zone, name, kind, value, ttl)
    assert caught.value.status == status and word in caught.value.message
    assert local_dns.store.list() == []


def test_conflicts(local_dns: LocalDnsServer) -> None:
    client = RecordsClient(local_dns.api_url)
    client.create("example.com", "mail", "CNAME", "a.example.net")
    client.create("example.com", "txt", "TXT", "one")
    client.create("example.com", "txt", "TXT", "two")  # two values: two records
    for name, kind, value in (
        ("mail", "CNAME", "b.example.net"),  # a CNAME stands alone
        ("mail", "TXT", "x"),
        ("txt", "CNAME", "a.example.net"),
        ("txt", "TXT", "one"),  # the same value twice
    ):
        with pytest.raises(RecordError) as caught:
            client.create("example.com", name, kind, value)
        assert caught.value.status == 409
    two = client.list(name="txt.example.com")[1]
    with pytest.raises(RecordError) as caught:
        client.update(two.id, value="one")
    assert caught.value.status == 409


def test_http_api(local_dns: LocalDnsServer) -> None:
    url = local_dns.api_url
    health = requests.get(f"{url}/health", timeout=10).json()
    assert health == {"status": "ok", "dns": local_dns.dns_address}
    assert requests.put(f"{url}/zones/example.org", timeout=10).json() == {"zones": ["example.org"]}
    assert ask(local_dns, "x.example.org", "A").rcode() == dns.rcode.NXDOMAIN
    made = requests.post(
        f"{url}/records",
        json={"zone": "example.org", "name": "x", "type": "a", "value": "192.0.2.7"},
        timeout=10,
    )
    assert made.status_code == 201
    assert made.json() == {
        "id": made.json()["id"],
        "zone": "example.org",
        "name": "x.example.org",
        "type": "A",
        "value": "192.0.2.7",
        "ttl": 300,
    }
    listed = requests.get(f"{url}/records", params={"type": "A"}, timeout=10).json()
    assert listed == {"records": [made.json()]}
    assert requests.get(f"{url}/records/nope", timeout=10).status_code == 404
    assert requests.post(f"{url}/records", data=b"[", timeout=10).status_code == 400
    bad_ttl = requests.patch(f"{url}/records/{made.json()['id']}", json={"ttl": "1"}, timeout=10)
    assert bad_ttl.status_code == 400 and "ttl" in bad_ttl.json()["error"]
    assert requests.get(f"{url}/elsewhere", timeout=10).status_code == 404
    assert requests.post(f"{url}/reset", timeout=10).json() == {"deleted": 1}
    assert ask(local_dns, "x.example.org", "A").rcode() == dns.rcode.REFUSED


def test_records_outlive_the_process_in_a_file(tmp_path: Path) -> None:
    data = tmp_path / "zones.json"
    with LocalDnsServer(data=data, zones=("example.net",)) as first:
        record = RecordsClient(first.api_url).create("example.com", "a", "TXT", "kept")
    with LocalDnsServer(data=data) as second:
        assert RecordsClient(second.api_url).get(record.id) == record
        assert second.store.zones() == ["example.com", "example.net"]
        assert answers(ask(second, "a.example.com", "TXT")) == ['"kept"']


def test_a_client_of_a_server_that_is_not_there_says_so() -> None:
    with pytest.raises(ConnectionError, match="does not answer"):
        RecordsClient("http://127.0.0.1:9", timeout=2).list()
