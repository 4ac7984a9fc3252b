"""The API key permission names (scopes) the emulator accepts.

SendGrid's documented list ("API Key Permissions") is the emulator's own data,
``data/api_key_permissions.json``, shipped with the package: the emulator imports nothing
of the provider, so that a client and the emulator that check a scope each check it
against the document (a test checks that the provider's copy says the same). A key made
without ``scopes`` gets them all ("Full Access"), as the create call documents, plus the
flags SendGrid attaches to keys by itself (the document's ``automatic`` entries).
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def scopes() -> tuple[str, ...]:
    """Every scope name the emulator accepts, sorted: the permissions and the flags."""
    document = json.loads(
        resources.files(__package__).joinpath("data", "api_key_permissions.json").read_text("utf-8")
    )
    return tuple(sorted({*document["permissions"], *document["automatic"]}))
