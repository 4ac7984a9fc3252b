"""Run the emulator on waitress, in a background thread (tests) or in the foreground (CLI)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress
from typing import Any

from waitress.server import create_server
from waitress.trigger import trigger as WaitressTrigger  # noqa: N812
from waitress.wasyncore import close_all

from .app import DEFAULT_API_KEY, DEFAULT_API_USER, EmulatorApp, EmulatorConfig

DEFAULT_THREADS = 16


class EmulatorServer:
    """The emulator on a real HTTP port.

    >>> with EmulatorServer() as server:        # doctest: +SKIP
    ...     requests.post(server.url + "/_emulator/reset")
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str = ":memory:",
        api_user: str = DEFAULT_API_USER,
        api_key: str = DEFAULT_API_KEY,
        threads: int = DEFAULT_THREADS,
        v3_rate_limit: int = 10_000,
        v3_rate_window: float = 60.0,
        dns_resolver: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.config = EmulatorConfig(
            db=db,
            api_user=api_user,
            api_key=api_key,
            v3_rate_limit=v3_rate_limit,
            v3_rate_window=v3_rate_window,
            dns_resolver=dns_resolver,
        )
        self.threads = threads
        self.app: EmulatorApp | None = None
        self._server: Any = None
        self._map: dict[int, Any] = {}
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    def bind(self) -> None:
        """Open the database and the listening socket (the port is known afterwards)."""
        if self._server is not None:
            return
        self.app = EmulatorApp(self.config)
        self._map = {}
        self._server = create_server(
            self.app,
            map=self._map,
            host=self.host,
            port=self.port,
            threads=self.threads,
            ident="sendgrid-emulator",
            # An OSError raised by the app then closes the connection without a byte
            # written: that is how an injected drop_after_commit fault loses the response.
            log_socket_errors=False,
            max_request_body_size=64 * 1024 * 1024,
            channel_timeout=60,
        )
        effective = getattr(self._server, "effective_port", None)
        if effective is None:
            effective = self._server.effective_listen[0][1]
        self.port = int(effective)

    def start(self) -> EmulatorServer:
        """Serve in a background thread; return once connections are accepted."""
        self.bind()
        self._thread = threading.Thread(
            target=self._server.run, name="sendgrid-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving, finish the worker threads and close the database."""
        server, self._server = self._server, None
        if server is None:
            return
        thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._stop_loop(thread)
        else:
            close_all(self._map, ignore_all=True)
        server.task_dispatcher.shutdown(timeout=10)
        if self.app is not None:
            self.app.close()
            self.app = None

    def _stop_loop(self, thread: threading.Thread) -> None:
        """End the asyncore loop running in ``thread`` and close every socket."""

        def close_everything() -> None:
            close_all(self._map, ignore_all=True)

        # Best way: close everything from inside the loop thread, which then returns.
        for trigger in [d for d in list(self._map.values()) if isinstance(d, WaitressTrigger)]:
            try:
                trigger.pull_trigger(close_everything)
                break
            except OSError:
                continue
        thread.join(2)
        # Fallback: empty the map; the loop ends at its next select timeout (1 s).
        taken: list[Any] = []
        deadline = time.monotonic() + 10
        while thread.is_alive() and time.monotonic() < deadline:
            taken.extend(self._map.values())
            self._map.clear()
            thread.join(0.25)
        for dispatcher in taken:
            with suppress(Exception):
                dispatcher.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop the server, whatever ended the ``with`` block (exceptions propagate)."""
        self.stop()
