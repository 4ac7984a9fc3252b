"""Where each API lives: the path prefixes and which API a path belongs to."""

from __future__ import annotations

from .errors import Generation

V2_PREFIX = "/apiv2"
V3_PREFIX = "/v3"
PARTNERS_PREFIX = "/v3/partners"
#: The EU endpoint of the emulator: ``<base>/eu/v3/...`` serves the same v3 API as
#: ``<base>/v3/...`` (SendGrid serves EU subusers at ``https://api.eu.sendgrid.com``).
EU_PREFIX = "/eu"
#: The control API (reset, state, faults, ...), beside the SendGrid paths.
CONTROL_PREFIX = "/_emulator"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def is_control_path(path: str) -> bool:
    """Tell whether the path belongs to the control API."""
    return _under(path, CONTROL_PREFIX)


def is_v3_path(path: str) -> bool:
    """Tell whether the path is a v3 call (the partners calls included)."""
    return _under(path, V3_PREFIX)


def generation_of(path: str) -> Generation:
    """Which API a path belongs to (anything unknown answers in the v3 shape)."""
    if _under(path, V2_PREFIX):
        return "v2"
    if is_control_path(path):
        return "control"
    return "v3"


def strip_eu(path: str) -> str | None:
    """``/eu/v3/...`` -> ``/v3/...``; ``None`` for a path outside the EU endpoint."""
    if is_v3_path(path.removeprefix(EU_PREFIX)) and path.startswith(EU_PREFIX + "/"):
        return path.removeprefix(EU_PREFIX)
    return None
