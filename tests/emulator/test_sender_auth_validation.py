"""Validation by real DNS queries: the emulator asks a local DNS server for each record.

The session's emulator is pointed at the session's local DNS server through the control
API (``PUT /_emulator/dns-resolver``); the command line's ``--dns-resolver`` is tested
with both servers as subprocesses.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from localdns import LocalDnsServer, RecordsClient
from sendgrid_emulator import EmulatorServer

from .conftest import API_KEY, Api, v3_error
from .test_process import _read_first_line

OBO = "on-behalf-of"


@pytest.fixture
def dns(api: Api, local_dns: LocalDnsServer) -> Iterator[RecordsClient]:
    """The local DNS server's records, and the emulator asking it."""
    answer = api.control("PUT", "/dns-resolver", json={"resolver": local_dns.dns_address})
    assert answer.status_code == 200 and answer.json() == {"resolver": local_dns.dns_address}
    yield RecordsClient(local_dns.api_url)
    assert api.control("PUT", "/dns-resolver", json={"resolver": None}).json() == {"resolver": None}


def publish(dns: RecordsClient, zone: str, records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Create every record SendGrid asked for; return their ids by SendGrid's names."""
    return {
        name: dns.create(zone, r["host"], r["type"].upper(), r["data"]).id
        for name, r in records.items()
    }


def validate(api: Api, kind: str, object_id: int, **kwargs: Any) -> dict[str, Any]:
    response = api.v3("POST", f"/whitelabel/{kind}/{object_id}/validate", **kwargs)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"id", "valid", "validation_results"} and body["id"] == object_id
    for result in body["validation_results"].values():
        assert set(result) == {"valid", "reason"}
    return body


def test_domain_validation_follows_the_dns(api: Api, dns: RecordsClient) -> None:
    created = api.v3("POST", "/whitelabel/domains", json={"domain": "example.com"}).json()
    n, records = created["id"], created["dns"]
    before = validate(api, "domains", n)
    assert before["valid"] is False
    mail = records["mail_cname"]
    assert before["validation_results"]["mail_cname"] == {
        "valid": False,
        "reason": f'Expected CNAME for "{mail["host"]}" to match "{mail["data"]}" '
        "but found no CNAME record.",
    }
    assert set(before["validation_results"]) == {"mail_cname", "dkim1", "dkim2"}
    ids = publish(dns, "example.com", records)
    after = validate(api, "domains", n)
    assert after["valid"] is True
    assert all(r == {"valid": True, "reason": None} for r in after["validation_results"].values())
    # The result is stored: the domain and each of its records read valid.
    got = api.v3("GET", f"/whitelabel/domains/{n}").json()
    assert got["valid"] is True and all(r["valid"] for r in got["dns"].values())
    listed = api.v3("GET", "/whitelabel/domains").json()[0]
    assert isinstance(listed["last_validation_attempt_at"], int)
    # A record that disappears, and one that points elsewhere, make it invalid again.
    assert dns.delete(ids["dkim2"])
    dns.update(ids["dkim1"], value="elsewhere.example.net")
    again = validate(api, "domains", n)
    assert again["valid"] is False
    results = again["validation_results"]
    assert results["mail_cname"] == {"valid": True, "reason": None}
    dkim1 = records["dkim1"]
    assert results["dkim1"]["reason"] == (
        f'Expected CNAME for "{dkim1["host"]}" to match "{dkim1["data"]}" '
        'but found "elsewhere.example.net".'
    )
    assert "found no CNAME record" in results["dkim2"]["reason"]
    got = api.v3("GET", f"/whitelabel/domains/{n}").json()
    assert got["valid"] is False
    assert {k: r["valid"] for k, r in got["dns"].items()} == {
        "mail_cname": True,
        "dkim1": False,
        "dkim2": False,
    }
    assert got["dns"]["dkim1"]["data"] == dkim1["data"]  # the records never change


def test_manual_security_checks_mx_and_txt(api: Api, dns: RecordsClient) -> None:
    body = {
        "domain": "example.org",
        "subdomain": "mail",
        "automatic_security": False,
        "custom_spf": True,
        "ips": ["192.0.2.10"],
    }
    created = api.v3("POST", "/whitelabel/domains", json=body).json()
    records = created["dns"]
    dns.create("example.org", "mail", "MX", "10 mx.example.net")
    result = validate(api, "domains", created["id"])["validation_results"]
    assert set(result) == {"mail_server", "subdomain_spf", "domain_spf", "dkim"}
    assert result["mail_server"]["reason"] == (
        'Expected your MX record to be "mx.sendgrid.net" but found "mx.example.net".'
    )
    assert result["dkim"]["reason"] == (
        f'Expected TXT record for "s1._domainkey.example.org" to match "{records["dkim"]["data"]}"'
        " but found no TXT record."
    )
    for record in dns.list(name="mail.example.org", record_type="MX"):
        dns.delete(record.id)
    publish(dns, "example.org", records)
    # Another TXT value beside the SPF record does not matter.
    dns.create("example.org", "@", "TXT", "google-site-verification=abc")
    assert validate(api, "domains", created["id"])["valid"] is True


