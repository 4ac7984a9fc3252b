"""A stateful stand-in for the SendGrid reseller (v2) and subuser (v3) APIs.

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
