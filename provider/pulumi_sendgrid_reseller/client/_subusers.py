"""v3 subusers: list, create, PATCH, website access, delete, IPs, credits, monitor."""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Iterator, Sequence

from ._api import ApiGroup, offset_pages
from ._classify import refused_as
from ._errors import NotFoundError
from ._models import (
    CreditsUpdate,
    MonitorSettings,
    Reputation,
    Subuser,
    SubuserCreate,
    SubuserCreated,
    SubuserCredits,
    _MonitorBody,
    _SendIpsUpdate,
    _SubuserIps,
    _SubuserList,
    _UserRef,
    _WebsiteAccess,
)
from ._transport import NO_ANSWER
from ._util import pick_username

__all__ = ["SubusersAPI"]

_SUBUSERS = "/v3/subusers"

#: How SendGrid says that the subuser of a call does not exist (a 400): credits calls,
#: and PATCH / DELETE of the subuser.
_NO_USER = "no user found"
_INVALID_USERNAME = "invalid username"

#: Largest page ``GET /v3/subusers`` returns.
MAX_PAGE_SIZE = 500


def _monitor(body: _MonitorBody) -> MonitorSettings:
    # The server's values are the truth: they are not re-validated against input rules.
    return MonitorSettings.model_construct(email=body.email, frequency=body.frequency)