def test_link_validation(api: Api, dns: RecordsClient) -> None:
    link = api.v3("POST", "/whitelabel/links", json={"domain": "example.com"}).json()
    result = validate(api, "links", link["id"])
    assert result["valid"] is False
    assert set(result["validation_results"]) == {"domain_cname", "owner_cname"}
    publish(dns, "example.com", {"domain_cname": link["dns"]["domain_cname"]})
    partial = validate(api, "links", link["id"])["validation_results"]
    assert partial["domain_cname"] == {"valid": True, "reason": None}
    assert partial["owner_cname"]["valid"] is False
    publish(dns, "example.com", {"owner_cname": link["dns"]["owner_cname"]})
    assert validate(api, "links", link["id"])["valid"] is True
    got = api.v3("GET", f"/whitelabel/links/{link['id']}").json()
    assert got["valid"] is True and all(r["valid"] for r in got["dns"].values())


def test_validation_on_behalf_of_a_subuser(api: Api, dns: RecordsClient) -> None:
    assert api.add_subuser("tenant").status_code == 200
    headers = {OBO: "tenant"}
    created = api.v3("POST", "/whitelabel/domains", json={"domain": "t.example"}, headers=headers)
    domain = created.json()
    publish(dns, "t.example", domain["dns"])
    assert validate(api, "domains", domain["id"], headers=headers)["valid"] is True
    v3_error(api.v3("POST", f"/whitelabel/domains/{domain['id']}/validate"), 404)


def test_resolver_setting_rules(api: Api) -> None:
    assert api.control("GET", "/dns-resolver").json() == {"resolver": None}
    bad = api.control("PUT", "/dns-resolver", json={"resolver": "127.0.0.1:99999"})
    assert bad.status_code == 400 and "port" in bad.json()["error"]
    assert api.control("PUT", "/dns-resolver", json={"resolver": 5}).status_code == 400
    assert api.control("GET", "/dns-resolver").json() == {"resolver": None}


def test_a_dns_server_that_does_not_answer_is_the_documented_500() -> None:
    # Its own emulator: the shared one's fixture refuses any 5xx no fault asked for.
    with EmulatorServer(dns_resolver="127.0.0.1:9") as server:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        created = requests.post(
            f"{server.url}/v3/whitelabel/domains",
            json={"domain": "example.com"},
            headers=headers,
            timeout=10,
        ).json()
        answer = requests.post(
            f"{server.url}/v3/whitelabel/domains/{created['id']}/validate",
            headers=headers,
            timeout=30,
        )
    assert answer.status_code == 500
    assert answer.json() == {"errors": [{"message": "internal error getting CNAME"}]}


@pytest.mark.timeout(90)
def test_command_lines_of_both_servers(tmp_path: Path) -> None:
    def start(*command: str) -> tuple[subprocess.Popen[str], str]:
        process = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        return process, _read_first_line(process)

    processes = []
    try:
        dns_process, line = start("localdns", "serve", "--port", "0", "--http-port", "0")
        processes.append(dns_process)
        assert line.startswith("listening dns=127.0.0.1:"), line
        fields = dict(part.split("=", 1) for part in line.split()[1:])
        emulator, line = start(
            "sendgrid_emulator",
            "serve",
            "--port",
            "0",
            "--db",
            ":memory:",
            "--dns-resolver",
            fields["dns"],
        )
        processes.append(emulator)
        url = line.split("listening on ", 1)[1].strip()
        assert requests.get(f"{url}/_emulator/dns-resolver", timeout=10).json() == {
            "resolver": fields["dns"]
        }
        headers = {"Authorization": f"Bearer {API_KEY}"}
        link = requests.post(
            f"{url}/v3/whitelabel/links",
            json={"domain": "example.com"},
            headers=headers,
            timeout=10,
        ).json()
        publish(RecordsClient(fields["http"]), "example.com", link["dns"])
        answer = requests.post(
            f"{url}/v3/whitelabel/links/{link['id']}/validate", headers=headers, timeout=30
        )
        assert answer.status_code == 200 and answer.json()["valid"] is True
    finally:
        for process in processes:
            process.terminate()
            assert process.wait(timeout=20) == 0
    refused = subprocess.run(
        [sys.executable, "-m", "sendgrid_emulator", "serve", "--dns-resolver", "host:notaport"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert refused.returncode == 2 and "--dns-resolver" in refused.stderr
