"""v2 IP management: ``reseller.ip``, ``customer.ip`` and ``customer.sendip``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Literal

from ._api import ApiGroup
from ._models import (
    FormValue,
    IpUsage,
    SendIps,
    V2Message,
    _IpStrings,
    _SendIpsUpdate,
    _UserRef,
)

__all__ = ["IpListKind", "IpsAPI"]

IpListKind = Literal["all", "free", "taken", "available"]
"""Which IPs to list: every IP, free ones, taken ones or available ones."""

_RESELLER_IP = "/apiv2/reseller.ip.json"
_CUSTOMER_IP = "/apiv2/customer.ip.json"
_SENDIP = "/apiv2/customer.sendip.json"


class IpsAPI(ApiGroup):
    """The parent account's IPs and their assignment to users (v2).

    Reach it as ``SendGridClient.ips``.
    """

    def list(
        self, task: IpListKind = "all", *, ip: str | None = None, system: bool | None = None
    ) -> builtins.list[str]:
        """IPs of the account (``reseller.ip``), optionally filtered by (partial) ``ip``.

        ``system=True`` includes the IPs SendGrid assigned itself.
        """
        if task not in ("all", "free", "taken", "available"):
            raise ValueError(f"task must be all, free, taken or available, not {task!r}")
        form: dict[str, FormValue] = {"task": task}
        if ip is not None:
            form["ip"] = ip
        if system:
            form["system"] = "true"
        return self._t.request(
            "POST", _RESELLER_IP, form=form, idempotent=True, response=_IpStrings
        )

    def usage(
        self,
        *,
        ip: str | None = None,
        user: str | None = None,
        group: str | None = None,
        system: bool | None = None,
    ) -> builtins.list[IpUsage]:
        """IPs in use and who uses them (``reseller.ip task=usage``), with optional filters."""
        form: dict[str, FormValue] = {"task": "usage"}
        for key, value in (("ip", ip), ("user", user), ("group", group)):
            if value is not None:
                form[key] = value
        if system:
            form["system"] = "true"
        return self._t.request(
            "POST", _RESELLER_IP, form=form, idempotent=True, response=list[IpUsage]
        )

    def customer_ips(self, list_: IpListKind = "all") -> builtins.list[str]:
        """IPs of the reseller by state (``customer.ip list=...``)."""
        if list_ not in ("all", "free", "taken", "available"):
            raise ValueError(f"list_ must be all, free, taken or available, not {list_!r}")
        return self._t.request(
            "POST", _CUSTOMER_IP, form={"list": list_}, idempotent=True, response=_IpStrings
        )

    def get_send_ips(self, user: str) -> SendIps:
        """Return the IPs a customer or subuser sends from (``customer.sendip task=list``).

        Raises:
            NotFoundError: no such user.
        """
        ref = _UserRef(user=user)
        return self._t.request(
            "POST",
            _SENDIP,
            form={"task": "list", "user": ref.user},
            idempotent=True,
            response=SendIps,
        )

    def set_send_ips(self, user: str, ips: Sequence[str]) -> None:
        """Make ``ips`` exactly the user's sending IPs (``task=append set=specify``).

        An empty list removes all of them (``set=none``): the user then sends from the
        parent's IPs.
        """
        req = _SendIpsUpdate(user=user, ips=builtins.list(ips))
        if not req.ips:
            self.clear_send_ips(req.user)
            return
        self._append(req.user, {"set": "specify", "ip[]": req.ips})

    def set_send_ips_all(self, user: str) -> None:
        """Give the user every IP of the parent (``task=append set=all``)."""
        self._append(_UserRef(user=user).user, {"set": "all"})

    def clear_send_ips(self, user: str) -> None:
        """Remove all the user's IPs (``task=append set=none``)."""
        self._append(_UserRef(user=user).user, {"set": "none"})

    def _append(self, user: str, extra: dict[str, FormValue]) -> None:
        form: dict[str, FormValue] = {"task": "append", "user": user, **extra}
        self._t.request("POST", _SENDIP, form=form, idempotent=True, response=V2Message)
