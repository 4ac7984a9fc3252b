"""``Record``: one record of a local DNS server, as a Pulumi dynamic resource.

It stands where a program would use ``pulumi_aws.route53.Record`` or
``pulumi_cloudflare.DnsRecord``: one value at one name of a zone::

    from localdns.record import Record

    Record(
        "mail-cname",
        zone="example.com",
        name="em1234",                 # relative to the zone, or fully qualified
        type="CNAME",                  # A, AAAA, CNAME, MX ("10 host" or "host"), TXT
        value="u7.wl1.sendgrid.net",
        ttl=300,
    )

- ``value`` and ``ttl`` change in place; ``zone``, ``name``, ``type`` and ``api_url``
  replace the record (the old one is deleted first: two records with the same name and
  value cannot exist at once).
- A read reports the server's record: a value changed behind the program's back shows
  as drift, a record deleted behind its back is gone (``pulumi refresh`` drops it and the
  next ``up`` makes it again).
- ``api_url`` is the server's HTTP API: the argument, else the stack setting
  ``localdns:apiUrl`` (either is kept in the state: changing it replaces the record). Without
  both, each operation asks ``LOCALDNS_API_URL`` at the time it runs, else
  ``http://127.0.0.1:15380``: a server that comes back on another port is still the same
  server.
- Bad input is refused at preview, naming the field: an unknown type, a name outside
  the zone's syntax, a value that does not suit the type, a TTL out of 1..604800.
"""

from __future__ import annotations

import os
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime import rpc

from ._store import DEFAULT_TTL, MAX_TTL, TYPES, RecordError, check_value, is_host, qualify
from .client import RecordsClient
from .server import DEFAULT_HTTP_PORT

DEFAULT_API_URL = f"http://127.0.0.1:{DEFAULT_HTTP_PORT}"
API_URL_VARIABLE = "LOCALDNS_API_URL"
#: The arguments, in order; changing one of ``_REPLACING`` replaces the record.
_INPUTS = ("api_url", "zone", "name", "type", "value", "ttl")
_REPLACING = ("api_url", "zone", "name", "type")


