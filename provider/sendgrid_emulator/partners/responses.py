"""The Account Provisioning responses layer: read each call's request, call the backend."""

from __future__ import annotations

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response, no_content
from ..catalog import CATALOG
from ..paths import CONTROL_PREFIX
from ..provisioning import (
    LIST_DEFAULT,
    LIST_MAX,
    check_offerings,
    check_profile,
)
from ..v3.parsing import call_body, no_content_after, opt_str, query, query_int

TEST_ACCOUNT_HEADER = "T-Test-Account"


def _is_test_account() -> bool:
    value = request.headers.get(TEST_ACCOUNT_HEADER)
    return value is not None and value.strip().lower() not in ("", "false", "0")


class PartnerResponses:
    """One method per call of the Account Provisioning document."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def create_account(self) -> Response:
        """``POST /v3/partners/accounts`` ``{"profile", "offerings"}``: 201 ``{"account_id"}``.

        ``T-Test-Account: true`` makes a test account.
        """
        body = call_body(request, "profile", "offerings")
        profile = check_profile(body.get("profile"))
        offerings = check_offerings(body.get("offerings"))
        account_id = self.backend.create_partner_account(offerings, profile, _is_test_account())
        return json_response({"account_id": account_id}, 201)

    def list_accounts(self) -> Response:
        """``GET /v3/partners/accounts?offset=<last id>&limit=``.

        ``pages.last`` is the id to pass as ``offset`` for the next page; it is missing on
        the last page.
        """
        params = query(request, ("offset", "limit"))
        limit = query_int(params, "limit", LIST_DEFAULT, 1, LIST_MAX)
        page, last = self.backend.list_partner_accounts(params.get("offset") or None, limit)
        pages = {} if last is None else {"last": last}
        return json_response({"accounts": [a.listing() for a in page], "pages": pages})

    def delete_account(self, account_id: str) -> Response:
        """``DELETE /v3/partners/accounts/{id}``: 204."""
        return no_content_after(request, self.backend.delete_partner_account, account_id)

    def get_state(self, account_id: str) -> Response:
        """``GET .../{id}/state``: ``{"state"}``."""
        query(request, ())
        return json_response({"state": self.backend.get_partner_account(account_id).state})

    def put_state(self, account_id: str) -> Response:
        """``PUT .../{id}/state`` ``{"state": "activated" | "deactivated"}``: 204."""
        body = call_body(request, "state")
        self.backend.set_partner_state(account_id, opt_str(body, "state"))
        return no_content()

    def get_offerings(self, account_id: str) -> Response:
        """``GET .../{id}/offerings``: ``{"offerings": [...]}``."""
        query(request, ())
        account = self.backend.get_partner_account(account_id)
        return json_response({"offerings": [o.body() for o in account.offerings]})

    def put_offerings(self, account_id: str) -> Response:
        """``PUT .../{id}/offerings`` ``{"offerings": [...]}``: exactly these, one package."""
        body = call_body(request, "offerings")
        offerings = check_offerings(body.get("offerings"))
        saved = self.backend.set_partner_offerings(account_id, offerings)
        return json_response({"offerings": [o.body() for o in saved]})

    def sso(self, account_id: str) -> Response:
        """``POST .../{id}/sso``: 303 to the app, here the emulator's own SSO landing page.

        SendGrid redirects to app.sendgrid.com; the emulator points at
        ``<base>/_emulator/sso/{id}`` so that a client which follows the redirect stays
        offline.
        """
        query(request, ())
        self.backend.get_partner_account(account_id)
        location = f"{request.host_url.rstrip('/')}{CONTROL_PREFIX}/sso/{account_id}"
        return Response(status=303, headers={"Location": location})

    def catalog(self) -> Response:
        """``GET /v3/partners/offerings``: ``{"catalog": [...]}``."""
        query(request, ())
        return json_response({"catalog": [entry.body() for entry in CATALOG]})
