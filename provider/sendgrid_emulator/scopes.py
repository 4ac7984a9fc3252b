"""The API key permission names (scopes) the emulator accepts.

SendGrid's documented permission list is kept once, in the client the provider uses
(``pulumi_sendgrid_reseller.client._scopes``, from SendGrid's "API Key Permissions"
page); the emulator serves the same list, plus the flags SendGrid attaches to keys by
itself. A key made without ``scopes`` gets them all ("Full Access"), as the create call
documents.
"""

from __future__ import annotations

import functools


@functools.cache
def scopes() -> tuple[str, ...]:
    """Every scope name the emulator accepts, sorted.

    Read when first needed: the list lives in the provider's package, whose import (Pulumi
    included) an emulator that serves no API key call does not need to pay for.
    """
    from pulumi_sendgrid_reseller.client._scopes import AUTOMATIC_SCOPES, SCOPES

    return tuple(sorted(SCOPES | AUTOMATIC_SCOPES))
