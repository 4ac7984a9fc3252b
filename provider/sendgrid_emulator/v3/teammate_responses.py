"""The calls of the teammates document, each acting for the account ``on-behalf-of`` names."""

from __future__ import annotations

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response
from ..teammates import ACCESS_LIMIT_DEFAULT, LIST_LIMIT_MAX
from .parsing import call_body, no_content_after, query, query_int
from .user_responses import actor

#: The largest ``after_subuser_id`` and ``limit`` the subuser access call takes.
_ID_MAX = 2**31 - 1


class TeammateResponses:
    """One method per documented call of ``/v3/teammates``."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def invite(self) -> Response:
        """``POST /v3/teammates`` ``{"email", "scopes", "is_admin"}``: 201, the invitation."""
        body = call_body(request, "email", "scopes", "is_admin")
        return json_response(self.backend.invite_teammate(actor(), body).body(), 201)

    def list_teammates(self) -> Response:
        """``GET /v3/teammates?limit=&offset=``: ``{"result": [...]}``."""
        params = query(request, ("limit", "offset"))
        limit = query_int(params, "limit", LIST_LIMIT_MAX, 0, LIST_LIMIT_MAX)
        offset = query_int(params, "offset", 0, 0, _ID_MAX)
        teammates = self.backend.list_teammates(actor(), limit, offset)
        return json_response({"result": [t.body(with_scopes=False) for t in teammates]})

    def get_teammate(self, username: str) -> Response:
        """``GET /v3/teammates/{username}``: the teammate with its scopes."""
        query(request, ())
        return json_response(self.backend.get_teammate(actor(), username).body(with_scopes=True))

    def patch_teammate(self, username: str) -> Response:
        """``PATCH /v3/teammates/{username}`` ``{"scopes", "is_admin"}``: the teammate."""
        body = call_body(request, "scopes", "is_admin")
        teammate = self.backend.update_teammate(actor(), username, body)
        return json_response(teammate.body(with_scopes=True))

    def delete_teammate(self, username: str) -> Response:
        """``DELETE /v3/teammates/{username}``: 204."""
        return no_content_after(request, self.backend.delete_teammate, actor(), username)

    def list_pending(self) -> Response:
        """``GET /v3/teammates/pending``: ``{"result": [...]}`` with expiration dates."""
        query(request, ())
        pending = self.backend.pending_teammates.list(actor())
        return json_response({"result": [p.body(expiration=True) for p in pending]})

    def delete_pending(self, token: str) -> Response:
        """``DELETE /v3/teammates/pending/{token}``: 204."""
        return no_content_after(request, self.backend.pending_teammates.delete, actor(), token)

    def resend(self, token: str) -> Response:
        """``POST /v3/teammates/pending/{token}/resend``: 200, the invitation."""
        query(request, ())
        return json_response(self.backend.resend_teammate_invite(actor(), token).body())

    def subuser_access(self, teammate_name: str) -> Response:
        """``GET /v3/teammates/{teammate_name}/subuser_access``."""
        params = query(request, ("after_subuser_id", "limit", "username"))
        after = query_int(params, "after_subuser_id", 0, 0, _ID_MAX)
        limit = query_int(params, "limit", ACCESS_LIMIT_DEFAULT, 1, _ID_MAX)
        body = self.backend.teammate_subuser_access(
            actor(), teammate_name, after, limit, params.get("username") or None
        )
        return json_response(body)
