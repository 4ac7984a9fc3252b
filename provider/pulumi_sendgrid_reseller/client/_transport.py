"""The one HTTP transport of the client: session, timeouts, retries and error mapping.

Every SendGrid call goes through :meth:`Transport.request`. Call sites say what they send,
whether the call is safe to repeat (``idempotent``) and how to read the answer; the
transport decides everything else:

* **429** is retried for every call (the request was refused, not processed). The wait is
  ``Retry-After`` (seconds or an HTTP date), else ``X-RateLimit-Reset`` (Unix epoch
  seconds), capped by :attr:`RetryPolicy.max_rate_limit_wait`, plus a little jitter so
  that parallel callers do not return in lockstep; without either header, exponential
  backoff with full jitter.
* **5xx, timeouts and broken connections** are retried only for idempotent calls (reads,
  deletes, sets). For a create whose outcome is unknown, the error is raised at once:
  :meth:`Transport.create_once` reads to find out whether it took effect, and sends it
  again only when it did not, under the same policy.
* A failure to **connect** (refused, DNS, connect timeout) is retried for every call, since
  nothing was sent.
* Attempts stop at :attr:`RetryPolicy.max_attempts`, or when the next wait would end after
  :attr:`RetryPolicy.max_elapsed` seconds since the first attempt.

Thread safety: a :class:`Transport` (and so a ``SendGridClient``) may be shared by any
number of threads. Its only mutable state is the ``requests.Session`` connection pool,
which is thread-safe; cookies are never stored; each call keeps its own state on the stack.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json as _json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any, Final, Generic, TypedDict, TypeVar, Unpack
from urllib.parse import urlencode

import pydantic
import requests
import requests.adapters
import requests.auth
import requests.utils

from .._redact import Redactor
from .._version import DISTRIBUTION, __version__
from ._classify import (
    classify,
    describe_failure,
    is_connect_failure,
    make_status_error,
    status_error,
    v2_error_details,
)
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    CredentialsError,
    RateLimitError,
    ResponseValidationError,
    SendGridError,
)
from ._pacing import Account, RateBudgets, route_of
from ._repeat import Pauses, create_once, poll
from ._retry import RetryPolicy
from ._snapshots import Snapshots
from .credentials import Credentials, Timeouts

__all__ = ["NO_ANSWER", "Answer", "Transport", "reader"]

T = TypeVar("T")
F = TypeVar("F")

Answer = type[T] | pydantic.TypeAdapter[T]
"""What a call's answer is read as: a model or a generic alias (``list[Model]``), or, for
what is no class (a union), its ``TypeAdapter``."""


NO_ANSWER: Final[pydantic.TypeAdapter[None]] = pydantic.TypeAdapter(None)
"""The answer of a call whose body says nothing more once it succeeded: it is not read."""


def reader(answer: Answer[T]) -> pydantic.TypeAdapter[T]:
    """The ``TypeAdapter`` that validates a body as ``answer`` (made once per type)."""
    if isinstance(answer, pydantic.TypeAdapter):
        return answer
    made = _READERS.get(answer)
    if made is None:
        made = _READERS.setdefault(answer, pydantic.TypeAdapter(answer))
    return made


_READERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


logger = logging.getLogger("pulumi_sendgrid_reseller.client")

USER_AGENT: Final = f"{DISTRIBUTION}/{__version__} python-requests/{requests.__version__}"
"""The ``User-Agent`` of every request, derived from the package version."""

#: Form parameters whose values are secrets of the current request.
_SECRET_PARAMS: Final = frozenset({"api_key", "password", "confirm_password"})
#: v2 selector parameters shown with the path in errors and logs.
_V2_SELECTORS: Final = ("method", "task", "list", "set")


def _settle_environment(session: requests.Session, base_url: str) -> None:
    """Read the proxy and CA-bundle environment once, for a session we created.

    With ``trust_env`` on, requests scans the whole process environment twice on every
    request (proxies, ``no_proxy``) to find settings that cannot change for one endpoint.
    The same settings are resolved here once, as requests would resolve them for
    ``base_url``: the proxies of the environment unless ``no_proxy`` exempts the host, and
    ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE``. No ``.netrc`` lookup is lost: every
    request carries its own auth (bearer or explicitly none), which skips it anyway.
    """
    session.proxies.update(requests.utils.get_environ_proxies(base_url))
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        session.verify = bundle
    session.trust_env = False


class _BlockAllCookies(DefaultCookiePolicy):
    """Never store cookies: the session stays free of per-response state."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


class _BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self._token}"
        return r


