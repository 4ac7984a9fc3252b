"""The v3 calls that act for an account: ``/v3/user/*`` and ``/v3/api_keys``.

Each reads the ``on-behalf-of`` header: without it the call acts for the parent, with
``<username>`` for that subuser, with ``account-id <id>`` for that Account Provisioning
account. An unknown name or id is refused like a wrong key (401).
"""

from __future__ import annotations

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response
from ..errors import FieldValidationError
from ..models import Actor
from ..user import USER_PROFILE_FIELDS
from .parsing import call_body, no_content_after, opt_str, query, query_int, str_list

ON_BEHALF_OF = "on-behalf-of"
_LIMIT_MAX = 1000


def actor() -> Actor:
    """Whom the current request acts for."""
    return Actor.from_header(request.headers.get(ON_BEHALF_OF))


class UserResponses:
    """One method per documented call of the user and API key documents."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # --- /v3/user ----------------------------------------------------------------------

    def get_email(self) -> Response:
        """``GET /v3/user/email``: ``{"email"}``."""
        query(request, ())
        return json_response({"email": self.backend.user_email(actor())})

    def put_email(self) -> Response:
        """``PUT /v3/user/email`` ``{"email"}``: 200 ``{"email"}``."""
        body = call_body(request, "email")
        return json_response(
            {"email": self.backend.set_user_email(actor(), opt_str(body, "email"))}
        )

    def put_password(self) -> Response:
        """``PUT /v3/user/password`` ``{"new_password", "old_password"}``: 200 ``{}``."""
        body = call_body(request, "new_password", "old_password")
        self.backend.set_user_password(
            actor(), opt_str(body, "old_password"), opt_str(body, "new_password")
        )
        return json_response({})

    def get_username(self) -> Response:
        """``GET /v3/user/username``: ``{"username", "user_id"}``."""
        query(request, ())
        username, user_id = self.backend.user_username(actor())
        return json_response({"username": username, "user_id": user_id})

    def put_username(self) -> Response:
        """``PUT /v3/user/username`` ``{"username"}``: 200 ``{"username"}``."""
        body = call_body(request, "username")
        new = self.backend.set_user_username(actor(), opt_str(body, "username"))
        return json_response({"username": new})

    def get_profile(self) -> Response:
        """``GET /v3/user/profile``."""
        query(request, ())
        return json_response(self.backend.user_profile(actor()))

    def patch_profile(self) -> Response:
        """``PATCH /v3/user/profile``: any of the profile fields; answers the profile."""
        body = call_body(request, *USER_PROFILE_FIELDS)
        fields: dict[str, str] = {}
        for name in USER_PROFILE_FIELDS:
            value = opt_str(body, name)
            if value is not None:
                fields[name] = value
        return json_response(self.backend.update_user_profile(actor(), fields))

    # --- /v3/api_keys ------------------------------------------------------------------

    def create_api_key(self) -> Response:
        """``POST /v3/api_keys`` ``{"name", "scopes"}``: 201, the only answer with the key."""
        body = call_body(request, "name", "scopes")
        key, secret = self.backend.create_api_key(
            actor(), opt_str(body, "name"), str_list(body.get("scopes"), "scopes")
        )
        return json_response({"api_key": secret, **key.body()}, 201)

    def list_api_keys(self) -> Response:
        """``GET /v3/api_keys?limit=``: ``{"result": [{"name", "api_key_id"}]}``."""
        params = query(request, ("limit",))
        limit = query_int(params, "limit", _LIMIT_MAX, 1, _LIMIT_MAX) if params else None
        keys = self.backend.api_keys.list(actor(), limit)
        return json_response({"result": [k.body(with_scopes=False) for k in keys]})

    def get_api_key(self, key_id: str) -> Response:
        """``GET /v3/api_keys/{id}``: ``{"result": [{"name", "api_key_id", "scopes"}]}``.

        The document wraps the one key in a ``result`` list.
        """
        query(request, ())
        return json_response({"result": [self.backend.api_keys.get(actor(), key_id).body()]})

    def patch_api_key(self, key_id: str) -> Response:
        """``PATCH /v3/api_keys/{id}`` ``{"name"}``: ``{"api_key_id", "name"}``."""
        body = call_body(request, "name")
        key = self.backend.update_api_key(actor(), key_id, opt_str(body, "name"), None)
        return json_response(key.body(with_scopes=False))

    def put_api_key(self, key_id: str) -> Response:
        """``PUT /v3/api_keys/{id}`` ``{"name", "scopes"}``: the key with its scopes."""
        body = call_body(request, "name", "scopes")
        scopes = str_list(body.get("scopes"), "scopes")
        if scopes is None:
            raise FieldValidationError.single("scopes", "scopes is required")
        key = self.backend.update_api_key(actor(), key_id, opt_str(body, "name"), scopes)
        return json_response(key.body())

    def delete_api_key(self, key_id: str) -> Response:
        """``DELETE /v3/api_keys/{id}``: 204."""
        return no_content_after(request, self.backend.api_keys.delete, actor(), key_id)
