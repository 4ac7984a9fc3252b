"""Teammates (``/v3/teammates``) of the acting account: invitations, then teammates.

An invitation (``POST /v3/teammates``) stays pending, named by its token, until the
invitee accepts it; the teammate is then named by the username the invitee chose. Reach a
tenant's teammates through ``SendGridClient.acting_for(...)`` (``on-behalf-of``).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field, model_validator

from ._api import ApiGroup, alias_field, offset_pages
from ._api import RequestModel as _Input
from ._api import ResponseModel as _Response
from ._classify import exists_when
from ._fields import TeammateFields
from ._scopes import AUTOMATIC_SCOPES
from ._util import path_segment

__all__ = [
    "AUTOMATIC_TEAMMATE_SCOPES",
    "MAX_TEAMMATES_PAGE",
    "PendingTeammate",
    "Teammate",
    "TeammateInvite",
    "TeammateSubuserAccess",
    "TeammateUpdate",
    "TeammatesAPI",
]

_TEAMMATES = "/v3/teammates"
#: How the invitation call says that the email is invited already or a teammate (a 400).
_INVITED = ("is already pending", "is already a teammate")
#: Largest page ``GET /v3/teammates`` returns.
MAX_TEAMMATES_PAGE = 500

AUTOMATIC_TEAMMATE_SCOPES = AUTOMATIC_SCOPES
"""Scopes SendGrid gives every teammate by itself ("a minimum set ... necessary for the
teammate to function"): the flags it attaches to API keys too, reported with a teammate's
scopes, never asked for."""


class TeammateInvite(TeammateFields, _Input):
    """The body of an invitation, from the field table (``scopes`` sent as ``[]`` if none)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON body: the call requires all three fields."""
        return {"email": self.email, "scopes": list(self.scopes or []), "is_admin": self.is_admin}


class TeammateUpdate(_Input):
    """The body of ``PATCH /v3/teammates/{username}``: admin, or the complete scopes."""

    is_admin: bool
    scopes: builtins.list[str] = Field(default_factory=builtins.list)

    @classmethod
    def of(cls, fields: TeammateFields) -> TeammateUpdate:
        """The update that gives a teammate the permissions of ``fields``."""
        return cls(is_admin=fields.is_admin, scopes=list(fields.scopes or []))


class PendingTeammate(_Response):
    """An invitation: its token, email and the permissions it grants once accepted.

    SendGrid's examples name the token ``pending_id``: both names are read.
    """

    token: str
    email: str
    scopes: builtins.list[str] = Field(default_factory=builtins.list)
    is_admin: bool = False
    expiration_date: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _token_alias(cls, data: Any) -> Any:
        return alias_field(data, "token", "pending_id")


class Teammate(_Response):
    """A teammate who accepted an invitation (or the account's owner)."""

    username: str
    email: str
    is_admin: bool = False
    user_type: str | None = None
    scopes: builtins.list[str] | None = None
    first_name: str | None = None
    last_name: str | None = None


class _Results(_Response):
    result: builtins.list[dict[str, Any]] = Field(default_factory=builtins.list)

    @model_validator(mode="before")
    @classmethod
    def _results_alias(cls, data: Any) -> Any:
        # The document's schema says ``result``, its example ``results``.
        return alias_field(data, "result", "results")


class _SubuserAccessEntry(_Response):
    id: int | None = None
    username: str
    email: str | None = None
    disabled: bool | None = None
    permission_type: str | None = None
    scopes: builtins.list[str] = Field(default_factory=builtins.list)


class _NextParams(_Response):
    limit: int | None = None
    after_subuser_id: int | None = None
    username: str | None = None


class _Metadata(_Response):
    next_params: _NextParams | None = None


class TeammateSubuserAccess(_Response):
    """The subusers a teammate may act for (``GET .../{name}/subuser_access``), one page."""

    has_restricted_subuser_access: bool = False
    subuser_access: builtins.list[_SubuserAccessEntry] = Field(default_factory=builtins.list)
    metadata: Annotated[_Metadata | None, Field(alias="_metadata")] = None


class _Page(_Input):
    limit: Annotated[int, Field(ge=1, le=MAX_TEAMMATES_PAGE)] | None = None
    offset: Annotated[int, Field(ge=0)] | None = None


class TeammatesAPI(ApiGroup):
    """The acting account's teammates and invitations. Reach it as ``client.teammates``."""

    root = _TEAMMATES

    def invite(self, req: TeammateInvite) -> PendingTeammate:
        """Invite a teammate (``POST /v3/teammates``; 200 and 201 are both success).

        Not idempotent (a repeat sends a second invitation): when the outcome is unknown,
        the error is raised without a retry; :meth:`pending` shows whether it took effect.

        Raises:
            AlreadyExistsError: the email is already invited or already a teammate of the
                acting account (SendGrid's 400 on ``email``).
        """
        with exists_when(*_INVITED):
            return self._t.request(
                "POST", _TEAMMATES, json=req.to_json(), idempotent=False, response=PendingTeammate
            )

    def list(
        self, *, limit: int | None = None, offset: int | None = None
    ) -> builtins.list[Teammate]:
        """One page of teammates (``GET /v3/teammates``)."""
        page = _Page(limit=limit, offset=offset)
        body = self._get(_TEAMMATES, _Results, limit=page.limit, offset=page.offset)
        return [Teammate.model_validate(item) for item in body.result]

    def iter(self) -> Iterator[Teammate]:
        """Every teammate, page after page."""
        yield from offset_pages(
            lambda offset: self.list(limit=MAX_TEAMMATES_PAGE, offset=offset), MAX_TEAMMATES_PAGE
        )

    def get(self, username: str) -> Teammate:
        """One teammate with its scopes (``GET /v3/teammates/{username}``).

        Raises:
            NotFoundError: no teammate of that username.
        """
        return self._get(self._path(username), Teammate)

    def update(self, username: str, req: TeammateUpdate) -> Teammate:
        """Set a teammate's permissions (``PATCH /v3/teammates/{username}``)."""
        return self._set("PATCH", self._path(username), req.model_dump(), Teammate)

    def delete(self, username: str) -> None:
        """Remove a teammate (``DELETE /v3/teammates/{username}``).

        Raises:
            NotFoundError: no teammate of that username.
        """
        self._delete(self._path(username))

    def pending(self) -> builtins.list[PendingTeammate]:
        """Every invitation not accepted yet (``GET /v3/teammates/pending``)."""
        body = self._get(f"{_TEAMMATES}/pending", _Results)
        return [PendingTeammate.model_validate(item) for item in body.result]

    def delete_pending(self, token: str) -> None:
        """Withdraw an invitation (``DELETE /v3/teammates/pending/{token}``).

        Raises:
            NotFoundError: no invitation with that token.
        """
        self._delete(f"{_TEAMMATES}/pending/{path_segment(token)}")

    def resend(self, token: str) -> PendingTeammate:
        """Send an invitation again, which resets its expiry (``POST .../{token}/resend``).

        Not idempotent: each call sends the invitee another email.
        """
        return self._t.request(
            "POST",
            f"{_TEAMMATES}/pending/{path_segment(token)}/resend",
            idempotent=False,
            response=PendingTeammate,
        )

    def subuser_access(
        self,
        teammate: str,
        *,
        limit: int | None = None,
        after_subuser_id: int | None = None,
        username: str | None = None,
    ) -> TeammateSubuserAccess:
        """One page of the subusers a teammate may act for (``GET .../subuser_access``)."""
        return self._get(
            f"{self._path(teammate)}/subuser_access",
            TeammateSubuserAccess,
            limit=limit,
            after_subuser_id=after_subuser_id,
            username=username,
        )
