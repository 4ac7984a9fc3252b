"""A DNS server for tests and demos: UDP and TCP answers, an HTTP API to change records.

>>> with LocalDnsServer() as dns:                 # doctest: +SKIP
...     requests.post(dns.api_url + "/records", json={"zone": "example.com",
...         "name": "mail", "type": "CNAME", "value": "u1.wl1.sendgrid.net"})
...     # ask dns.dns_address ("127.0.0.1:PORT") for mail.example.com

No root is needed: it listens on a high port of the loopback address by default. It is
built on dnslib's server (pure Python); see :mod:`localdns._answers` for what it answers.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from types import TracebackType

from dnslib.server import DNSHandler, DNSLogger, DNSServer

from ._answers import StoreResolver
from ._http import ApiServer, make_handler
from ._store import RecordStore

_BIND_TRIES = 50
#: The command line's ports (not 5353, where mDNS often listens).
DEFAULT_PORT = 15353
DEFAULT_HTTP_PORT = 15380


class _QuietLogger(DNSLogger):  # type: ignore[misc]
    """dnslib's logger, silent: the demo's output stays readable."""

    def __init__(self) -> None:
        super().__init__(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False)


class LocalDnsServer:
    """The DNS server (UDP and TCP on one port) and its HTTP API, in background threads.

    ``port`` and ``http_port`` 0 pick free ports; ``data`` keeps the records in a JSON file
    between runs; ``zones`` are served from the start (a record's zone is served as soon
    as the record is made).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        http_port: int = 0,
        data: Path | None = None,
        zones: tuple[str, ...] = (),
    ) -> None:
        self.host = host
        self.port = port
        self.http_port = http_port
        self.store = RecordStore(data, zones)
        self._servers: list[DNSServer] = []
        self._api: ApiServer | None = None
        self._api_thread: threading.Thread | None = None

    @property
    def dns_address(self) -> str:
        """``HOST:PORT`` of the DNS server (what ``--dns-resolver`` takes)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """``http://HOST:PORT`` of the HTTP API."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.http_port}"

    def _bind_dns(self) -> None:
        resolver = StoreResolver(self.store)
        for _ in range(_BIND_TRIES):
            udp = DNSServer(
                resolver, self.host, self.port, logger=_QuietLogger(), handler=DNSHandler
            )
            port = int(udp.server.server_address[1])
            try:
                tcp = DNSServer(resolver, self.host, port, tcp=True, logger=_QuietLogger())
            except OSError:
                udp.server.server_close()
                if self.port:
                    raise
                continue
            self.port = port
            self._servers = [udp, tcp]
            return
        raise OSError("no port was free for both UDP and TCP")

    def start(self) -> LocalDnsServer:
        """Listen and serve in background threads; return once both answer."""
        self._bind_dns()
        for server in self._servers:
            server.start_thread()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        ApiServer.address_family = family
        self._api = ApiServer(
            (self.host, self.http_port), make_handler(self.store, lambda: self.dns_address)
        )
        self.http_port = int(self._api.server_address[1])
        self._api_thread = threading.Thread(
            target=self._api.serve_forever, name="localdns-http", daemon=True
        )
        self._api_thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every socket."""
        for server in self._servers:
            server.stop()
            server.server.server_close()
        self._servers = []
        if self._api is not None:
            self._api.shutdown()
            self._api.server_close()
            self._api = None

    def __enter__(self) -> LocalDnsServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
