"""The DNS records SendGrid hands out for an authenticated domain or a branded link.

Every record is composed from what the object stores (its id, its owner's user id, its
domain, subdomain and settings), so the same object always shows the same records: a
DNS record built from them never changes between two reads.

- Automatic security: ``mail_cname`` (``<subdomain>.<domain>`` to
  ``u<user_id>.wl<id>.sendgrid.net``), ``dkim1`` and ``dkim2`` (``<s>1._domainkey.<domain>``
  to ``<s>1.domainkey.u<user_id>.wl<id>.sendgrid.net``, ``<s>`` the DKIM selector).
- Manual security: ``mail_server`` (MX ``mx.sendgrid.net``), ``subdomain_spf`` (TXT), with
  custom SPF also ``domain_spf`` (TXT at the domain), and ``dkim`` (TXT with a public key).
- Branded links: ``domain_cname`` (``<subdomain>.<domain>`` to ``sendgrid.net``) and
  ``owner_cname`` (``<user_id>.<domain>`` to ``sendgrid.net``).

:func:`check` compares one record with what the DNS answers and gives SendGrid's reason
when they differ.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from dataclasses import dataclass
from typing import Any

from .resolver import DnsResolver, normalise_name

SENDGRID_HOST = "sendgrid.net"
MX_HOST = "mx.sendgrid.net"
#: The DER header of an RSA-2048 SubjectPublicKeyInfo: the DKIM key looks like one.
_RSA_2048_SPKI_HEADER = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00")
_RSA_2048_KEY_BYTES = 270


@dataclass(frozen=True)
class DnsRecord:
    """One record to create in DNS.

    ``name`` is SendGrid's name for it, ``type`` ``cname``, ``mx`` or ``txt``.
    """

    name: str
    type: str
    host: str
    data: str

    def body(self, valid: bool) -> dict[str, Any]:
        """The record as the API shows it (``{valid, type, host, data}``)."""
        return {"valid": valid, "type": self.type, "host": self.host, "data": self.data}


def _dkim_public_key(seed: str) -> str:
    """A stable stand-in for the object's DKIM public key (base64 DER, RSA-2048 shaped).

    It is derived from the object, not generated: the emulator signs nothing with it.
    """
    body = hashlib.shake_256(seed.encode("utf-8")).digest(_RSA_2048_KEY_BYTES)
    return base64.b64encode(_RSA_2048_SPKI_HEADER + body).decode("ascii")


def spf_mechanisms(ips: list[str]) -> str:
    """``ip4:``/``ip6:`` mechanisms for the IPs of a custom SPF record."""
    parts = []
    for ip in ips:
        version = ipaddress.ip_address(ip).version
        parts.append(f"ip{version}:{ip}")
    return " ".join(parts)


def domain_records(
    *,
    domain_id: int,
    user_id: int,
    domain: str,
    subdomain: str,
    automatic_security: bool,
    custom_spf: bool,
    selector: str,
    ips: list[str],
) -> list[DnsRecord]:
    """The records of an authenticated domain, in SendGrid's order."""
    mail_host = f"{subdomain}.{domain}"
    wl_host = f"u{user_id}.wl{domain_id}.{SENDGRID_HOST}"
    if automatic_security:
        return [
            DnsRecord("mail_cname", "cname", mail_host, wl_host),
            *(
                DnsRecord(
                    f"dkim{n}",
                    "cname",
                    f"{selector}{n}._domainkey.{domain}",
                    f"{selector}{n}.domainkey.{wl_host}",
                )
                for n in (1, 2)
            ),
        ]
    records = [DnsRecord("mail_server", "mx", mail_host, MX_HOST)]
    if custom_spf:
        mechanisms = spf_mechanisms(ips)
        spf = f"v=spf1 {mechanisms} -all" if mechanisms else "v=spf1 -all"
        records.append(DnsRecord("subdomain_spf", "txt", mail_host, spf))
        records.append(DnsRecord("domain_spf", "txt", domain, f"v=spf1 include:{mail_host} -all"))
    else:
        records.append(
            DnsRecord("subdomain_spf", "txt", mail_host, f"v=spf1 include:{SENDGRID_HOST} ~all")
        )
    key = _dkim_public_key(f"{domain_id}:{user_id}:{domain}:{selector}")
    records.append(
        DnsRecord("dkim", "txt", f"{selector}1._domainkey.{domain}", f"k=rsa; t=s; p={key}")
    )
    return records


def link_records(*, user_id: int, domain: str, subdomain: str) -> list[DnsRecord]:
    """The two records of a branded link."""
    return [
        DnsRecord("domain_cname", "cname", f"{subdomain}.{domain}", SENDGRID_HOST),
        DnsRecord("owner_cname", "cname", f"{user_id}.{domain}", SENDGRID_HOST),
    ]


def _same_txt(found: str, expected: str) -> bool:
    return " ".join(found.split()) == " ".join(expected.split())


def check(record: DnsRecord, resolver: DnsResolver) -> tuple[bool, str | None]:
    """Ask the DNS for the record's host; ``(valid, reason)`` with SendGrid's reason.

    Raises:
        DnsLookupError: the DNS server did not answer.
    """
    rtype = record.type.upper()
    found = resolver.lookup(record.host, rtype)
    if rtype == "TXT":
        if any(_same_txt(value, record.data) for value in found):
            return True, None
        expected = f'Expected TXT record for "{record.host}" to match "{record.data}"'
    else:
        if normalise_name(record.data) in found:
            return True, None
        if rtype == "MX":
            expected = f'Expected your MX record to be "{record.data}"'
        else:
            expected = f'Expected {rtype} for "{record.host}" to match "{record.data}"'
    if not found:
        return False, f"{expected} but found no {rtype} record."
    shown = '", "'.join(found)
    return False, f'{expected} but found "{shown}".'
