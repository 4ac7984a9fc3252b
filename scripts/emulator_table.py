"""Print what exists in a running SendGrid emulator: accounts, kind, status, IPs, monitor.

Usage: ``python scripts/emulator_table.py http://127.0.0.1:8787`` (default:
``$SENDGRID_API_URL``). It reads the emulator's control API (``GET /_emulator/state``),
so it works with the emulator only, never with the real SendGrid.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

HEADERS = ("ACCOUNT", "KIND", "STATUS", "IPS", "MONITOR")


def fetch_state(url: str, timeout: float = 10.0) -> dict[str, Any]:
    """The emulator's state (``GET {url}/_emulator/state``)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(f"{url.rstrip('/')}/_emulator/state")  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return dict(json.load(response))


def _status(account: Mapping[str, Any]) -> str:
    if account.get("kind") == "subuser":
        return "disabled" if account.get("disabled") else "enabled"
    status = "active" if account.get("active") else "inactive"
    if not account.get("website_access", True):
        status += ", no website"
    return status


def rows(state: Mapping[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """One row per account, sorted by username."""
    monitors = {m["username"]: m for m in state.get("monitors", [])}
    out = []
    for account in sorted(state.get("accounts", []), key=lambda a: str(a["username"])):
        name = str(account["username"])
        monitor = monitors.get(name)
        out.append(
            (
                name,
                str(account.get("kind", "?")),
                _status(account),
                ", ".join(account.get("ips") or []) or "(parent's pool)",
                f"every {monitor['frequency']} to {monitor['email']}" if monitor else "-",
            )
        )
    return out


def render(state: Mapping[str, Any]) -> str:
    """The table, plus a line on the IP inventory."""
    body = rows(state)
    if not body:
        table = "(no accounts)"
    else:
        widths = [max(len(r[i]) for r in [HEADERS, *body]) for i in range(len(HEADERS))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [HEADERS, *body]
        ]
        table = "\n".join(lines)
    ips = state.get("ips", [])
    free = sum(1 for ip in ips if not ip.get("users"))
    return f"{table}\n\nIP inventory: {len(ips)} IPs, {len(ips) - free} in use, {free} free"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table for the emulator at the given URL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "url",
        nargs="?",
        default=os.environ.get("SENDGRID_API_URL"),
        help="the emulator's URL (default: $SENDGRID_API_URL)",
    )
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("give the emulator's URL, or set SENDGRID_API_URL")
    try:
        state = fetch_state(args.url)
    except (OSError, ValueError) as exc:
        print(f"cannot read the emulator's state at {args.url}: {exc}", file=sys.stderr)
        return 1
    print(render(state))
    return 0


if __name__ == "__main__":
    sys.exit(main())
