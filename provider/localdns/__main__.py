"""``python -m localdns serve --port P --http-port Q``: run the local DNS server."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .server import DEFAULT_HTTP_PORT, DEFAULT_PORT, LocalDnsServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="localdns",
        description="An authoritative DNS server for tests and demos, changed over HTTP.",
    )
    parser.add_argument(
        "command", choices=("serve",), help="serve: DNS (UDP and TCP) and the HTTP API"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="DNS port (0: a free one)")
    parser.add_argument(
        "--http-port", type=int, default=DEFAULT_HTTP_PORT, help="HTTP API port (0: a free one)"
    )
    parser.add_argument("--data", type=Path, default=None, help="keep the records in this file")
    parser.add_argument(
        "--zone", action="append", default=[], help="a zone to serve from the start (repeatable)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGTERM or SIGINT; print ``listening dns=HOST:PORT http=URL`` first."""
    options = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    server = LocalDnsServer(
        options.host, options.port, options.http_port, options.data, tuple(options.zone)
    )
    # Both signals interrupt the wait below as Ctrl-C does, whatever the parent ignored.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, signal.default_int_handler)
    try:
        with server:
            print(f"listening dns={server.dns_address} http={server.api_url}", flush=True)
            threading.Event().wait()
    except OSError as exc:
        print(f"localdns: cannot listen on {options.host}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped", flush=True)  # the server has stopped on leaving ``with``
    return 0


if __name__ == "__main__":
    sys.exit(main())
