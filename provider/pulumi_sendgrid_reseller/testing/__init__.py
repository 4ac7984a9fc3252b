"""Test-only resources, not part of the public surface: :class:`Noop` makes no API call."""

from ._noop import Noop, NoopProvider

__all__ = ["Noop", "NoopProvider"]
