"""The version of the installed distribution, read from its metadata."""

from __future__ import annotations

from importlib import metadata

__all__ = ["DISTRIBUTION", "__version__"]

DISTRIBUTION = "pulumi-sendgrid-reseller"
"""The name of the distribution this package ships in."""


def _read() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "0.0.0+unknown"


__version__: str = _read()
"""The version of ``pulumi-sendgrid-reseller`` (``0.0.0+unknown`` when not installed)."""
