"""v2 customer management: ``reseller.add``, ``reseller.delete`` and ``reseller.manage``."""

from __future__ import annotations

import builtins

from pydantic import SecretStr

from ._api import ApiGroup
from ._models import (
    Customer,
    CustomerCreate,
    CustomerFilter,
    FormValue,
    ProfileUpdate,
    V2Message,
    _ListWindow,
    _SetEmail,
    _SetPassword,
    _SetUsername,
    _UserRef,
)
from ._util import pick_username

__all__ = ["CustomersAPI"]

_ADD = "/apiv2/reseller.add.json"
_DELETE = "/apiv2/reseller.delete.json"
_MANAGE = "/apiv2/reseller.manage.json"


class CustomersAPI(ApiGroup):
    """The reseller's customers (v2). Reach it as ``SendGridClient.customers``."""

    def _manage(self, form: dict[str, FormValue], *, secrets: tuple[str, ...] = ()) -> None:
        self._t.request(
            "POST", _MANAGE, form=form, idempotent=True, response=V2Message, secrets=secrets
        )

    def add(self, req: CustomerCreate) -> None:
        """Create a customer (``reseller.add``).

        Not idempotent: if the outcome is unknown (5xx, lost connection), the error is
        raised without a retry; read with :meth:`get` to find out.

        Raises:
            AlreadyExistsError: the username is taken or reserved (deleted usernames stay
                reserved).
            InvalidRequestError: a field broke a rule (``errors[i].field`` names it).
        """
        self._t.request(
            "POST",
            _ADD,
            form=req.to_form(),
            idempotent=False,
            response=V2Message,
            secrets=(req.password.get_secret_value(),),
        )

    def delete(self, username: str) -> None:
        """Delete a customer (``reseller.delete``); its username stays reserved.

        Raises:
            NotFoundError: no such customer (also when a retried delete already took
                effect).
        """
        ref = _UserRef(user=username)
        self._t.request(
            "POST", _DELETE, form={"user": ref.user}, idempotent=True, response=V2Message
        )

    def list(
        self,
        filters: CustomerFilter | None = None,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> builtins.list[Customer]:
        """List customers (``reseller.manage method=profile task=get``).

        Text filters are case-insensitive substring matches; ``limit``/``offset`` page the
        result.
        """
        window = _ListWindow(limit=limit, offset=offset)
        form: dict[str, FormValue] = {"method": "profile", "task": "get"}
        if filters is not None:
            form.update(filters.to_form())
        if window.limit is not None:
            form["limit"] = str(window.limit)
        if window.offset is not None:
            form["offset"] = str(window.offset)
        return self._t.request("POST", _MANAGE, form=form, idempotent=True, response=list[Customer])

    def get(self, username: str) -> Customer | None:
        """Return the customer named exactly ``username``, or ``None`` when there is none."""
        ref = _UserRef(user=username)
        return pick_username(self.list(CustomerFilter(username=ref.user)), ref.user)

    def set_profile(self, username: str, update: ProfileUpdate) -> None:
        """Change profile fields (``method=profile task=set``); only set fields are sent."""
        ref = _UserRef(user=username)
        self._manage({"method": "profile", "task": "set", "user": ref.user, **update.to_form()})

    def set_username(self, username: str, new_username: str) -> None:
        """Rename a customer (``method=profile task=setUsername``)."""
        req = _SetUsername(user=username, username=new_username)
        self._manage(
            {"method": "profile", "task": "setUsername", "user": req.user, "username": req.username}
        )

    def set_email(self, username: str, email: str) -> None:
        """Change a customer's contact email (``method=profile task=setEmail``)."""
        req = _SetEmail(user=username, email=email)
        self._manage(
            {"method": "profile", "task": "setEmail", "user": req.user, "email": req.email}
        )

    def set_password(self, username: str, password: SecretStr | str) -> None:
        """Reset a customer's password (``method=password``)."""
        req = _SetPassword(user=username, password=password)
        secret = req.password.get_secret_value()
        self._manage(
            {
                "method": "password",
                "user": req.user,
                "password": secret,
                "confirm_password": secret,
            },
            secrets=(secret,),
        )

    def _switch(self, method: str, username: str) -> None:
        ref = _UserRef(user=username)
        self._manage({"method": method, "user": ref.user})

    def enable(self, username: str) -> None:
        """Let a customer send email again (``method=enable``)."""
        self._switch("enable", username)

    def disable(self, username: str) -> None:
        """Stop a customer from sending email (``method=disable``)."""
        self._switch("disable", username)

    def website_enable(self, username: str) -> None:
        """Let a customer log in to the SendGrid website (``method=website_enable``)."""
        self._switch("website_enable", username)

    def website_disable(self, username: str) -> None:
        """Stop a customer from logging in to the website (``method=website_disable``)."""
        self._switch("website_disable", username)
