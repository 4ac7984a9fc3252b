"""The responses layer: read each call's path, query, headers and body; call the backend."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from .backend import PartnersBackend
from .errors import InvalidRequestError, Problem
from .models import (
    CATALOG,
    USER_PROFILE_COLUMNS,
    USER_PROFILE_EXTRA,
    Offering,
    parse_offerings,
    parse_profile,
)

LIST_DEFAULT_LIMIT = 10
LIST_MAX_LIMIT = 100
TEST_ACCOUNT_HEADER = "T-Test-Account"
ON_BEHALF_OF = "on-behalf-of"
SSO_URL = "https://app.sendgrid.com/login/sso"


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON answer."""
    return Response(json.dumps(body), status=status, content_type="application/json")


def no_content() -> Response:
    """204 with no body."""
    return Response(status=204)


def _body(allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise InvalidRequestError.single("", "the body must be application/json", "10-40001")
    try:
        body = json.loads(request.get_data(cache=True).decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidRequestError.single("", "the body is not valid JSON", "10-40001") from None
    if not isinstance(body, dict):
        raise InvalidRequestError.single("", "the body must be a JSON object", "10-40001")
    problems = [
        Problem(f"{k} is not a valid field", k, "10-40001") for k in body if k not in allowed
    ]
    problems += [Problem(f"{k} is required", k, "10-40001") for k in required if k not in body]
    if problems:
        raise InvalidRequestError(problems)
    return body


def _no_query(allowed: tuple[str, ...] = ()) -> dict[str, str]:
    unknown = [k for k in request.args if k not in allowed]
    if unknown:
        raise InvalidRequestError(
            [Problem(f"{k} is not a valid query parameter", k, "10-40001") for k in unknown]
        )
    return {k: request.args[k] for k in request.args}


def _truthy(header: str | None) -> bool:
    return header is not None and header.strip().lower() not in ("", "false", "0", "no")


def on_behalf_account() -> str:
    """The account id of an ``on-behalf-of: account-id <id>`` header."""
    header = (request.headers.get(ON_BEHALF_OF) or "").strip()
    scheme, _, account_id = header.partition(" ")
    if scheme.lower() != "account-id" or not account_id.strip():
        raise InvalidRequestError.single(
            ON_BEHALF_OF,
            "on-behalf-of must be 'account-id <account id>' for a provisioned account",
            "10-40014",
        )
    return account_id.strip()


class PartnersResponses:
    """One method per documented call of ``/v3/partners`` and the on-behalf-of user calls."""

    def __init__(self, backend: PartnersBackend) -> None:
        self.backend = backend

    def list_accounts(self) -> Response:
        """``GET /v3/partners/accounts?offset=<last id>&limit=``."""
        params = _no_query(("offset", "limit"))
        raw = params.get("limit", str(LIST_DEFAULT_LIMIT))
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= LIST_MAX_LIMIT:
            raise InvalidRequestError.single(
                "limit", f"limit must be a whole number from 1 to {LIST_MAX_LIMIT}", "10-40012"
            )
        accounts, last = self.backend.list_accounts(params.get("offset") or None, int(raw))
        pages = {"last": last} if last is not None else {}
        return json_response({"accounts": accounts, "pages": pages})

    def create_account(self) -> Response:
        """``POST /v3/partners/accounts``: 201 ``{"account_id": ...}``."""
        _no_query()
        body = _body(("profile", "offerings"), required=("offerings",))
        problems: list[Problem] = []
        offerings: list[Offering] = []
        profile: dict[str, str] = {}
        try:
            offerings = parse_offerings(body["offerings"])
        except InvalidRequestError as exc:
            problems += exc.problems
        try:
            profile = parse_profile(body.get("profile"))
        except InvalidRequestError as exc:
            problems += exc.problems
        if problems:
            raise InvalidRequestError(problems)
        test = _truthy(request.headers.get(TEST_ACCOUNT_HEADER))
        return json_response({"account_id": self.backend.create(offerings, profile, test)}, 201)

    def delete_account(self, account_id: str) -> Response:
        """``DELETE /v3/partners/accounts/{id}``: 204."""
        _no_query()
        self.backend.delete(account_id)
        return no_content()

    def get_offerings(self, account_id: str) -> Response:
        """``GET .../offerings``."""
        _no_query()
        offerings = self.backend.get_offerings(account_id)
        return json_response({"offerings": [o.body() for o in offerings]})

    def put_offerings(self, account_id: str) -> Response:
        """``PUT .../offerings``: 200 with the account's offerings."""
        _no_query()
        body = _body(("offerings",), required=("offerings",))
        offerings = self.backend.set_offerings(account_id, parse_offerings(body["offerings"]))
        return json_response({"offerings": [o.body() for o in offerings]})

    def sso(self, account_id: str) -> Response:
        """``POST .../sso``: 303 to the SendGrid app."""
        _no_query()
        self.backend.get_state(account_id)
        response = Response(status=303)
        response.headers["Location"] = f"{SSO_URL}?account_id={account_id}"
        return response

    def get_state(self, account_id: str) -> Response:
        """``GET .../state``."""
        _no_query()
        return json_response({"state": self.backend.get_state(account_id)})

    def put_state(self, account_id: str) -> Response:
        """``PUT .../state``: 204."""
        _no_query()
        body = _body(("state",), required=("state",))
        self.backend.set_state(account_id, body["state"])
        return no_content()

    def catalog(self) -> Response:
        """``GET /v3/partners/offerings``."""
        _no_query()
        return json_response({"catalog": [entry.body() for entry in CATALOG]})

    # --- on behalf of an account -----------------------------------------------------------

    def get_user_profile(self) -> Response:
        """``GET /v3/user/profile`` with ``on-behalf-of: account-id <id>``."""
        _no_query()
        return json_response(self.backend.user_profile(on_behalf_account()))

    def patch_user_profile(self) -> Response:
        """``PATCH /v3/user/profile`` with ``on-behalf-of: account-id <id>``."""
        _no_query()
        account_id = on_behalf_account()
        body = _body((*USER_PROFILE_COLUMNS, *USER_PROFILE_EXTRA))
        return json_response(self.backend.update_user_profile(account_id, body))

    def get_user_email(self) -> Response:
        """``GET /v3/user/email`` with ``on-behalf-of: account-id <id>``."""
        _no_query()
        return json_response({"email": self.backend.user_email(on_behalf_account())})

    def put_user_email(self) -> Response:
        """``PUT /v3/user/email`` with ``on-behalf-of: account-id <id>``."""
        _no_query()
        account_id = on_behalf_account()
        body = _body(("email",), required=("email",))
        return json_response({"email": self.backend.set_user_email(account_id, body["email"])})
