"""Where the SendGrid credentials and endpoint come from.

Precedence, highest first:

1. ``override`` (per-resource credentials): keys ``api_user``, ``api_key``, ``api_url``;
2. the stack configuration: ``sendgrid-reseller:apiUser``, ``sendgrid-reseller:apiKey``
   (a secret) and ``sendgrid-reseller:apiUrl``;
3. the environment: ``SENDGRID_API_USER``, ``SENDGRID_API_KEY``, ``SENDGRID_API_URL``;
4. for the URL only, ``https://api.sendgrid.com``.

Empty values count as unset. The API key is required; the API user is needed by the v2
calls only, so its absence is reported when such a call is made.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import SecretStr

from .client._errors import CredentialsError
from .client._transport import Timeouts

__all__ = [
    "CONFIG_API_KEY",
    "CONFIG_API_URL",
    "CONFIG_API_URL_EU",
    "CONFIG_API_USER",
    "CONFIG_READ_TIMEOUT",
    "DEFAULT_API_URL",
    "DEFAULT_API_URL_EU",
    "ENV_API_KEY",
    "ENV_API_URL",
    "ENV_API_URL_EU",
    "ENV_API_USER",
    "ENV_READ_TIMEOUT",
    "Credentials",
    "CredentialsError",
    "resolve_credentials",
    "resolve_eu_api_url",
    "resolve_timeouts",
]

DEFAULT_API_URL = "https://api.sendgrid.com"
"""The SendGrid endpoint used when none is configured."""

CONFIG_API_USER = "sendgrid-reseller:apiUser"
"""Stack configuration key of the API user (the v2 reseller API's ``api_user``)."""
CONFIG_API_KEY = "sendgrid-reseller:apiKey"
"""Stack configuration key of the API key (set it as a secret)."""
CONFIG_API_URL = "sendgrid-reseller:apiUrl"
"""Stack configuration key of the endpoint URL."""

ENV_API_USER = "SENDGRID_API_USER"
"""Environment variable of the API user."""
ENV_API_KEY = "SENDGRID_API_KEY"
"""Environment variable of the API key."""
ENV_API_URL = "SENDGRID_API_URL"
"""Environment variable of the endpoint URL."""

CONFIG_READ_TIMEOUT = "sendgrid-reseller:readTimeout"
"""Stack configuration key of the read timeout, in seconds (default 30)."""
ENV_READ_TIMEOUT = "SENDGRID_READ_TIMEOUT"
"""Environment variable of the read timeout, in seconds."""

_OVERRIDE_KEYS = frozenset({"api_user", "api_key", "api_url"})


@dataclass(frozen=True, slots=True)
class Credentials:
    """Resolved credentials and endpoint. The key never shows in ``repr``.

    Attributes:
        api_user: the v2 ``api_user`` (the parent account's username), or ``None``.
        api_key: the API key, used as v2 ``api_key`` and as v3 bearer token.
        api_url: the endpoint, without a trailing slash, e.g. ``https://api.sendgrid.com``.
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
        object.__setattr__(self, "api_url", _check_url(self.api_url))


def _check_url(url: str) -> str:
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


def _first(*values: str | None) -> str | None:
    for value in values:
        if value is not None and value.strip() != "":
            return value.strip()
    return None


def resolve_credentials(
    config: Mapping[str, str] | None = None,
    *,
    override: Mapping[str, str | None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Resolve the credentials from overrides, stack configuration and environment.

    Args:
        config: the stack configuration as a provider's ``configure()`` receives it,
            keys ``sendgrid-reseller:apiUser`` / ``apiKey`` / ``apiUrl``.
        override: per-resource values (``api_user``, ``api_key``, ``api_url``); ``None``
            values fall through to the next source.
        environ: the environment to read (default ``os.environ``).

    Raises:
        CredentialsError: no API key anywhere (the message names both ways to set it), or
            an API URL that is not http(s).
    """
    config = config or {}
    override = override or {}
    env = os.environ if environ is None else environ
    unknown = set(override) - _OVERRIDE_KEYS
    if unknown:
        raise CredentialsError(
            f"Unknown credential override(s): {', '.join(sorted(unknown))};"
            f" expected {', '.join(sorted(_OVERRIDE_KEYS))}."
        )
    api_key = _first(override.get("api_key"), config.get(CONFIG_API_KEY), env.get(ENV_API_KEY))
    if api_key is None:
        raise CredentialsError.missing_api_key()
    api_user = _first(override.get("api_user"), config.get(CONFIG_API_USER), env.get(ENV_API_USER))
    api_url = _first(override.get("api_url"), config.get(CONFIG_API_URL), env.get(ENV_API_URL))
    return Credentials(
        api_user=api_user, api_key=SecretStr(api_key), api_url=api_url or DEFAULT_API_URL
    )


def resolve_timeouts(
    config: Mapping[str, str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Timeouts:
    """The request timeouts: ``sendgrid-reseller:readTimeout``, else ``SENDGRID_READ_TIMEOUT``.

    Raises:
        CredentialsError: a value that is not a positive number of seconds.
    """
    env = os.environ if environ is None else environ
    raw = _first((config or {}).get(CONFIG_READ_TIMEOUT), env.get(ENV_READ_TIMEOUT))
    if raw is None:
        return Timeouts()
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise CredentialsError(
            f"The read timeout {raw!r} ({CONFIG_READ_TIMEOUT} or {ENV_READ_TIMEOUT}) must be a "
            "positive number of seconds."
        )
    return Timeouts(read=seconds)


DEFAULT_API_URL_EU = "https://api.eu.sendgrid.com"
"""The endpoint of EU-region subusers, used when none is configured."""
CONFIG_API_URL_EU = "sendgrid-reseller:apiUrlEu"
"""Stack configuration key of the EU endpoint (the calls made on behalf of EU subusers)."""
ENV_API_URL_EU = "SENDGRID_API_URL_EU"
"""Environment variable of the EU endpoint."""


def resolve_eu_api_url(
    config: Mapping[str, str] | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """The endpoint of the calls made on behalf of an EU-region subuser.

    ``sendgrid-reseller:apiUrlEu``, else ``SENDGRID_API_URL_EU``, else
    ``https://api.eu.sendgrid.com``. SendGrid serves an EU subuser's own data (its user
    settings, its API keys) there only; the parent's calls stay on the main endpoint.

    Raises:
        CredentialsError: a URL that is not http(s).
    """
    env = os.environ if environ is None else environ
    url = _first((config or {}).get(CONFIG_API_URL_EU), env.get(ENV_API_URL_EU))
    try:
        return _check_url(url or DEFAULT_API_URL_EU)
    except CredentialsError:
        raise CredentialsError(
            f"The SendGrid EU API URL {url!r} is not an http:// or https:// URL without user,"
            f" query or fragment. Set it with `pulumi config set {CONFIG_API_URL_EU} <url>`"
            f" or the {ENV_API_URL_EU} environment variable (default {DEFAULT_API_URL_EU})."
        ) from None
