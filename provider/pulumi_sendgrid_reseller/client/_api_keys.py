"""v3 API keys (``/v3/api_keys``) of the acting account: the parent, or a subuser.

Keys belong to the account they were made for: reach a subuser's keys from
``SendGridClient.acting_for(username).api_keys`` (``on-behalf-of``).
"""

from __future__ import annotations

import builtins

from ._api import ApiGroup
from ._models import (
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    _ApiKeyLimit,
    _ApiKeyList,
)

__all__ = ["ApiKeysAPI"]

_API_KEYS = "/v3/api_keys"


class ApiKeysAPI(ApiGroup):
    """The acting account's API keys. Reach it as ``client.api_keys``."""

    root = _API_KEYS

    def create(self, req: ApiKeyCreate) -> ApiKeyCreated:
        """Create a key (``POST /v3/api_keys``; 200 and 201 are both success).

        The answer is the only time SendGrid shows the key: it is a ``SecretStr`` and the
        transport removes it from every later message. Not idempotent: if the outcome is
        unknown, the error is raised without a retry; :meth:`list` shows whether a key of
        that name now exists (its secret is then lost for good).
        """
        created = self._t.request(
            "POST", _API_KEYS, json=req.to_json(), idempotent=False, response=ApiKeyCreated
        )
        self._t.register_secret(created.api_key.get_secret_value())
        return created

    def list(self, *, limit: int | None = None) -> builtins.list[ApiKey]:
        """The account's keys, names and ids only (``GET /v3/api_keys``)."""
        query = _ApiKeyLimit(limit=limit)
        body = self._get(_API_KEYS, _ApiKeyList, limit=query.limit)
        return body.result

    def get(self, key_id: str) -> ApiKey:
        """One key with its scopes (``GET /v3/api_keys/{id}``).

        The current document wraps the key in ``{"result": [...]}``; a bare object is
        accepted too.

        Raises:
            NotFoundError: the acting account has no key with that id.
        """
        body = self._get(self._path(key_id), _ApiKeyList)
        if body.result:
            return body.result[0]
        return ApiKey.model_validate(body.model_extra or {})

    def update(self, key_id: str, req: ApiKeyCreate) -> ApiKey:
        """Set the key's name and scopes (``PUT /v3/api_keys/{id}``).

        The call takes ``scopes``: a key with no declared scopes (full access) changes its
        name with :meth:`rename`.
        """
        return self._set("PUT", self._path(key_id), req.to_json(), ApiKey)

    def rename(self, key_id: str, name: str) -> ApiKey:
        """Change the key's name only (``PATCH /v3/api_keys/{id}``)."""
        body = ApiKeyCreate(name=name).to_json()
        return self._set("PATCH", self._path(key_id), body, ApiKey)

    def delete(self, key_id: str) -> None:
        """Delete the key (``DELETE /v3/api_keys/{id}``).

        Raises:
            NotFoundError: no such key (also when a retried delete already took effect).
        """
        self._delete(self._path(key_id))
