"""Sender authentication: SendGrid calls per operation, against the documented minimum.

Run: ``python -m bench.sender_auth [--tenants K]`` (the engine on PATH: ``. scripts/bootstrap.sh``
first). One stack of K subusers, each with a ``DomainAuthentication``, a ``LinkBranding``,
their five DNS records in a local DNS server (``localdns.record.Record``) and the two
validations, goes through: create, a no-change preview and up, a refresh, an in-place update
of ``default`` on both, and the removal of the sender authentication (the subusers stay).
The emulator validates against the local DNS server, where the records already are when the
validations run (they depend on them), so each validation needs one call.

Calls are counted from the emulator's request log and divided by K; each is attributed to a
resource type by its path; ``GET /v3/subusers`` (the owner lookup: the subuser exists, its
region) is shown on its own line. Figures are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi

from localdns import LocalDnsServer

from ._emulator import EmulatorProcess
from ._programs import make_stack, urns_of
from .measure import changes, quiet

KINDS = (
    "DomainAuthentication",
    "LinkBranding",
    "DomainAuthenticationValidation",
    "LinkBrandingValidation",
    "owner lookup",
)
OPS = ("create", "preview", "noop_up", "refresh", "update", "delete")
_CRUD = (1, 0, 0, 1, 1, 1)  # POST; no call; no call; GET; PATCH; DELETE
_CHECK = (1, 0, 0, 1, 0, 0)  # one validate; no call; no call; one validate; -; nothing
MINIMUM: dict[str, dict[str, int]] = {
    kind: dict(zip(OPS, counts, strict=True))
    for kind, counts in (
        ("DomainAuthentication", _CRUD),
        ("LinkBranding", _CRUD),
        ("DomainAuthenticationValidation", _CHECK),
        ("LinkBrandingValidation", _CHECK),
        ("owner lookup", (0, 0, 0, 0, 0, 0)),
    )
}
"""The fewest calls per resource the documented API allows.

create: POST (the answer holds id and records), or one validate when the records resolve;
refresh: GET, or one validate; update ``default``: one PATCH; delete: DELETE, and nothing
for a validation. Knowing whose object it is needs no call when the owner is given.
"""
_ID = re.compile(r"/\d+(?=/|$)")


def _kind(call: str) -> str | None:
    method, _, path = call.partition(" ")
    path = path.split("?", 1)[0]
    if path.startswith("/v3/whitelabel/domains"):
        return (
            "DomainAuthenticationValidation"
            if path.endswith("/validate")
            else ("DomainAuthentication")
        )
    if path.startswith("/v3/whitelabel/links"):
        return "LinkBrandingValidation" if path.endswith("/validate") else "LinkBranding"
    if method == "GET" and path.startswith("/v3/subusers"):
        return "owner lookup"
    return None


def _record(records: pulumi.Output[Any], key: str) -> pulumi.Output[Any]:
    return records.apply(lambda r: r[key])


def _program(tenants: int, dns_api: str, state: dict[str, Any]) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg
        from localdns.record import Record

        for i in range(tenants):
            zone = f"t{i}.example.com"
            sub = sg.Subuser(
                f"t{i}",
                username=f"bench-sa-{i}",
                email=f"ops@{zone}",
                password="Bench-subuser-1357",
                ips=["192.0.2.10"],
            )
            if not state["sender_auth"]:
                continue
            auth = sg.DomainAuthentication(
                f"t{i}-domain", domain=zone, subdomain="em", subuser=sub, default=state["default"]
            )
            links = sg.LinkBranding(
                f"t{i}-links", domain=zone, subdomain="links", subuser=sub, default=state["default"]
            )
            made: dict[str, list[pulumi.Resource]] = {"domain": [], "links": []}
            for part, source, keys in (
                ("domain", auth, ("mail_cname", "dkim1", "dkim2")),
                ("links", links, ("domain_cname", "owner_cname")),
            ):
                for key in keys:
                    record = _record(source.dns_records, key)
                    made[part].append(
                        Record(
                            f"t{i}-{key}",
                            zone=zone,
                            name=record.apply(lambda r: r["host"]),
                            type="CNAME",
                            value=record.apply(lambda r: r["data"]),
                            api_url=dns_api,
                        )
                    )
            sg.DomainAuthenticationValidation(
                f"t{i}-domain-valid",
                domain_authentication=auth,
                opts=pulumi.ResourceOptions(depends_on=made["domain"]),
            )
            sg.LinkBrandingValidation(
                f"t{i}-links-valid",
                link_branding=links,
                opts=pulumi.ResourceOptions(depends_on=made["links"]),
            )

    return program


def measure(tenants: int, log: Callable[[str], None]) -> dict[str, dict[str, float]]:
    """Calls per resource of each type and operation, K = ``tenants``."""
    per: dict[str, dict[str, float]] = {kind: {} for kind in KINDS}
    state: dict[str, Any] = {"sender_auth": False, "default": False}
    with EmulatorProcess() as emu, LocalDnsServer() as dns, tempfile.TemporaryDirectory() as tmp:
        resp = emu.http.put(
            f"{emu.url}/_emulator/dns-resolver", json={"resolver": dns.dns_address}, timeout=30
        )
        resp.raise_for_status()
        stack = make_stack(
            "sender-auth", _program(tenants, dns.api_url, state), Path(tmp), emu.env()
        )
        stack.up(on_output=quiet)  # the subusers alone

        def run(op: str, action: Callable[[], Any]) -> None:
            emu.clear_calls()
            result = action()
            counted: Counter[str] = Counter()
            for call, n in emu.calls().counts.items():
                kind = _kind(_ID.sub("/{id}", call))
                if kind is not None:
                    counted[kind] += n
            for kind in KINDS:
                per[kind][op] = round(counted[kind] / tenants, 2)
            log(f"  {op:<8} {changes(result)}  {dict(counted)}")

        state["sender_auth"] = True
        run("create", lambda: stack.up(on_output=quiet))
        run("preview", lambda: stack.preview(on_output=quiet, expect_no_changes=True))
        run("noop_up", lambda: stack.up(on_output=quiet, expect_no_changes=True))
        # The sender authentication's resources alone (not the subusers' own reads).
        targets = [urn for kind in KINDS[:4] for urn in urns_of(stack, kind)]
        run(
            "refresh",
            lambda: stack.refresh(on_output=quiet, target=targets, expect_no_changes=True),
        )
        state["default"] = True
        run("update", lambda: stack.up(on_output=quiet))
        state["sender_auth"] = False
        run("delete", lambda: stack.up(on_output=quiet))
        stack.destroy(on_output=quiet)
    return per


def render(per: dict[str, dict[str, float]], tenants: int) -> str:
    """The table: calls per resource (measured / documented minimum) per operation."""
    lines = [
        f"Sender authentication: calls per resource, measured / minimum ({tenants} tenants)",
        f"{'resource':<32}" + "".join(f"{op:>11}" for op in OPS),
    ]
    for kind in KINDS:
        cells = "".join(f"{per[kind][op]:>7g} / {MINIMUM[kind][op]}" for op in OPS)
        lines.append(f"{kind:<32}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and one line of JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.sender_auth", description=__doc__)
    parser.add_argument("--tenants", type=int, default=5, help="K subusers (default 5)")
    args = parser.parse_args(argv)
    per = measure(args.tenants, lambda line: print(line, file=sys.stderr))
    print(render(per, args.tenants))
    print(json.dumps({"sender_auth_calls": per, "minimum": MINIMUM, "tenants": args.tenants}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
