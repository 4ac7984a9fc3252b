"""The v3 responses layer: read each call's query and body, call the backend."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response, no_content
from ..credits import check_credits
from ..errors import FieldValidationError
from ..models import SUBUSER
from .parsing import (
    call_body,
    json_body,
    json_object,
    no_content_after,
    opt_bool,
    opt_int,
    opt_str,
    query,
    query_bool,
    query_int,
    repeated_query,
    req_bool,
    str_list,
)

LIST_DEFAULT_LIMIT = 100
LIST_MAX_LIMIT = 500
_OFFSET_MAX = 10**9


class V3Responses:
    """One method per documented v3 subuser call."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def list_subusers(self) -> Response:
        """``GET /v3/subusers?username=&limit=&offset=&include_region=``."""
        params = query(request, ("username", "limit", "offset", "include_region", "region"))
        limit = query_int(params, "limit", LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT)
        offset = query_int(params, "offset", 0, 0, _OFFSET_MAX)
        include_region = query_bool(params, "include_region")
        accounts = self.backend.list_subusers(
            params.get("username"), limit, offset, params.get("region") or "all"
        )
        return json_response([a.v3_listing(include_region) for a in accounts])

    def create_subuser(self) -> Response:
        """``POST /v3/subusers``: 200 with the subuser's fact sheet (never the password).

        ``region`` is in the answer only when ``include_region`` is true.
        """
        query(request, ())
        body = json_object(
            json_body(request),
            ("username", "email", "password", "ips", "region", "include_region"),
        )
        include_region = opt_bool(body, "include_region")
        account = self.backend.create_subuser(
            opt_str(body, "username"),
            opt_str(body, "email"),
            opt_str(body, "password"),
            str_list(body.get("ips"), "ips"),
            opt_str(body, "region"),
        )
        answer: dict[str, Any] = {
            "username": account.username,
            "user_id": account.user_id,
            "email": account.email,
            "credit_allocation": {"type": "unlimited"},
        }
        if include_region:
            answer["region"] = account.region
        return json_response(answer)

    def patch_subuser(self, name: str) -> Response:
        """``PATCH /v3/subusers/{name}`` ``{"disabled": bool}``: 204."""
        body = call_body(request, "disabled")
        self.backend.set_subuser_disabled(name, req_bool(body, "disabled"))
        return no_content()

    def website_access(self, name: str) -> Response:
        """``PATCH /v3/subusers/{name}/website_access`` ``{"disabled": bool}``: 204."""
        body = call_body(request, "disabled")
        disabled = req_bool(body, "disabled")
        self.backend.set_website_access(name, not disabled, SUBUSER)
        return no_content()

    def get_credits(self, name: str) -> Response:
        """``GET /v3/subusers/{name}/credits``."""
        query(request, ())
        return json_response(self.backend.get_credits(name).body())

    def put_credits(self, name: str) -> Response:
        """``PUT /v3/subusers/{name}/credits`` ``{"type", "total", "reset_frequency"}``."""
        body = call_body(request, "type", "total", "reset_frequency")
        credits = check_credits(
            opt_str(body, "type"), opt_int(body, "total"), opt_str(body, "reset_frequency")
        )
        return json_response(self.backend.set_credits(name, credits).body())

    def patch_remaining_credits(self, name: str) -> Response:
        """``PATCH /v3/subusers/{name}/credits/remaining`` ``{"allocation_update": n}``."""
        body = call_body(request, "allocation_update")
        update = opt_int(body, "allocation_update")
        if update is None:
            raise FieldValidationError.single("allocation_update", "allocation_update is required")
        return json_response(self.backend.adjust_remaining(name, update).body())

    def delete_subuser(self, name: str) -> Response:
        """``DELETE /v3/subusers/{name}``: 204."""
        return no_content_after(request, self.backend.delete_subuser, name)

    def put_ips(self, name: str) -> Response:
        """``PUT /v3/subusers/{name}/ips`` ``["ip", ...]``: 200 ``{"ips": [...]}``."""
        query(request, ())
        ips = str_list(json_body(request), "ips") or []
        return json_response({"ips": self.backend.replace_subuser_ips(name, ips)})

    def reputations(self) -> Response:
        """``GET /v3/subusers/reputations?usernames=a&usernames[]=b`` (either spelling)."""
        usernames = repeated_query(request, "usernames", "usernames[]")
        if not usernames:
            raise FieldValidationError.single("usernames", "usernames is required")
        found = self.backend.reputations(usernames)
        return json_response([{"username": u, "reputation": r} for u, r in found])

    def get_monitor(self, name: str) -> Response:
        """``GET /v3/subusers/{name}/monitor``."""
        query(request, ())
        return json_response(self.backend.get_monitor(name).body())

    def _save_monitor(self, name: str, create: bool) -> Response:
        body = call_body(request, "email", "frequency")
        monitor = self.backend.save_monitor(
            name, opt_str(body, "email"), opt_int(body, "frequency"), create=create
        )
        return json_response(monitor.body())

    def create_monitor(self, name: str) -> Response:
        """``POST /v3/subusers/{name}/monitor``."""
        return self._save_monitor(name, create=True)

    def update_monitor(self, name: str) -> Response:
        """``PUT /v3/subusers/{name}/monitor``."""
        return self._save_monitor(name, create=False)

    def delete_monitor(self, name: str) -> Response:
        """``DELETE /v3/subusers/{name}/monitor``: 204."""
        return no_content_after(request, self.backend.delete_monitor, name)
