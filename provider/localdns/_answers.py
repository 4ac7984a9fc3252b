"""Answer DNS questions from a :class:`~localdns._store.RecordStore` (with dnslib).

The server is authoritative for its zones and recursive for nothing: a name outside every
zone is REFUSED, a missing name in a zone is NXDOMAIN, a name without a record of the
asked type answers no data; both with the zone's SOA. A CNAME answers every question at
its name (it is not followed).
"""

from __future__ import annotations

from typing import Any

from dnslib import AAAA, CNAME, MX, NS, QTYPE, RCODE, RR, SOA, TXT, A, DNSRecord
from dnslib.server import BaseResolver

from ._store import RecordStore, ZoneRecord, split_mx

_TXT_CHUNK = 255
_SOA_TIMES = (3600, 600, 86400, 60)


def _rdata(record: ZoneRecord) -> Any:
    if record.type == "A":
        return A(record.value)
    if record.type == "AAAA":
        return AAAA(record.value)
    if record.type == "CNAME":
        return CNAME(record.value + ".")
    if record.type == "MX":
        preference, host = split_mx(record.value)
        return MX(host + ".", preference)
    raw = record.value.encode("utf-8")
    return TXT([raw[i : i + _TXT_CHUNK] for i in range(0, len(raw), _TXT_CHUNK)] or [b""])


class StoreResolver(BaseResolver):  # type: ignore[misc]
    """A dnslib resolver over the store's zones and records."""

    def __init__(self, store: RecordStore) -> None:
        self.store = store

    def _soa(self, zone: str) -> RR:
        return RR(
            zone + ".",
            QTYPE.SOA,
            rdata=SOA(f"ns.{zone}.", f"hostmaster.{zone}.", (1, *_SOA_TIMES)),
            ttl=_SOA_TIMES[-1],
        )

    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        """The answer to one question."""
        reply = request.reply()
        question = request.q
        name = str(question.qname).rstrip(".").lower()
        qtype = QTYPE[question.qtype]
        zone = self.store.zone_of(name)
        if zone is None:
            reply.header.rcode = RCODE.REFUSED
            reply.header.aa = 0
            return reply
        there = self.store.at(name)
        if name == zone and qtype in ("SOA", "NS"):
            if qtype == "SOA":
                reply.add_answer(self._soa(zone))
            else:
                reply.add_answer(RR(zone + ".", QTYPE.NS, rdata=NS(f"ns.{zone}."), ttl=3600))
            return reply
        if not there and name != zone and not self.store.has_below(name):
            reply.header.rcode = RCODE.NXDOMAIN
            reply.add_auth(self._soa(zone))
            return reply
        cnames = [r for r in there if r.type == "CNAME"]
        matching = cnames if cnames else [r for r in there if qtype in (r.type, "ANY")]
        for record in matching:
            reply.add_answer(
                RR(
                    question.qname,
                    getattr(QTYPE, record.type),
                    rdata=_rdata(record),
                    ttl=record.ttl,
                )
            )
        if not matching:
            reply.add_auth(self._soa(zone))
        return reply
