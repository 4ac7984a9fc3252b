"""What a client needs to reach SendGrid: credentials, endpoint and timeouts.

The client owns its inputs; where they come from (program settings, environment) is the
caller's business. Errors name the missing or malformed setting (``setting``) so that a
caller can say how to set it in its own terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from pydantic import SecretStr

from ._errors import CredentialsError

__all__ = ["DEFAULT_API_URL", "Credentials", "Timeouts", "check_api_url"]

DEFAULT_API_URL: Final = "https://api.sendgrid.com"
"""The SendGrid endpoint used when none is given."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """Credentials and endpoint. The key never shows in ``repr``.

    Attributes:
        api_user: the v2 ``api_user`` (the parent account's username), or ``None``.
        api_key: the API key, used as v2 ``api_key`` and as v3 bearer token.
        api_url: the endpoint, without a trailing slash, e.g. ``https://api.sendgrid.com``.

    Raises:
        CredentialsError: an empty key, or an endpoint that is not an http(s) URL.
    """

    api_user: str | None
    api_key: SecretStr
    api_url: str = DEFAULT_API_URL

    def __post_init__(self) -> None:
        if not isinstance(self.api_key, SecretStr):  # tolerate a plain string at run time
            object.__setattr__(self, "api_key", SecretStr(str(self.api_key)))
        if not self.api_key.get_secret_value():
            raise CredentialsError.missing_api_key()
        if self.api_user == "":
            object.__setattr__(self, "api_user", None)
        object.__setattr__(self, "api_url", check_api_url(self.api_url))


def check_api_url(url: str) -> str:
    """The URL of a SendGrid endpoint, trimmed; :class:`CredentialsError` when it is not one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise CredentialsError.bad_api_url("cannot be parsed") from None
    if parts.scheme not in ("http", "https"):
        scheme = f"'{parts.scheme}'" if parts.scheme else "no"
        raise CredentialsError.bad_api_url(f"has {scheme} scheme")
    if not parts.hostname:
        raise CredentialsError.bad_api_url("has no host")
    if parts.username is not None or parts.password is not None:
        raise CredentialsError.bad_api_url("must not contain a user name or password")
    if parts.query or parts.fragment:
        raise CredentialsError.bad_api_url("must not contain a query or a fragment")
    return url.strip().rstrip("/")


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Per-request timeouts, in seconds.

    ``connect`` bounds establishing the connection; ``read`` bounds each wait for data
    from the server (not the whole response).
    """

    connect: float = 5.0
    read: float = 30.0

    def __post_init__(self) -> None:
        if not (self.connect > 0 and self.read > 0):
            raise ValueError("timeouts must be positive numbers of seconds")