class SubusersAPI(ApiGroup):
    """The parent account's subusers (v3). Reach it as ``SendGridClient.subusers``."""

    root = _SUBUSERS

    def _key(self, key: str | int) -> str:
        return _UserRef(user=str(key)).user

    def list(
        self,
        *,
        username: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        include_region: bool = False,
    ) -> builtins.list[Subuser]:
        """One page of subusers (``GET /v3/subusers``).

        ``username`` is a substring search; ``limit`` is 1..500 (SendGrid's default 100).
        """
        query = _SubuserList(username=username, limit=limit, offset=offset)
        return self._get(
            _SUBUSERS,
            list[Subuser],
            username=query.username,
            limit=query.limit,
            offset=query.offset,
            include_region=include_region or None,
        )

    def iter(
        self, *, username: str | None = None, page_size: int = 100, include_region: bool = False
    ) -> Iterator[Subuser]:
        """Every subuser (matching ``username``), fetching pages of ``page_size`` lazily."""
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        yield from offset_pages(
            lambda offset: self.list(
                username=username, limit=page_size, offset=offset, include_region=include_region
            ),
            page_size,
        )

    def get(self, username: str) -> Subuser | None:
        """Return the subuser named exactly ``username`` (with its region), or ``None``."""
        ref = _UserRef(user=username)
        matches = self.iter(username=ref.user, page_size=MAX_PAGE_SIZE, include_region=True)
        return pick_username(matches, ref.user)

    def create(self, req: SubuserCreate) -> SubuserCreated:
        """Create a subuser (``POST /v3/subusers``; 200 and 201 are both success).

        Not idempotent: if the outcome is unknown (5xx, lost connection), the error is
        raised without a retry; read with :meth:`get` to find out.

        Raises:
            AlreadyExistsError: the username exists.
            InvalidRequestError: a field broke a rule (e.g. an IP not owned by the parent).
        """
        return self._t.request(
            "POST",
            _SUBUSERS,
            json={**req.to_json(), "include_region": True},  # the answer then has region
            idempotent=False,
            response=SubuserCreated,
            secrets=(req.password.get_secret_value(),),
        )

    def set_disabled(self, username: str, disabled: bool) -> None:
        """Disable or enable a subuser (``PATCH /v3/subusers/{name}``).

        Raises:
            NotFoundError: no such subuser (the document's 400 ``invalid username``).
        """
        with _missing_subuser(_INVALID_USERNAME):
            self._t.request(
                "PATCH",
                self._path(username),
                json={"disabled": bool(disabled)},
                idempotent=True,
                response=NO_ANSWER,
            )

    def delete(self, username: str) -> None:
        """Delete a subuser and its monitor (``DELETE /v3/subusers/{name}``).

        The current document answers 204 whether the subuser existed or not; older
        SendGrid versions answered 404 or 400 ``invalid username`` for one already gone.

        Raises:
            NotFoundError: no such subuser, when SendGrid says so.
        """
        with _missing_subuser(_INVALID_USERNAME):
            self._delete(self._path(username))

    def set_ips(self, username: str, ips: Sequence[str]) -> builtins.list[str]:
        """Make ``ips`` exactly the subuser's IPs (``PUT .../ips``); returns them."""
        req = _SendIpsUpdate(user=username, ips=builtins.list(ips))
        body = self._set("PUT", self._path(req.user, "/ips"), req.ips, _SubuserIps)
        return body.ips

    def reputations(self, usernames: Sequence[str]) -> builtins.list[Reputation]:
        """Sender reputations (``GET /v3/subusers/reputations``); ``[]`` for no names."""
        names = [_UserRef(user=name).user for name in usernames]
        if not names:
            return []
        return self._t.request(
            "GET",
            f"{_SUBUSERS}/reputations",
            params={"usernames": names},
            idempotent=True,
            response=list[Reputation],
        )

    def get_monitor(self, username: str) -> MonitorSettings:
        """Return the subuser's monitor settings.

        Raises:
            NotFoundError: the subuser has no monitor (or does not exist).
        """
        return _monitor(self._get(self._path(username, "/monitor"), _MonitorBody))

    def create_monitor(self, username: str, settings: MonitorSettings) -> MonitorSettings:
        """Create monitor settings (``POST .../monitor``); not idempotent.

        Raises:
            AlreadyExistsError: the subuser already has a monitor.
        """
        return self._send_monitor("POST", username, settings)

    def update_monitor(self, username: str, settings: MonitorSettings) -> MonitorSettings:
        """Replace monitor settings (``PUT .../monitor``).

        Raises:
            NotFoundError: the subuser has no monitor.
        """
        return self._send_monitor("PUT", username, settings)

    def _send_monitor(
        self, method: str, username: str, settings: MonitorSettings
    ) -> MonitorSettings:
        body = settings.model_dump(mode="json")
        path = self._path(username, "/monitor")
        # A POST that may have happened is not sent again: the resource reads to check.
        idempotent = method == "PUT"
        return _monitor(
            self._t.request(method, path, json=body, idempotent=idempotent, response=_MonitorBody)
        )

    def delete_monitor(self, username: str) -> None:
        """Delete monitor settings (``DELETE .../monitor``).

        Raises:
            NotFoundError: the subuser has no monitor.
        """
        self._delete(self._path(username, "/monitor"))

    def find_by_id(self, user_id: int) -> Subuser | None:
        """The subuser whose SendGrid user id is ``user_id`` (every page is read), or ``None``.

        The id is the one thing a rename does not change: it finds a subuser renamed
        since it was last seen.
        """
        return next(
            (s for s in self.iter(page_size=MAX_PAGE_SIZE, include_region=True) if s.id == user_id),
            None,
        )

    def set_website_access(self, username: str, enabled: bool) -> None:
        """Allow or refuse the subuser's website login (``PATCH .../website_access``)."""
        body = _WebsiteAccess(disabled=not enabled)
        self._t.request(
            "PATCH",
            self._path(username, "/website_access"),
            json=body.model_dump(),
            idempotent=True,
            response=NO_ANSWER,
        )

    def get_credits(self, username: str) -> SubuserCredits:
        """The subuser's credits (``GET .../credits``).

        Raises:
            NotFoundError: no such subuser (SendGrid answers 400 ``No user found``).
        """
        return self._credits_call("GET", username, None)

    def set_credits(self, username: str, credits: CreditsUpdate) -> SubuserCredits:
        """Set the subuser's credit allocation (``PUT .../credits``); returns the new credits.

        Raises:
            NotFoundError: no such subuser.
        """
        return self._credits_call("PUT", username, credits.to_json())

    def _credits_call(
        self, method: str, username: str, body: dict[str, object] | None
    ) -> SubuserCredits:
        with _missing_subuser(_NO_USER):
            return self._t.request(
                method,
                self._path(username, "/credits"),
                json=body,
                idempotent=True,
                response=SubuserCredits,
            )


def _missing_subuser(message: str) -> contextlib.AbstractContextManager[None]:
    """Turn SendGrid's 400 ``message`` for an unknown subuser into a :class:`NotFoundError`."""
    return refused_as(NotFoundError, lambda said: said == message)
