"""A small authoritative DNS server for tests and demos, and a Pulumi resource for its records.

- :class:`~localdns.server.LocalDnsServer`: DNS over UDP and TCP (dnslib) plus an HTTP API
  to create, change and delete records; ``python -m localdns serve`` runs it.
- :class:`~localdns.client.RecordsClient`: that HTTP API from Python.
- :class:`localdns.record.Record`: a Pulumi dynamic resource for one record (imports
  Pulumi; import it from :mod:`localdns.record`).
- :mod:`localdns.testing`: pytest fixtures (a server per test session, emptied per test).
"""

from __future__ import annotations

from ._store import RecordError as RecordError
from ._store import ZoneRecord as ZoneRecord
from .client import RecordsClient as RecordsClient
from .server import LocalDnsServer as LocalDnsServer
