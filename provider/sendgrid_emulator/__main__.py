"""``sendgrid-emulator serve`` / ``python -m sendgrid_emulator``: run the emulator."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .app import DEFAULT_API_KEY, DEFAULT_API_USER
from .resolver import parse_address
from .server import DEFAULT_THREADS, EmulatorServer

DEFAULT_PORT = 8787
DEFAULT_DB = "sendgrid-emulator.db"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendgrid-emulator",
        description="A stateful stand-in for the SendGrid reseller (v2) and subuser (v3) APIs.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the emulator over HTTP (the default)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0 picks a free one)")
    serve.add_argument(
        "--db",
        default=DEFAULT_DB,
        help="SQLite file (default ./sendgrid-emulator.db); ':memory:' keeps nothing",
    )
    serve.add_argument("--api-user", default=DEFAULT_API_USER, help="v2 api_user")
    serve.add_argument("--api-key", default=DEFAULT_API_KEY, help="v2 api_key and v3 bearer key")
    serve.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="worker threads")
    serve.add_argument(
        "--dns-resolver",
        type=_resolver_address,
        default=None,
        metavar="HOST:PORT",
        help="the DNS server the validate calls ask (default: the machine's resolver)",
    )
    return parser


def _resolver_address(text: str) -> str:
    try:
        parse_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and serve until SIGTERM or SIGINT."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0].startswith("-") and arguments[0] not in ("-h", "--help")):
        arguments.insert(0, "serve")  # "serve" is the default command
    options = vars(_parser().parse_args(arguments))
    del options["command"]  # the one command, "serve": the rest are the server's options
    server = EmulatorServer(**options)
    stopping = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        server.start()
    except OSError as exc:
        print(
            f"sendgrid-emulator: cannot listen on {options['host']}:{options['port']}: {exc}",
            file=sys.stderr,
        )
        return 1
    print(f"listening on {server.url}", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
