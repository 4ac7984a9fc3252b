"""Redaction of secrets (API keys, passwords) from text meant for humans.

Every string that ends up in an exception message or a log line passes through a
:class:`Redactor` first. It removes the exact secrets it was given (and their URL-encoded
forms) and, as a second line of defence, anything that looks like a SendGrid API key, a
bearer token or a ``api_key=`` / ``password=`` form parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

__all__ = ["REDACTED", "Redactor", "redact"]

REDACTED = "[REDACTED]"
"""The placeholder that replaces a secret."""

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # SendGrid API keys look like SG.<22 chars>.<43 chars>; be generous about the shape.
    (re.compile(r"\bSG\.[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)?"), REDACTED),
    (re.compile(r"(?i)\b(Bearer)\s+[^\s,;\"']+"), rf"\1 {REDACTED}"),
    (
        re.compile(r"(?i)\b(api_key|apikey|password|confirm_password)(=|\"\s*:\s*\")[^&\s\"',;]+"),
        rf"\1\2{REDACTED}",
    ),
)


class Redactor:
    """Removes known secrets from text.

    Instances are immutable and therefore safe to share between threads.
    """

    __slots__ = ("_secrets",)

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        variants: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            variants.add(secret)
            variants.add(quote_plus(secret, safe=""))
            variants.add(quote(secret, safe=""))
        # Longest first, so that a secret containing another one is removed whole.
        self._secrets: tuple[str, ...] = tuple(sorted(variants, key=len, reverse=True))

    def with_secrets(self, secrets: Iterable[str | None]) -> Redactor:
        """Return a new redactor that also removes ``secrets``."""
        return Redactor([*self._secrets, *secrets])

    def __call__(self, text: str) -> str:
        """Return ``text`` with every known secret and secret-looking token replaced."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def __repr__(self) -> str:
        return f"Redactor(<{len(self._secrets)} secrets>)"


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` without the given secrets nor anything that looks like a credential."""
    return Redactor(secrets)(text)