def _failures(inputs: dict[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
    """The inputs normalised, and every broken rule (each naming its field)."""
    out = dict(inputs)
    failures: list[CheckFailure] = []
    kind = str(inputs.get("type") or "").upper()
    out["type"] = kind
    if kind not in TYPES:
        failures.append(CheckFailure("type", f"type must be one of {', '.join(TYPES)}"))
    zone = inputs.get("zone")
    if not isinstance(zone, str) or not is_host(zone) or "." not in zone.strip(". "):
        failures.append(CheckFailure("zone", "zone must be a domain name such as example.com"))
    name = inputs.get("name")
    if not isinstance(name, str) or (isinstance(zone, str) and not is_host(qualify(name, zone))):
        failures.append(
            CheckFailure("name", "name must be a host name, relative to the zone or within it")
        )
    value = inputs.get("value")
    if not isinstance(value, str):
        failures.append(CheckFailure("value", "value is required (a string)"))
    elif kind in TYPES:
        try:
            out["value"] = check_value(kind, value)
        except RecordError as exc:
            failures.append(CheckFailure("value", exc.message.removeprefix("value: ")))
    ttl = inputs.get("ttl", DEFAULT_TTL)
    if isinstance(ttl, float) and ttl.is_integer():
        ttl = int(ttl)
    out["ttl"] = ttl
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 1 <= ttl <= MAX_TTL:
        failures.append(CheckFailure("ttl", f"ttl must be a whole number from 1 to {MAX_TTL}"))
    api_url = inputs.get("api_url")
    if api_url is not None and (not isinstance(api_url, str) or not api_url.strip()):
        failures.append(CheckFailure("api_url", "api_url must be the server's HTTP API URL"))
    return out, failures


def api_url_of(props: dict[str, Any]) -> str:
    """The API to call: ``api_url``, else ``LOCALDNS_API_URL`` now, else the default."""
    return str(props.get("api_url") or os.environ.get(API_URL_VARIABLE) or DEFAULT_API_URL)


def _outputs(inputs: dict[str, Any], value: str, ttl: int) -> dict[str, Any]:
    return {
        **{k: inputs.get(k) for k in _INPUTS},
        "value": value,
        "ttl": ttl,
        "fqdn": qualify(str(inputs["name"]), str(inputs["zone"])),
    }


class RecordProvider(ResourceProvider):
    """Create, read, change and delete one record over the server's HTTP API."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Refuse bad input at preview, naming the field; normalise the rest.

        A value not known yet (another resource's output, in a preview) is checked when it
        is known.
        """
        unknown = {k for k, v in news.items() if isinstance(v, Unknown) or v == rpc.UNKNOWN}
        inputs, failures = _failures(news)
        inputs.update(dict.fromkeys(unknown, rpc.UNKNOWN))
        return CheckResult(inputs, [f for f in failures if f.property not in unknown])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """``value`` and ``ttl`` change in place; the rest replaces the record."""
        changed = [k for k in _INPUTS if olds.get(k) != news.get(k)]
        return DiffResult(
            changes=bool(changed),
            replaces=[k for k in changed if k in _REPLACING],
            stables=[k for k in _REPLACING if k not in changed],
            delete_before_replace=True,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Make the record."""
        record = RecordsClient(api_url_of(props)).create(
            props["zone"], props["name"], props["type"], props["value"], int(props["ttl"])
        )
        return CreateResult(record.id, _outputs(props, record.value, record.ttl))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The server's record (its value and TTL as they are); gone when deleted."""
        record = RecordsClient(api_url_of(props)).get(id_)
        if record is None:
            return ReadResult(id_="", outs={})
        outs = _outputs(props, record.value, record.ttl)
        return ReadResult(id_=id_, outs=outs, inputs={k: outs[k] for k in _INPUTS})

    def update(self, id_: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Change the value and the TTL.

        Raises:
            RecordError: the record is gone (``pulumi refresh`` notices it first).
        """
        client = RecordsClient(api_url_of(news))
        record = client.update(id_, str(news["value"]), int(news["ttl"]))
        return UpdateResult(_outputs(news, record.value, record.ttl))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Remove the record (already gone is fine)."""
        RecordsClient(api_url_of(props)).delete(id_)


class Record(Resource, module="localdns", name="Record"):
    """One record of a local DNS server (see the module's documentation).

    Its type token is ``pulumi-python:dynamic/localdns:Record``.
    """

    zone: pulumi.Output[str]
    """The zone, e.g. ``example.com``."""
    name: pulumi.Output[str]
    """The name as given (relative to the zone, or fully qualified)."""
    fqdn: pulumi.Output[str]
    """The fully qualified name, e.g. ``em1234.example.com``."""
    type: pulumi.Output[str]
    """``A``, ``AAAA``, ``CNAME``, ``MX`` or ``TXT``."""
    value: pulumi.Output[str]
    """The value as the server keeps it (host names lower case, MX as ``"10 host"``)."""
    ttl: pulumi.Output[int]
    """Seconds."""
    api_url: pulumi.Output[str | None]
    """The server's HTTP API as given (``None``: ``LOCALDNS_API_URL`` at each operation)."""

    def __init__(
        self,
        resource_name: str,
        *,
        zone: pulumi.Input[str],
        name: pulumi.Input[str],
        type: pulumi.Input[str],
        value: pulumi.Input[str],
        ttl: pulumi.Input[int] = DEFAULT_TTL,
        api_url: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "api_url": api_url if api_url is not None else pulumi.Config("localdns").get("apiUrl"),
            "zone": zone,
            "name": name,
            "type": type,
            "value": value,
            "ttl": ttl,
            "fqdn": None,
        }
        super().__init__(RecordProvider(), resource_name, props, opts)
