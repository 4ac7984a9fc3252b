"""Typed errors raised by the emulator's layers, each carrying its HTTP status.

As in moto, an error class says everything about the answer it becomes: its status
(:attr:`EmulatorError.status`, or :meth:`EmulatorError.status_for` where the two API
generations differ), its messages per field and any headers. Most say it with class
attributes alone: ``status``, ``text`` (the message of an error that takes no arguments)
and ``field`` (the field the rule concerns). The model, the parsers and
the request hooks raise them; :func:`sendgrid_emulator.rendering.render_error` is the one
place that turns them into HTTP responses, in the body shape of the API the request was
made to. A new error is one class: here when several modules raise it, else in the model
module that does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, Literal

#: The APIs the emulator serves; each has its own error body shape.
Generation = Literal["v2", "v3", "partners", "control"]

#: The three v2 error body shapes: ``{"message": "error", "errors": [...]}``,
#: ``{"message": "User not found"}`` and ``{"error": {"code": .., "message": ..}}``.
V2Shape = Literal["errors", "message", "coded"]


@dataclass(frozen=True)
class FieldError:
    """One broken rule: the field it concerns (``None`` when none) and the message."""

    field: str | None
    message: str


class EmulatorError(Exception):
    """Base class of every error the emulator renders as an API error body."""

    #: The HTTP status of the answer (see :meth:`status_for`).
    status: ClassVar[int] = 400
    #: The message when the constructor is given none.
    text: ClassVar[str] = ""
    #: The field the rule concerns (``None``: none in particular).
    field: ClassVar[str | None] = None

    def __init_subclass__(
        cls, status: int | None = None, text: str | None = None, field: str | None = None
    ) -> None:
        """Declare the class's answer: ``class E(EmulatorError, status=404, text="..."):``."""
        super().__init_subclass__()
        if status is not None:
            cls.status = status
        if text is not None:
            cls.text = text
        if field is not None:
            cls.field = field

    def __init__(self, message: str | None = None) -> None:
        message = self.text if message is None else message
        super().__init__(message)
        self.message = message
        self.headers: dict[str, str] = {}

    def status_for(self, gen: Generation) -> int:
        """The HTTP status in the API generation the request was made to."""
        return self.status

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """The broken rules the body lists, in that generation's wording."""
        return [FieldError(self.field, self.message)]

    def v2_body(self, call: str) -> tuple[V2Shape, list[str]]:
        """Which of the three v2 body shapes the v2 call ``call`` answers, with its messages."""
        return "errors", [e.message for e in self.field_errors("v2")]

    def v3_errors(self) -> list[dict[str, Any]]:
        """The entries of a v3 ``{"errors": [...]}`` body: ``{"field", "message"}`` each."""
        return [{"field": e.field, "message": e.message} for e in self.field_errors("v3")]


class FieldValidationError(EmulatorError):
    """One or more request fields break a documented rule (HTTP 400)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @classmethod
    def single(cls, field: str | None, message: str) -> FieldValidationError:
        """Build the error for one broken rule."""
        return cls([FieldError(field, message)])

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """Every broken rule, each with its field."""
        return list(self.errors)


class NamedError(EmulatorError):
    """An error about what the call names: a username, an account id, a hostname."""

    def __init__(self, name: str | None) -> None:
        super().__init__()
        self.name = name


class UsernameExistsError(NamedError, text="username already exists", field="username"):
    """The username belongs to a live account (or to the parent)."""

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """v3 says ``username exists``; v2 ``username already exists``."""
        return [FieldError(self.field, "username exists" if gen == "v3" else self.message)]


class UsernameReservedError(NamedError, text="username is reserved", field="username"):
    """The username belonged to a deleted customer and can never be registered again."""


class AccountNotFoundError(NamedError, text="User not found"):
    """No account of the wanted kind has that username (v3: 404; v2: 400)."""

    def status_for(self, gen: Generation) -> int:
        """404 on v3, 400 on v2."""
        return 400 if gen == "v2" else 404

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """v3 says ``subuser not found``."""
        return [FieldError(None, "subuser not found")]

    def v2_body(self, call: str) -> tuple[V2Shape, list[str]]:
        """``customer.*`` calls answer the coded shape, the others a plain message."""
        if call.startswith("customer."):
            return "coded", ["User does not exist"]
        return "message", [self.message]


class MonitorNotFoundError(EmulatorError, status=404, text="No monitor settings for this user"):
    """The subuser has no monitor settings (HTTP 404)."""


class MonitorExistsError(EmulatorError, text="User already has a monitor"):
    """The subuser already has monitor settings."""


class AuthenticationError(EmulatorError, status=401, text="authorization required"):
    """Missing or wrong credentials (HTTP 401)."""

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """The wording of each API (v2: ``Bad username / password``)."""
        wording = {"v2": "Bad username / password", "partners": "Failed to authenticate user"}
        return [FieldError(None, wording.get(gen, self.message))]


class RateLimitedError(EmulatorError, status=429):
    """The caller exceeded a rate limit (HTTP 429, with ``X-RateLimit-*`` headers)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__("too many requests")
        self.headers = dict(headers)


