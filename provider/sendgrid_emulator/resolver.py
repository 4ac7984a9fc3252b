"""Real DNS lookups for the validate calls, through the resolver the emulator was given.

``sendgrid-emulator serve --dns-resolver HOST:PORT`` names the DNS server to ask (the
control API's ``PUT /_emulator/dns-resolver`` changes it while running); without it, the
machine's resolver (``/etc/resolv.conf``) is asked. A name that does not exist, or has no
record of the type, is an empty answer; a server that does not answer in time is
:class:`~sendgrid_emulator.errors.DnsLookupError` (the documented HTTP 500).
"""

from __future__ import annotations

import ipaddress
import socket
import threading

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver

from .errors import ControlRequestError, DnsLookupError

DEFAULT_PORT = 53
#: Seconds for one query to one server, and for a whole lookup.
QUERY_TIMEOUT = 2.0
LOOKUP_LIFETIME = 4.0


def parse_address(text: str) -> tuple[str, int]:
    """Read ``HOST:PORT`` (``HOST`` alone: port 53; ``[v6]:PORT`` for IPv6) to (ip, port).

    A host name is resolved once, here: a DNS server is asked by address.

    Raises:
        ValueError: the text is not an address (the message says why).
    """
    value = text.strip()
    if not value:
        raise ValueError("a DNS resolver address is HOST:PORT, e.g. 127.0.0.1:5353")
    host, port_text = value, ""
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif value.count(":") == 1:
        host, _, port_text = value.partition(":")
    port = DEFAULT_PORT
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")
        port = int(port_text)
    try:
        return str(ipaddress.ip_address(host)), port
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except OSError as exc:
        raise ValueError(f"{text!r}: cannot resolve the host {host!r}: {exc}") from exc
    return str(infos[0][4][0]), port


def normalise_name(name: str) -> str:
    """A host name compared as DNS compares it: lower case, without the final dot."""
    return name.strip().rstrip(".").lower()


class DnsResolver:
    """Answers lookups from one DNS server (``address``) or from the machine's resolver."""

    def __init__(self, address: str | None = None) -> None:
        self._lock = threading.Lock()
        self._address: str | None = None
        self._server: tuple[str, int] | None = None
        self.set_address(address)

    @property
    def address(self) -> str | None:
        """The ``HOST:PORT`` asked, or ``None`` for the machine's resolver."""
        return self._address

    def set_address(self, address: str | None) -> None:
        """Ask another server from now on (``None``: the machine's resolver).

        Raises:
            ControlRequestError: the address is not ``HOST:PORT``.
        """
        server = None
        if address is not None:
            try:
                server = parse_address(address)
            except ValueError as exc:
                raise ControlRequestError(str(exc)) from exc
        with self._lock:
            self._address = None if address is None else address.strip()
            self._server = server

    def _resolver(self) -> dns.resolver.Resolver:
        with self._lock:
            server = self._server
        if server is None:
            try:
                resolver = dns.resolver.Resolver(configure=True)
            except dns.resolver.NoResolverConfiguration as exc:
                raise DnsLookupError("DNS configuration") from exc
        else:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = [server[0]]
            resolver.port = server[1]
        resolver.timeout = QUERY_TIMEOUT
        resolver.lifetime = LOOKUP_LIFETIME
        resolver.cache = None
        return resolver

    def lookup(self, host: str, record_type: str) -> list[str]:
        """The data of every ``record_type`` record at ``host`` (empty when there is none).

        CNAME and MX answers are host names (lower case, no final dot; an MX answer
        without its preference); TXT answers are the record's strings joined.

        Raises:
            DnsLookupError: the server did not answer.
        """
        wanted = record_type.upper()
        rdtype = dns.rdatatype.from_text(wanted)
        try:
            answer = self._resolver().resolve(
                dns.name.from_text(normalise_name(host) + "."),
                rdtype,
                search=False,
                raise_on_no_answer=False,
                tcp=False,
            )
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.resolver.NoNameservers:
            # REFUSED or SERVFAIL: an authoritative server that does not hold the name.
            return []
        except dns.exception.DNSException as exc:
            raise DnsLookupError(wanted) from exc
        if answer.rrset is None:
            return []
        out: list[str] = []
        for rdata in answer.rrset:
            if rdtype == dns.rdatatype.CNAME:
                out.append(normalise_name(rdata.target.to_text()))
            elif rdtype == dns.rdatatype.MX:
                out.append(normalise_name(rdata.exchange.to_text()))
            elif rdtype == dns.rdatatype.TXT:
                out.append(b"".join(rdata.strings).decode("utf-8", errors="replace"))
            else:
                out.append(rdata.to_text())
        return out
