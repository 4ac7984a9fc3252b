"""A stateful stand-in for the SendGrid reseller (v2) and v3 APIs.

v2 at ``<base>/apiv2/<module>.<action>.json|xml``; v3 (subusers, credits, monitors,
``/v3/user/*``, ``/v3/api_keys``, with ``on-behalf-of``) at ``<base>/v3/...``. The EU
endpoint of the emulator is ``<base>/eu``: point a client's EU API URL there and it
reaches the same v3 API (``<base>/eu/v3/...``); the request log keeps the ``/eu`` prefix,
so a test can tell which endpoint a call went to. The control API is ``<base>/_emulator``.

Start it in-process with :class:`EmulatorServer`, or from a shell with
``sendgrid-emulator serve`` (``python -m sendgrid_emulator``).
"""

from __future__ import annotations

from .app import DEFAULT_API_KEY, DEFAULT_API_USER, EmulatorApp, EmulatorConfig, create_app
from .backend import DEFAULT_IPS
from .server import EmulatorServer

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_USER",
    "DEFAULT_IPS",
    "EmulatorApp",
    "EmulatorConfig",
    "EmulatorServer",
    "create_app",
]