class _NoAuth(requests.auth.AuthBase):
    """Explicit "no auth", so that requests never adds ``.netrc`` credentials."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


FormValue = str | Sequence[str]


@dataclass(slots=True)
class _Outcome:
    """What one attempt produced when it did not produce the result."""

    error: SendGridError
    retryable: bool
    rate_limit_headers: Mapping[str, str] | None = None  # set for a 429


class TransportOptions(TypedDict, total=False):
    """How a :class:`Transport` (and a :class:`~.SendGridClient`) sends its requests.

    Attributes:
        timeouts: connect and read timeouts (default :class:`Timeouts`).
        retry: the retry policy (default :class:`RetryPolicy`).
        on_behalf_of: whose account v3 calls act on (``on-behalf-of`` header): a subuser's
            username, or ``account-id <id>``.
        session: a ``requests.Session`` to use instead of a new one.
        budgets: the request budgets to pace against, shared with other clients of the
            process (default: the transport's own, shared by its threads).
        max_requests_per_second: a ceiling on the requests sent to the account (default:
            none; the budgets SendGrid announces are followed either way).
        snapshots: the snapshots of bulk reads, shared with other clients of the process;
            every write drops them (default: the transport's own, off).
    """

    timeouts: Timeouts | None
    retry: RetryPolicy | None
    on_behalf_of: str | None
    session: requests.Session | None
    budgets: RateBudgets | None
    max_requests_per_second: float | None
    snapshots: Snapshots | None


class Transport:
    """Sends SendGrid requests with one retry policy; see the module documentation.

    Attributes:
        api_url: the endpoint of every request.
        timeouts: the timeouts applied to every request.
        retry_policy: the retry policy applied to every request.
        max_requests_per_second: the ceiling of requests a second to the account, or
            ``None``.
        budgets: the request budgets this transport paces against (possibly shared).
        account: whose budgets the requests count against: endpoint, user, key digest.
        snapshots: the snapshots of bulk reads this transport drops at each write.
    """

    def __init__(self, credentials: Credentials, **options: Unpack[TransportOptions]) -> None:
        self._credentials = credentials
        self._options = options
        self.api_url: Final = credentials.api_url.rstrip("/")
        self.timeouts: Final = options.get("timeouts") or Timeouts()
        self.retry_policy: Final = options.get("retry") or RetryPolicy()
        ceiling = options.get("max_requests_per_second")
        if ceiling is not None and not ceiling > 0:
            raise ValueError("max_requests_per_second must be a positive number")
        self.max_requests_per_second: Final = ceiling
        self.budgets: Final = options.get("budgets") or RateBudgets(
            clock=self.retry_policy.wall_clock, sleep=self.retry_policy.sleep
        )
        self.snapshots: Final = options.get("snapshots") or Snapshots()
        digest = hashlib.sha256(credentials.api_key.get_secret_value().encode()).hexdigest()
        self.account: Final[Account] = (self.api_url, credentials.api_user, digest[:32])
        self._on_behalf_of = options.get("on_behalf_of")
        self._redactor = Redactor([credentials.api_key.get_secret_value()])
        self._v3_auth = _BearerAuth(credentials.api_key.get_secret_value())
        session = options.get("session")
        if session is None:
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(
                pool_connections=4, pool_maxsize=16, max_retries=0
            )
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            _settle_environment(session, self.api_url)
        session.cookies.set_policy(_BlockAllCookies())
        self._session = session
        self._owns_session = True
        self._parent: Transport | None = None
        self._secrets_lock = threading.Lock()

    @property
    def redactor(self) -> Redactor:
        """The redactor that removes the API key from text."""
        return self._redactor

    @property
    def on_behalf_of(self) -> str | None:
        """Whose account the v3 calls act on (``None``: the parent's)."""
        return self._on_behalf_of

    def acting_for(self, on_behalf_of: str, *, api_url: str | None = None) -> Transport:
        """A transport whose v3 calls carry ``on-behalf-of: <on_behalf_of>``.

        ``on_behalf_of`` is a subuser's username, or ``account-id <id>`` for an Account
        Provisioning account.

        It shares this transport's connection pool, timeouts, retry policy and redaction;
        ``api_url`` sends its calls to another endpoint (an EU subuser's). Closing it
        leaves the shared pool open: close the transport it came from.
        """
        credentials = self._credentials
        if api_url is not None:
            credentials = dataclasses.replace(credentials, api_url=api_url)
        options = self._options.copy()
        options["on_behalf_of"], options["session"] = on_behalf_of, self._session
        options["budgets"], options["snapshots"] = self.budgets, self.snapshots
        derived = Transport(credentials, **options)
        derived._redactor = self._redactor
        derived._owns_session = False
        derived._parent = self
        return derived

    def register_secret(self, value: str) -> None:
        """Remove ``value`` (e.g. an API key SendGrid just returned) from every later text."""
        if value:
            with self._secrets_lock:
                self._redactor = self._redactor.with_secrets([value])
            if self._parent is not None:
                self._parent.register_secret(value)

    def create_once(self, send: Callable[[], object], find: Callable[[], F | None]) -> F | None:
        """Send a create exactly once: after an unknown outcome, ``find`` reads first.

        ``None`` when ``send`` answered, else what ``find`` found; retries follow this
        transport's policy (see :func:`._repeat.create_once`).
        """
        return create_once(self.retry_policy, send, find)

    def poll(
        self,
        call: Callable[[], T],
        done: Callable[[T], bool],
        timeout: float,
        **pauses: Unpack[Pauses],
    ) -> T:
        """Make ``call`` again, with growing pauses, until ``done(answer)`` or ``timeout``.

        Returns the last answer (see :func:`._repeat.poll`).
        """
        return poll(self.retry_policy, call, done, timeout, **pauses)

    def close(self) -> None:
        """Close the pooled connections (unless they belong to another transport)."""
        if self._owns_session:
            self._session.close()

    # ----------------------------------------------------------------------------------
    # The one entry point
    # ----------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        response: Answer[T],
        params: Mapping[str, FormValue] | None = None,
        form: Mapping[str, FormValue] | None = None,
        json: Any = None,
        secrets: Iterable[str] = (),
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """Send one SendGrid call, retrying as the policy allows, and return its answer.

        Args:
            method: HTTP method.
            path: ``/apiv2/<module>.<action>.json`` (v2: ``api_user``/``api_key`` are added
                to the form body) or ``/v3/...`` (v3: bearer authentication).
            idempotent: whether repeating the call after an unknown outcome is harmless.
            response: what the body is read as (a model, ``list[Model]``, or a
                ``TypeAdapter``); :data:`NO_ANSWER` ignores it (v2 bodies are still
                checked for errors).
            params: query parameters (repeated for sequence values).
            form: form body fields (repeated for sequence values).
            json: JSON body.
            secrets: secret values of this request (passwords), removed from any text.
            headers: extra request headers of this call (``on-behalf-of``,
                ``T-Test-Account``); they win over the client's own.

        Raises:
            APIStatusError: (a subclass of it) SendGrid refused the call.
            APIConnectionError: no complete answer (after retries when allowed).
            ResponseValidationError: a success answer with an unexpected body.
            CredentialsError: a v2 call without an API user.
        """
        v2 = path.startswith("/apiv2/")
        parser = reader(response)
        secret_values: list[str] = list(secrets)
        form_items: list[tuple[str, str]] | None = None
        display_path = path
        if form is not None:
            form_items = _items(form)
            secret_values.extend(v for k, v in form_items if k in _SECRET_PARAMS)
        if v2:
            if self._credentials.api_user is None:
                raise CredentialsError.missing_api_user()
            creds = [
                ("api_user", self._credentials.api_user),
                ("api_key", self._credentials.api_key.get_secret_value()),
            ]
            form_items = creds + (form_items or [])
            selectors = [
                (k, v)
                for k, v in [*_items(params or {}), *(form_items or [])]
                if k in _V2_SELECTORS
            ]
            if selectors:
                display_path = f"{path}?{urlencode(selectors)}"
        redactor = self._redactor.with_secrets(secret_values) if secret_values else self._redactor
        display_path = redactor(display_path)

        sent_headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        auth: requests.auth.AuthBase = _NoAuth()
        if not v2:
            auth = self._v3_auth
            if self._on_behalf_of:
                sent_headers["on-behalf-of"] = self._on_behalf_of
        sent_headers.update(headers or {})

        policy = self.retry_policy
        started = policy.monotonic()
        attempt = 0
        refused = False  # the previous attempt was answered 429
        while True:
            attempt += 1
            outcome = self._attempt(
                method,
                path,
                display_path,
                v2=v2,
                idempotent=idempotent,
                headers=sent_headers,
                auth=auth,
                params=_items(params) if params is not None else None,
                form=form_items,
                json=json,
                response=parser,
                redactor=redactor,
                after_refusal=refused,
            )
            self.snapshots.after_request(method, path, form_items)
            if not isinstance(outcome, _Outcome):
                return outcome.value
            if not outcome.retryable:
                raise outcome.error
            refused = outcome.rate_limit_headers is not None
            wait = policy.wait_before_retry(attempt, started, outcome.rate_limit_headers)
            if wait is None:
                if attempt >= policy.max_attempts:
                    raise _after_attempts(outcome.error, attempt)
                logger.warning(
                    "Giving up on %s %s: retry budget of %.0f s spent (%s)",
                    method,
                    display_path,
                    policy.max_elapsed,
                    outcome.error,
                )
                raise _after_attempts(outcome.error, attempt)
            logger.info(
                "Retrying %s %s in %.2f s (attempt %d of %d failed: %s)",
                method,
                display_path,
                wait,
                attempt,
                policy.max_attempts,
                outcome.error,
            )
            policy.sleep(wait)

    # ----------------------------------------------------------------------------------

    def _attempt(
        self,
        method: str,
        path: str,
        display_path: str,
        *,
        v2: bool,
        idempotent: bool,
        headers: dict[str, str],
        auth: requests.auth.AuthBase,
        params: list[tuple[str, str]] | None,
        form: list[tuple[str, str]] | None,
        json: Any,
        response: pydantic.TypeAdapter[T],
        redactor: Redactor,
        after_refusal: bool,
    ) -> _Value[T] | _Outcome:
        ticket = self.budgets.before(
            self.account, route_of(path), self.max_requests_per_second, after_refusal=after_refusal
        )
        try:
            resp = self._session.request(
                method,
                self.api_url + path,
                params=params,
                data=form,
                json=json,
                headers=headers,
                auth=auth,
                timeout=(self.timeouts.connect, self.timeouts.read),
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            self.budgets.after(ticket, {}, refused=False)
            return self._connection_outcome(exc, method, display_path, idempotent, redactor)

        status = resp.status_code
        self.budgets.after(ticket, resp.headers, refused=status == 429)
        logger.debug(
            "%s %s -> %d (%.3f s)", method, display_path, status, resp.elapsed.total_seconds()
        )
        body, parsed = _json_body(resp)

        if status == 429 or status >= 500 or not (200 <= status < 300):
            error = status_error(resp, body, parsed, method, display_path, v2, redactor)
            if status == 429:
                if isinstance(error, RateLimitError):
                    error.retry_after = self.retry_policy.rate_limit_hint(resp.headers)
                return _Outcome(error, True, dict(resp.headers))
            if status >= 500:
                if not idempotent:
                    _append(
                        error,
                        " (not retried: the call is not safe to repeat; read the current"
                        " state to learn whether it took effect)",
                    )
                return _Outcome(error, idempotent)
            return _Outcome(error, False)

        if v2 and parsed:
            details = v2_error_details(body)
            if details:
                cls = classify(status, details, v2=True)
                return _Outcome(
                    make_status_error(cls, status, details, method, display_path, redactor),
                    False,
                )

        if response is NO_ANSWER:
            return _Value(response.validate_python(None))
        if not parsed:
            return _Outcome(
                ResponseValidationError(
                    f"SendGrid answered {method} {display_path} ({status}) with a body that"
                    " is not JSON",
                    status_code=status,
                    method=method,
                    path=display_path,
                ),
                False,
            )
        try:
            return _Value(response.validate_python(body))
        except pydantic.ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
                for err in exc.errors(include_input=False, include_url=False)[:5]
            )
            return _Outcome(
                ResponseValidationError(
                    redactor(
                        f"SendGrid answered {method} {display_path} ({status}) with an"
                        f" unexpected body: {problems}"
                    ),
                    status_code=status,
                    method=method,
                    path=display_path,
                ),
                False,
            )

    def _connection_outcome(
        self,
        exc: requests.exceptions.RequestException,
        method: str,
        display_path: str,
        idempotent: bool,
        redactor: Redactor,
    ) -> _Outcome:
        never_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or (
            isinstance(exc, requests.exceptions.ConnectionError)
            and not isinstance(exc, requests.exceptions.ReadTimeout)
            and is_connect_failure(exc)
        )
        is_timeout = isinstance(exc, requests.exceptions.Timeout)
        reason = redactor(describe_failure(exc))
        if is_timeout:
            what = (
                "timed out connecting to SendGrid"
                if never_sent
                else f"timed out waiting for SendGrid (read timeout {self.timeouts.read:g} s)"
            )
        elif never_sent:
            what = "could not connect to SendGrid"
        else:
            what = "lost the connection to SendGrid before a complete answer"
        message = f"{method} {display_path}: {what}: {reason}"
        if not never_sent and not idempotent:
            message += (
                " (not retried: the call is not safe to repeat; it may or may not have"
                " taken effect, read the current state to find out)"
            )
        cls = APITimeoutError if is_timeout else APIConnectionError
        return _Outcome(cls(message, method=method, path=display_path), never_sent or idempotent)


@dataclass(frozen=True, slots=True)
class _Value(Generic[T]):
    value: T


def _append(error: SendGridError, text: str) -> None:
    error.message += text
    error.args = (error.message,)


def _after_attempts(error: SendGridError, attempts: int) -> SendGridError:
    if attempts > 1:
        _append(error, f" (after {attempts} attempts)")
    return error


def _items(mapping: Mapping[str, FormValue]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in mapping.items():
        if isinstance(value, str):
            items.append((key, value))
        else:
            items.extend((key, v) for v in value)
    return items


def _json_body(resp: requests.Response) -> tuple[Any, bool]:
    if not resp.content:
        return None, False
    try:
        return _json.loads(resp.content), True
    except ValueError:
        return None, False
