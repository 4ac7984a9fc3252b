"""v3 user settings of the acting account: ``/v3/user/email``, ``/password``, ``/username``.

These calls act for the account the API key belongs to, or, from a client made with
``SendGridClient.acting_for(username)``, for that subuser (``on-behalf-of``).
"""

from __future__ import annotations

from pydantic import SecretStr

from ._api import ApiGroup
from ._models import UserUsername, _EmailBody, _EmailChange, _PasswordChange, _UsernameChange
from ._transport import NO_ANSWER

__all__ = ["UserAPI"]

_USER = "/v3/user"


class UserAPI(ApiGroup):
    """The acting account's email, password and username. Reach it as ``client.user``."""

    def get_email(self) -> str:
        """The account's email address (``GET /v3/user/email``)."""
        return self._get(f"{_USER}/email", _EmailBody).email

    def set_email(self, email: str) -> str:
        """Change the account's email address (``PUT /v3/user/email``); returns it."""
        req = _EmailChange(email=email)
        body = self._set("PUT", f"{_USER}/email", req.model_dump(), _EmailBody)
        return body.email

    def set_password(self, old_password: SecretStr | str, new_password: SecretStr | str) -> None:
        """Change the account's password (``PUT /v3/user/password``).

        Repeating it is harmless once it took effect only if ``old_password`` is then the
        new one: a retried call may be refused with ``old_password`` not matching.

        Raises:
            InvalidRequestError: ``old_password`` is not the current password, or the new
                one breaks a rule.
        """
        req = _PasswordChange.model_validate(
            {"old_password": old_password, "new_password": new_password}
        )
        self._t.request(
            "PUT",
            f"{_USER}/password",
            json=req.to_json(),
            idempotent=True,
            secrets=(req.old_password.get_secret_value(), req.new_password.get_secret_value()),
            response=NO_ANSWER,
        )

    def get_username(self) -> UserUsername:
        """The account's username and user id (``GET /v3/user/username``)."""
        return self._get(f"{_USER}/username", UserUsername)

    def set_username(self, username: str) -> str:
        """Rename the account (``PUT /v3/user/username``); it keeps its user id.

        Raises:
            AlreadyExistsError: the new username is taken.
        """
        req = _UsernameChange(username=username)
        body = self._set("PUT", f"{_USER}/username", req.model_dump(), UserUsername)
        return body.username
