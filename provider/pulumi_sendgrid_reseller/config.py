"""The one reader of the provider's settings: Pulumi stack configuration and environment.

It maps them to what the client takes (:class:`Credentials`, :class:`Timeouts`, the pacing
ceiling). Every documented key, in the provider process and in lookups alike:

=================================== =================================== ===========================
stack configuration                 environment                         meaning
=================================== =================================== ===========================
``sendgrid-reseller:apiUser``       ``SENDGRID_API_USER``               the v2 ``api_user``
``sendgrid-reseller:apiKey``        ``SENDGRID_API_KEY``                the API key (a secret)
``sendgrid-reseller:apiUrl``        ``SENDGRID_API_URL``                the endpoint
``sendgrid-reseller:readTimeout``   ``SENDGRID_READ_TIMEOUT``           seconds (default 30)
``sendgrid-reseller:maxRequests``   ``SENDGRID_MAX_REQUESTS_PER_SECOND`` a ceiling of requests a
``PerSecond``                                                           second (default none)
=================================== =================================== ===========================

``SENDGRID_BULK_READS=off`` (environment only) makes the provider process read one object
per call instead of from SendGrid's bulk calls (:func:`bulk_reads_allowed`).

Precedence, highest first: ``override`` (per-resource credentials: ``api_user``,
``api_key``, ``api_url``), the stack configuration, the environment, and for the URL only
``https://api.sendgrid.com``. Empty values count as unset. The API key is required; the API
user is needed by the v2 calls only, so its absence is reported when such a call is made.

The client's errors name the setting at fault; :func:`with_hint` (and the decorator
:func:`explained`) add how to set it, in Pulumi terms, at the provider's boundary.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, ParamSpec, TypeVar

from pydantic import SecretStr

from .client import DEFAULT_API_URL, Credentials, CredentialsError, Timeouts
from .client._errors import Setting
from .client.credentials import check_api_url

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_API_URL",
    "DEFAULT_API_URL_EU",
    "ClientOptions",
    "Credentials",
    "CredentialsError",
    "bulk_reads_allowed",
    "explained",
    "program_config",
    "resolve_credentials",
    "resolve_eu_api_url",
    "resolve_max_requests_per_second",
    "resolve_options",
    "resolve_timeouts",
    "stack_values",
    "with_hint",
]

DEFAULT_API_URL_EU: Final = "https://api.eu.sendgrid.com"
"""The endpoint of EU-region subusers, used when none is configured."""


@dataclass(frozen=True)
class _Source:
    """Where a setting comes from: a stack configuration key, then an environment variable.

    ``placeholder`` stands for the value in the ``pulumi config set`` hint.
    """

    config: str
    env: str
    placeholder: str


_SOURCES: Final[dict[Setting, _Source]] = {
    "api_user": _Source("sendgrid-reseller:apiUser", "SENDGRID_API_USER", "<user>"),
    "api_key": _Source("sendgrid-reseller:apiKey", "SENDGRID_API_KEY", "<key>"),
    "api_url": _Source("sendgrid-reseller:apiUrl", "SENDGRID_API_URL", "<url>"),
    "read_timeout": _Source("sendgrid-reseller:readTimeout", "SENDGRID_READ_TIMEOUT", "<seconds>"),
    "max_requests_per_second": _Source(
        "sendgrid-reseller:maxRequestsPerSecond", "SENDGRID_MAX_REQUESTS_PER_SECOND", "<number>"
    ),
    "api_url_eu": _Source("sendgrid-reseller:apiUrlEu", "SENDGRID_API_URL_EU", "<url>"),
}
"""Every setting the provider reads (docs/configuration.md says what each does)."""
CONFIG_KEYS: Final = tuple(source.config for source in _SOURCES.values())
"""Every stack configuration key the provider reads."""
_OVERRIDE_KEYS: Final = frozenset({"api_user", "api_key", "api_url"})

P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------------------
# How to set a setting, in Pulumi terms
# --------------------------------------------------------------------------------------


def with_hint(error: CredentialsError) -> CredentialsError:
    """The error with how to set its setting appended (stack configuration or environment).

    Errors about no single setting, or already explained, are returned as they are.
    """
    if error.setting is None or getattr(error, "hinted", False):
        return error
    source = _SOURCES[error.setting]
    secret = "--secret " if error.setting == "api_key" else ""
    hint = (
        f" Set it with `pulumi config set {secret}{source.config} {source.placeholder}`"
        f" or with the {source.env} environment variable"
    )
    if error.setting == "api_url":
        hint += f" (default {DEFAULT_API_URL})"
    explained_error = CredentialsError(error.message + hint + ".", setting=error.setting)
    explained_error.hinted = True  # type: ignore[attr-defined]
    return explained_error


def explained(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate an entry point so that a :class:`CredentialsError` says how to fix it."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CredentialsError as exc:
            hinted = with_hint(exc)
            if hinted is exc:
                raise
            raise hinted from None

    return wrapper


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def stack_values(config: Mapping[str, Any]) -> dict[str, str]:
    """The provider's keys of a stack configuration, as strings (unset keys left out)."""
    return {key: str(config[key]) for key in CONFIG_KEYS if config.get(key) is not None}


