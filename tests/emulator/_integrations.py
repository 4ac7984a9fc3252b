"""Helpers of the webhook and teammate tests: tenants, documented properties, a receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .conftest import Api

OBO = "on-behalf-of"


def tenants(api: Api) -> dict[str, dict[str, str]]:
    """Headers of three tenants: the parent, a subuser and an Account Provisioning account."""
    assert api.add_subuser("tenant_sub").status_code == 200
    created = api.v3(
        "POST",
        "/partners/accounts",
        json={"offerings": [{"name": "org.ei.free.v1", "type": "package", "quantity": 1}]},
    )
    assert created.status_code == 201, created.text
    return {
        "parent": {},
        "subuser": {OBO: "tenant_sub"},
        "account": {OBO: f"account-id {created.json()['account_id']}"},
    }


@dataclass
class Received:
    """One POST the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A local HTTP server that records every POST and answers ``status``."""

    url: str
    received: list[Received] = field(default_factory=list)
    status: int = 200


@contextmanager
def receiver() -> Iterator[Receiver]:
    """Run a recording receiver on a free port for the block."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            box[0].received.append(Received(self.path, dict(self.headers.items()), body))
            self.send_response(box[0].status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}/events"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
