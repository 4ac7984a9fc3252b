"""The emulator the benchmarks run against: its own process, and its control API.

The emulator runs in a separate process so that it shares no interpreter lock with the
benchmark process (which hosts the inline Pulumi programs). Its v3 rate-limit window is
opened wide: the benchmarks measure the provider, not throttling, except where a scenario
sets one shared budget on purpose (:meth:`EmulatorProcess.limit_rate`).

Run directly (``python bench/_emulator.py``) it serves on a free port and prints
``listening on <url>``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

API_USER = "reseller"
API_KEY = "SG.emulator-key"
DEFAULT_IPS = (
    [f"192.0.2.{n}" for n in range(10, 30)]
    + [f"198.51.100.{n}" for n in range(10, 20)]
    + [f"203.0.113.{n}" for n in range(10, 20)]
)
"""The emulator's default IP inventory (documentation ranges only)."""
SENDGRID_PATHS = r"^/(apiv2|v3)/"
"""Every SendGrid path of the emulator, v2 and v3 (the control API is never limited)."""
_SUBUSER_PATH = re.compile(r"(/v3/subusers/)(?!reputations\b)[^/?]+")
"""A subuser's name in a v3 path, shown as ``{name}`` so that calls add up per endpoint."""


@dataclass(frozen=True)
class CallLog:
    """The SendGrid calls the emulator saw between two points of a benchmark."""

    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    errors: int = 0
    rate_limited: int = 0

    def without(self, *prefixes: str) -> CallLog:
        """The log without the calls whose ``METHOD path`` starts with one of ``prefixes``."""
        kept = {k: v for k, v in self.counts.items() if not k.startswith(prefixes)}
        return CallLog(kept, sum(kept.values()), self.errors, self.rate_limited)


class EmulatorProcess:
    """A ``sendgrid_emulator`` server in a child process, with :meth:`calls` and friends."""

    def __init__(self, threads: int = 16) -> None:
        self._threads = threads
        self._proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.http = requests.Session()

    def start(self) -> EmulatorProcess:
        """Start the child and wait until it listens."""
        self._proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(self._threads)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"the emulator did not start (it printed {line!r})")
        self.url = line.removeprefix("listening on ")
        # Keep draining stdout so that the child never blocks on a full pipe.
        threading.Thread(target=self._proc.stdout.read, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop the child (this process started it; nothing else is touched)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        self.http.close()

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the emulator process has used so far."""
        if self._proc is None:
            return 0.0
        try:
            stat = Path(f"/proc/{self._proc.pid}/stat").read_text()
        except OSError:
            return 0.0
        fields = stat.rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def env(self) -> dict[str, str]:
        """Environment variables that point the provider at this emulator."""
        return {
            "SENDGRID_API_URL": self.url,
            "SENDGRID_API_USER": API_USER,
            "SENDGRID_API_KEY": API_KEY,
        }

    def reset(self) -> None:
        """Empty state, default IP inventory, empty request log."""
        self.http.post(f"{self.url}/_emulator/reset", timeout=30).raise_for_status()

    def clear_calls(self) -> None:
        """Forget the request log."""
        self.http.delete(f"{self.url}/_emulator/requests", timeout=30).raise_for_status()

    def calls(self) -> CallLog:
        """The calls logged since the last :meth:`clear_calls`."""
        resp = self.http.get(f"{self.url}/_emulator/requests", timeout=60)
        resp.raise_for_status()
        body: dict[str, Any] = resp.json()
        statuses = Counter(int(entry["status"]) for entry in body["requests"])
        errors = sum(n for status, n in statuses.items() if status >= 400)
        counts: Counter[str] = Counter()
        for call, n in body["counts"].items():
            counts[_SUBUSER_PATH.sub(r"\1{name}", call)] += int(n)
        return CallLog(dict(counts), int(body["total"]), errors, statuses.get(429, 0))

    def requests(self) -> list[dict[str, Any]]:
        """The request log's entries since the last :meth:`clear_calls` (with their time)."""
        resp = self.http.get(f"{self.url}/_emulator/requests", timeout=60)
        resp.raise_for_status()
        return list(resp.json()["requests"])

    def limit_rate(self, per_second: float) -> None:
        """Set ONE budget of ``per_second`` requests a second shared by every SendGrid path.

        A refused request is answered 429 with ``X-RateLimit-*`` headers, as SendGrid does.
        """
        resp = self.http.post(
            f"{self.url}/_emulator/ratelimits",
            json={"path": SENDGRID_PATHS, "per_second": per_second},
            timeout=30,
        )
        resp.raise_for_status()

    def unlimit_rate(self) -> None:
        """Remove every rate limit (and injected fault) set through the control API."""
        self.http.delete(f"{self.url}/_emulator/ratelimits", timeout=30).raise_for_status()

    def accounts(self) -> list[dict[str, Any]]:
        """Every account (customers and subusers) the emulator holds."""
        resp = self.http.get(f"{self.url}/_emulator/state", timeout=60)
        resp.raise_for_status()
        return list(resp.json()["accounts"])


def _serve(threads: int) -> None:
    from sendgrid_emulator import EmulatorServer

    server = EmulatorServer(
        host="127.0.0.1", port=0, db=":memory:", threads=threads, v3_rate_limit=10**9
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    server.start()
    print(f"listening on {server.url}", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
        os._exit(0)


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 16)
