"""The validation providers against the emulator, with a DNS server the test publishes to."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import (
    DomainAuthentication,
    DomainAuthenticationValidation,
    LinkBranding,
    LinkBrandingValidation,
    ProviderError,
)

from .conftest import Drive, Driver, State, assert_in_place, assert_no_change, counts


class Zone:
    """A DNS server on 127.0.0.1 (UDP) answering from ``records``: (host, TYPE) -> data."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], str] = {}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def publish(self, dns_records: dict[str, dict[str, Any]]) -> None:
        """Publish a resource's ``dns_records`` output, as a team's DNS resources would."""
        for record in dns_records.values():
            self.records[(record["host"].lower(), record["type"].upper())] = record["data"]

    def _serve(self) -> None:
        while True:
            try:
                wire, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            query = dns.message.from_wire(wire)
            answer = dns.message.make_response(query)
            question = query.question[0]
            host = question.name.to_text().rstrip(".").lower()
            kind = dns.rdatatype.to_text(question.rdtype)
            data = self.records.get((host, kind))
            if data is None:
                answer.set_rcode(dns.rcode.NXDOMAIN)
            else:
                text = f'"{data}"' if kind == "TXT" else f"{data.rstrip('.')}."
                answer.answer.append(dns.rrset.from_text(question.name, 60, "IN", kind, text))
            self.sock.sendto(answer.to_wire(), peer)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def zone(emulator: Emulator) -> Iterator[Zone]:
    served = Zone()
    url = f"{emulator.url}/_emulator/dns-resolver"
    emulator.http.put(url, json={"resolver": served.address}).raise_for_status()
    yield served
    emulator.http.put(url, json={"resolver": None}).raise_for_status()
    served.close()


@pytest.fixture
def domain(drive: Drive, zone: Zone) -> State:
    made = drive(DomainAuthentication).create({"domain": "example.com", "subdomain": "em"})
    zone.publish(made.outputs["dns_records"])
    return made


def expected(made: State) -> dict[str, dict[str, str]]:
    """The records as the resource class passes them on (without ``valid``)."""
    return {
        name: {k: v for k, v in record.items() if k != "valid"}
        for name, record in made.outputs["dns_records"].items()
    }


def declared(domain: State, **overrides: Any) -> dict[str, Any]:
    return {
        "domain_id": domain.outputs["domain_id"],
        "records": expected(domain),
        "timeout_seconds": 0,
        **overrides,
    }


def test_check_names_field_and_rule(drive: Drive) -> None:
    validation = drive(DomainAuthenticationValidation)
    found = validation.failures({"domain_id": 0, "timeout_seconds": -1})
    assert set(found) == {"domain_id", "timeout_seconds"}
    assert "greater than or equal to 1" in found["domain_id"]
    assert "domain_id: is required" in drive(DomainAuthenticationValidation).failures({}).values()


def test_published_records_validate_and_a_record_gone_is_drift(
    drive: Drive, emulator: Emulator, zone: Zone, domain: State
) -> None:
    validation: Driver = drive(DomainAuthenticationValidation)
    state = validation.create(declared(domain))
    assert state.id == str(int(domain.outputs["domain_id"]))
    assert state.outputs["valid"] is True
    assert set(state.outputs["validation_results"]) == {"mail_cname", "dkim1", "dkim2"}
    validation.refresh(state, declared(domain))

    # A record removed from DNS: a read finds it invalid, the next up validates again.
    del zone.records[("s1._domainkey.example.com", "CNAME")]
    fresh = validation.read(state)
    assert fresh is not None and fresh.outputs["valid"] is False
    assert fresh.outputs["validation_results"]["dkim1"]["valid"] is False
    assert_in_place(validation.diff(fresh, declared(domain)))
    with pytest.raises(ProviderError) as info:
        validation.update(fresh, declared(domain))
    message = str(info.value)
    assert "dkim1: CNAME s1._domainkey.example.com -> " in message
    assert "mail_cname" not in message  # only the invalid record is named

    zone.publish(domain.outputs["dns_records"])
    repaired = validation.update(fresh, declared(domain))
    assert repaired.outputs["valid"] is True
    emulator.clear_log()
    validation.delete(repaired)
    assert counts(emulator) == {}  # nothing of SendGrid's to delete


def test_unpublished_records_fail_the_create_naming_each(
    drive: Drive, zone: Zone, domain: State
) -> None:
    zone.records.clear()
    with pytest.raises(ProviderError) as info:
        drive(DomainAuthenticationValidation).create(declared(domain))
    message = str(info.value)
    for name in ("mail_cname", "dkim1", "dkim2"):
        assert f"  {name}: CNAME " in message


def test_a_valid_validations_wait_settings_change_without_a_call(
    drive: Drive, emulator: Emulator, domain: State
) -> None:
    validation = drive(DomainAuthenticationValidation)
    state = validation.create(declared(domain))
    emulator.clear_log()
    updated = validation.update(state, declared(domain, timeout_seconds=60))
    assert counts(emulator) == {}
    assert_no_change(validation.diff(updated, declared(domain, timeout_seconds=60)))


def test_link_branding_validation(drive: Drive, zone: Zone) -> None:
    link = drive(LinkBranding).create({"domain": "example.com", "subdomain": "links"})
    zone.publish(link.outputs["dns_records"])
    validation = drive(LinkBrandingValidation)
    wanted = {"link_id": link.outputs["link_id"], "records": expected(link), "timeout_seconds": 0}
    state = validation.create(wanted)
    assert state.outputs["valid"] is True
    assert set(state.outputs["validation_results"]) == {"domain_cname", "owner_cname"}
    validation.refresh(state, wanted)
