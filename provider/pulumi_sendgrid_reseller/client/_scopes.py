"""The API key permissions (scopes) SendGrid documents: the one list the provider checks.

The list is data, not code: ``data/api_key_permissions.json``, SendGrid's "API Key
Permissions" page (the admin key's complete list, with the feature groups its newer
sections add), shipped with the package. Its ``automatic`` entries are the flags SendGrid
itself attaches to keys (``2fa_required``, ``sender_verification_eligible``,
``sender_verification_legacy``): they appear in what ``GET /v3/api_keys/{id}`` reports and
are never asked for. The emulator ships the same document as its own data (it imports
nothing of this package); a test checks that the two agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from typing import Final

__all__ = ["AUTOMATIC_SCOPES", "SCOPES", "unknown_scopes"]

_DOCUMENT: Final = json.loads(
    resources.files(__package__).joinpath("data", "api_key_permissions.json").read_text("utf-8")
)

SCOPES: Final[frozenset[str]] = frozenset(_DOCUMENT["permissions"])
"""Every API key permission SendGrid documents."""

AUTOMATIC_SCOPES: Final[frozenset[str]] = frozenset(_DOCUMENT["automatic"])
"""Flags SendGrid adds to a key by itself; reported with its scopes, never asked for."""


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    """The given scopes that are not documented permissions, in the order given."""
    return [scope for scope in scopes if scope not in SCOPES]
