"""``python -m webhook_receiver``: serve, report what was verified, or ask for a test event.

- ``serve [--host 127.0.0.1] [--port 0] [--public-key-file F] [--public-key KEY] [--quiet]``:
  run the receiver in the foreground; its first line on stdout is
  ``listening on http://HOST:PORT`` (port 0 picks a free one). SIGTERM or SIGINT stops it.
- ``report --url URL [--public-key KEY] [--expect N] [--wait SECONDS]``: give the receiver
  the key (if given), wait until N deliveries (default 1) are checked, print one line each
  (``verified``, or why not) and exit 0 only when at least N verified and none failed.
- ``send-test --url TARGET [--webhook-id ID] [--on-behalf-of VALUE]``: ask SendGrid (or the
  emulator) for a test event to ``TARGET`` (``POST /v3/user/webhooks/event/test``), with
  the API URL and key of ``SENDGRID_API_URL`` and ``SENDGRID_API_KEY`` (or ``--api-url``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .server import KEY_PATH, RECEIVED_PATH, ReceiverServer

#: Local calls only: never through a proxy of the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _call(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url!r}")
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - http(s) checked above
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with _OPENER.open(request, timeout=30) as response:
            raw = response.read()
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), int(exc.code)
    return status, json.loads(raw) if raw.strip() else None


def serve(args: argparse.Namespace) -> int:
    """Run the receiver until SIGTERM or SIGINT."""
    key_file = Path(args.public_key_file) if args.public_key_file else None
    server = ReceiverServer(args.host, args.port, key_file, args.public_key, args.quiet)
    print(f"listening on {server.url}", flush=True)

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def report(args: argparse.Namespace) -> int:
    """Print what the receiver verified; 0 when at least ``--expect`` verified, none failed."""
    base = args.url.rstrip("/")
    if args.public_key:
        status, _ = _call("POST", base + KEY_PATH, {"public_key": args.public_key})
        if status != 200:
            print(f"the receiver refused the public key (HTTP {status})", file=sys.stderr)
            return 1
    deadline = time.monotonic() + args.wait
    while True:
        status, body = _call("GET", base + RECEIVED_PATH)
        if status != 200:
            print(f"the receiver answered HTTP {status}", file=sys.stderr)
            return 1
        checked = body["counts"]["verified"] + body["counts"]["failed"]
        if checked >= args.expect or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    for delivery in body["deliveries"]:
        outcome = {True: "verified", False: "NOT verified", None: "not checked"}[
            delivery["verified"]
        ]
        events = ", ".join(delivery["events"]) or "no events"
        print(
            f"delivery {delivery['id']} to {delivery['path']}: {outcome} "
            f"({delivery['detail']}): {events}"
        )
    counts = body["counts"]
    print(
        f"{counts['verified']} verified, {counts['failed']} failed, "
        f"{counts['unverified']} not checked"
    )
    return 0 if counts["verified"] >= args.expect and counts["failed"] == 0 else 1


def send_test(args: argparse.Namespace) -> int:
    """``POST /v3/user/webhooks/event/test``; 0 when SendGrid answered 204."""
    if not args.api_url or not args.api_key:
        print("set SENDGRID_API_URL and SENDGRID_API_KEY (or --api-url)", file=sys.stderr)
        return 2
    body = {"url": args.url}
    if args.webhook_id:
        body["id"] = args.webhook_id
    headers = {"Authorization": f"Bearer {args.api_key}"}
    if args.on_behalf_of:
        headers["on-behalf-of"] = args.on_behalf_of
    status, answer = _call(
        "POST", args.api_url.rstrip("/") + "/v3/user/webhooks/event/test", body, headers
    )
    if status != 204:
        print(f"the test event was not sent: HTTP {status} {answer}", file=sys.stderr)
        return 1
    print(f"test event sent to {args.url}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m webhook_receiver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the receiver")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=0)
    run.add_argument("--public-key-file", help="read the public key from this file")
    run.add_argument("--public-key", help="the public key (base64 DER)")
    run.add_argument("--quiet", action="store_true", help="no request log on stderr")
    run.set_defaults(handler=serve)
    show = commands.add_parser("report", help="print what the receiver verified")
    show.add_argument("--url", required=True, help="the receiver's http://HOST:PORT")
    show.add_argument("--public-key", help="give the receiver this public key first")
    show.add_argument("--expect", type=int, default=1, help="deliveries to wait for")
    show.add_argument("--wait", type=float, default=10.0, help="seconds to wait for them")
    show.set_defaults(handler=report)
    test = commands.add_parser("send-test", help="ask SendGrid for a test event")
    test.add_argument("--url", required=True, help="where the test event goes")
    test.add_argument("--webhook-id", help="the webhook whose settings and key apply")
    test.add_argument("--on-behalf-of", help="on-behalf-of header: <username> or account-id <id>")
    test.add_argument("--api-url", default=os.environ.get("SENDGRID_API_URL"))
    test.set_defaults(handler=send_test, api_key=os.environ.get("SENDGRID_API_KEY"))
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