class RouteNotFoundError(EmulatorError, status=404):
    """No API call lives at that path (HTTP 404)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"unknown API path: {path}")
        self.path = path

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """Account Provisioning says ``No such endpoint``."""
        return [FieldError(None, "No such endpoint" if gen == "partners" else self.message)]


class MethodNotAllowedError(EmulatorError, status=405):
    """The path exists but not for that HTTP method (HTTP 405, with ``Allow``)."""

    def __init__(self, method: str, allowed: list[str]) -> None:
        super().__init__(f"method {method} is not allowed here")
        self.allowed = allowed
        self.headers = {"Allow": ", ".join(allowed)}


class UnsupportedMediaTypeError(EmulatorError, status=415):
    """The request body has a content type the call does not accept (HTTP 415)."""

    def __init__(self, content_type: str, expected: str) -> None:
        super().__init__(
            f"content type {content_type or '(none)'} is not supported; use {expected}"
        )


class PayloadTooLargeError(EmulatorError, status=413):
    """The request body is larger than the emulator accepts (HTTP 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body is larger than {limit} bytes")


class MalformedRequestError(EmulatorError):
    """The request cannot be parsed at all, e.g. invalid JSON (HTTP 400 unless told)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = status

    def status_for(self, gen: Generation) -> int:
        """The status the parser chose."""
        return self.code


class InjectedFaultError(EmulatorError):
    """A fault registered through the control API answers this call.

    With ``has_body`` the answer is exactly ``body`` as JSON; without, the API's usual
    error body with the status's phrase.
    """

    def __init__(
        self,
        status: int,
        headers: Mapping[str, str],
        body: Any = None,
        has_body: bool = False,
    ) -> None:
        super().__init__(f"injected fault with status {status}")
        self.code = status
        self.headers = dict(headers)
        self.body = body
        self.has_body = has_body

    def status_for(self, gen: Generation) -> int:
        """The status the fault asked for."""
        return self.code

    def field_errors(self, gen: Generation) -> list[FieldError]:
        """The status's phrase, as a real server error would say it."""
        try:
            phrase = HTTPStatus(self.code).phrase.lower()
        except ValueError:
            phrase = "error"
        return [FieldError(None, phrase)]


class ControlRequestError(EmulatorError):
    """A control API request is malformed (HTTP 400)."""


class InternalError(EmulatorError, status=500, text="internal error"):
    """An unexpected exception: a bug in the emulator (HTTP 500, still SendGrid-shaped)."""


class UnknownOnBehalfOfError(AuthenticationError):
    """The ``on-behalf-of`` header names no subuser (or account) of the parent (HTTP 401)."""


class InvalidUsernameError(NamedError, text="invalid username"):
    """``PATCH /v3/subusers/{name}`` of an unknown subuser: 400 ``invalid username``."""


class CreditsUserNotFoundError(NamedError, text="No user found"):
    """The credits calls of an unknown subuser: 400 ``No user found``."""


class ApiKeyNotFoundError(EmulatorError, status=404, text="unable to find API Key"):
    """No API key with that id belongs to the acting account (HTTP 404)."""


class ApiKeyLimitError(EmulatorError, status=403):
    """The account already has the documented maximum of API keys (HTTP 403)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"you have reached the maximum of {limit} API keys")


class PartnerAccountNotFoundError(NamedError, status=404, text="account not found"):
    """No Account Provisioning account has that id (HTTP 404)."""


class AccountStateLockedError(EmulatorError, field="state"):
    """A suspended or banned account's state cannot be changed through the API."""

    def __init__(self, state: str) -> None:
        super().__init__(f"the account is {state}: its state cannot be changed through the API")
        self.state = state


# --- event webhooks, inbound parse, teammates ---------------------------------------------


class EventWebhookError(EmulatorError):
    """A refused event webhook call: ``{"errors": [{"message"}]}`` as the document shows.

    The event webhook document's error entries have ``message`` (and, for a URL already in
    use, ``id`` and ``url``) but no ``field``.
    """

    def __init__(self, message: str | None = None, **extra: str) -> None:
        super().__init__(message)
        self.extra = dict(extra)

    def v3_errors(self) -> list[dict[str, Any]]:
        """One entry: the message and the documented extras."""
        return [{**self.extra, "message": self.message}]


class EventWebhookInvalidError(EventWebhookError):
    """The request breaks a rule of the event webhook calls (HTTP 400)."""

    @classmethod
    def of(cls, error: FieldValidationError) -> EventWebhookInvalidError:
        """The same broken rules, in the event webhook document's shape."""
        return cls(error.message)


class EventWebhookUrlExistsError(EventWebhookError):
    """Another webhook of the account already posts to that URL (HTTP 400)."""

    def __init__(self, url: str, webhook_id: str) -> None:
        super().__init__(
            f"Webhook at '{url}' already exists. Please provide a unique URL.",
            id=webhook_id,
            url=url,
        )


class EventWebhookNotFoundError(EventWebhookError, status=404, text="Invalid id provided."):
    """No webhook of the acting account has that id (HTTP 404)."""


class EventWebhookDeliveryError(EventWebhookError):
    """The test event could not be delivered to the URL (HTTP 400)."""


class ParseSettingNotFoundError(
    NamedError, status=404, text="parse setting not found", field="hostname"
):
    """The acting account has no inbound parse setting for that hostname (HTTP 404)."""


class ParseSettingExistsError(EmulatorError, field="hostname"):
    """The acting account already has a parse setting for that hostname (HTTP 400)."""

    def __init__(self, hostname: str) -> None:
        super().__init__(f"a parse setting already exists for hostname {hostname}")


class TeammateNotFoundError(EmulatorError, status=404, text="username not found", field="username"):
    """No teammate of the acting account has that username (HTTP 404).

    The documented entry: ``{"message": "username not found", "field": "username"}``.
    """


class PendingTeammateNotFoundError(
    EmulatorError, status=404, text="invalid pending key", field="pending_key"
):
    """No pending invitation of the acting account has that token (HTTP 404).

    The documented entry: ``{"message": "invalid pending key", "field": "pending_key"}``.
    """


class InvitationNotFoundError(EmulatorError, status=404):
    """The control API's accept names an email with no pending invitation (HTTP 404)."""

    def __init__(self, email: str) -> None:
        super().__init__(f"no pending invitation for {email}")


class DomainNotFoundError(EmulatorError, status=404, text="authenticated domain not found"):
    """No authenticated domain with that id belongs to the acting account (HTTP 404)."""


class LinkNotFoundError(EmulatorError, status=404, text="branded link not found"):
    """No branded link with that id belongs to the acting account (HTTP 404)."""


class NoAssociationError(EmulatorError, status=404):
    """The subuser has no associated domain or branded link (HTTP 404)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"no {what} is associated with this subuser")


class ParentOnlyError(
    EmulatorError, status=403, text="only the parent account can associate with subusers"
):
    """An association call made on behalf of another account (HTTP 403)."""


class DnsLookupError(EmulatorError, status=500):
    """The DNS server did not answer a validation's lookup (HTTP 500).

    The validate calls document this answer as ``{"errors": [{"message"}]}``, without
    ``field``.
    """

    def __init__(self, record_type: str) -> None:
        super().__init__(f"internal error getting {record_type}")

    def v3_errors(self) -> list[dict[str, Any]]:
        """One entry, ``{"message"}``, as the validate calls document it."""
        return [{"message": self.message}]