def program_config() -> dict[str, str]:
    """The provider's keys of the stack configuration, read inside a Pulumi program.

    Outside a program (no Pulumi runtime), nothing is found and the environment decides.
    """
    from pulumi import runtime

    values: dict[str, str] = {}
    for key in CONFIG_KEYS:
        try:
            value = runtime.get_config(key)
        except Exception:
            value = None
        if value is not None:
            values[key] = str(value)
    return values


def _first(*values: str | None) -> str | None:
    for value in values:
        if value is not None and value.strip() != "":
            return value.strip()
    return None


def _raw(
    setting: Setting, config: Mapping[str, str] | None, environ: Mapping[str, str] | None
) -> str | None:
    config_key, env_var = _SOURCES[setting].config, _SOURCES[setting].env
    env = os.environ if environ is None else environ
    return _first((config or {}).get(config_key), env.get(env_var))


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """How a client sends its requests, besides the credentials.

    Attributes:
        timeouts: connect and read timeouts of every request.
        max_requests_per_second: a ceiling on the requests sent to one account, or
            ``None`` (pacing then follows only what SendGrid announces).
    """

    timeouts: Timeouts
    max_requests_per_second: float | None


@explained
def resolve_options(
    config: Mapping[str, str] | None = None, *, environ: Mapping[str, str] | None = None
) -> ClientOptions:
    """The timeouts and the ceiling of requests a second (stack configuration, environment).

    Raises:
        CredentialsError: a value that is not a positive number.
    """
    return ClientOptions(
        timeouts=resolve_timeouts(config, environ=environ),
        max_requests_per_second=resolve_max_requests_per_second(config, environ=environ),
    )


@explained
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
    override = override or {}
    unknown = set(override) - _OVERRIDE_KEYS
    if unknown:
        raise CredentialsError(
            f"Unknown credential override(s): {', '.join(sorted(unknown))};"
            f" expected {', '.join(sorted(_OVERRIDE_KEYS))}."
        )
    api_key = _first(override.get("api_key"), _raw("api_key", config, environ))
    if api_key is None:
        raise CredentialsError.missing_api_key()
    api_user = _first(override.get("api_user"), _raw("api_user", config, environ))
    api_url = _first(override.get("api_url"), _raw("api_url", config, environ))
    return Credentials(
        api_user=api_user, api_key=SecretStr(api_key), api_url=api_url or DEFAULT_API_URL
    )


def _positive(setting: Setting, raw: str, what: str, unit: str = "") -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (value > 0 and value != float("inf")):
        config_key, env_var = _SOURCES[setting].config, _SOURCES[setting].env
        raise CredentialsError(
            f"The {what} {raw!r} ({config_key} or {env_var}) must be a positive number{unit}.",
            setting=setting,
        )
    return value


def resolve_timeouts(
    config: Mapping[str, str] | None = None, *, environ: Mapping[str, str] | None = None
) -> Timeouts:
    """The request timeouts: ``sendgrid-reseller:readTimeout``, else ``SENDGRID_READ_TIMEOUT``.

    Raises:
        CredentialsError: a value that is not a positive number of seconds.
    """
    raw = _raw("read_timeout", config, environ)
    if raw is None:
        return Timeouts()
    return Timeouts(read=_positive("read_timeout", raw, "read timeout", " of seconds"))


def resolve_max_requests_per_second(
    config: Mapping[str, str] | None = None, *, environ: Mapping[str, str] | None = None
) -> float | None:
    """The ceiling of requests a second; ``None`` when none is set.

    From ``sendgrid-reseller:maxRequestsPerSecond``, else ``SENDGRID_MAX_REQUESTS_PER_SECOND``.

    Raises:
        CredentialsError: a value that is not a positive number.
    """
    raw = _raw("max_requests_per_second", config, environ)
    if raw is None:
        return None
    return _positive("max_requests_per_second", raw, "ceiling of requests a second")


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
    url = _raw("api_url_eu", config, environ)
    try:
        return check_api_url(url or DEFAULT_API_URL_EU)
    except CredentialsError:
        raise with_hint(
            CredentialsError(
                f"The SendGrid EU API URL {url!r} is not an http:// or https:// URL without"
                f" user, query or fragment (default {DEFAULT_API_URL_EU}).",
                setting="api_url_eu",
            )
        ) from None


BULK_READS_ENV: Final = "SENDGRID_BULK_READS"
"""The environment switch of bulk reads: ``off`` (or ``0``, ``false``) turns them off."""


def bulk_reads_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a provider process may serve reads from SendGrid's bulk calls.

    On unless ``SENDGRID_BULK_READS`` is ``off``, ``0``, ``false`` or ``no`` (a switch for
    measuring and comparing, in the environment only: it changes how many calls a refresh
    makes, never what it finds).
    """
    env = os.environ if environ is None else environ
    return env.get(BULK_READS_ENV, "").strip().lower() not in {"off", "0", "false", "no"}
