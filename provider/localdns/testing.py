"""pytest fixtures: a local DNS server for the test session, emptied before each test.

Load them with ``pytest_plugins = ["localdns.testing"]`` in a ``conftest.py``:

- ``local_dns_server``: the running :class:`~localdns.server.LocalDnsServer` (session
  scope; ``.dns_address`` is ``HOST:PORT`` for ``--dns-resolver``, ``.api_url`` the
  HTTP API for :class:`localdns.record.Record`'s ``api_url``);
- ``local_dns``: the same server with every record and zone removed first, for one test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import LocalDnsServer


@pytest.fixture(scope="session")
def local_dns_server() -> Iterator[LocalDnsServer]:
    """A local DNS server on free loopback ports for the whole session."""
    with LocalDnsServer() as server:
        yield server


@pytest.fixture
def local_dns(local_dns_server: LocalDnsServer) -> LocalDnsServer:
    """The session's local DNS server, without any record or zone."""
    local_dns_server.store.clear()
    return local_dns_server
