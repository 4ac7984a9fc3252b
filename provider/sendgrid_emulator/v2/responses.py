"""The v2 responses layer: read each call's parameters and call the backend."""

from __future__ import annotations

from typing import cast

from ..backend import Backend
from ..customers import SETTABLE_PROFILE_FIELDS, SUBSTRING_FILTERS
from ..errors import AccountNotFoundError, FieldValidationError
from ..inventory import AssignMode, IpList
from ..models import CUSTOMER, PROFILE_FIELDS
from .params import V2Params
from .render import IpObjects, IpStrings, SendIps, Success, Usage, Users, V2Result

_ADD_FIELDS = (
    "username",
    "password",
    "confirm_password",
    "email",
    *PROFILE_FIELDS,
    "company",
    "package",
    "whitelabel",
    "free_user",
    "billing_date",
)
_MANAGE_METHODS = (
    "profile",
    "password",
    "enable",
    "disable",
    "website_enable",
    "website_disable",
)
_PROFILE_TASKS = ("get", "set", "setUsername", "setEmail")
_IP_TASKS = ("all", "free", "taken", "available", "usage")
_IP_LISTS = ("all", "free", "taken", "available")


class V2Responses:
    """One method per documented v2 call."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # --- reseller.add / reseller.delete ------------------------------------------------

    def reseller_add(self, params: V2Params) -> V2Result:
        """``reseller.add``: create a customer."""
        params.allow((*_ADD_FIELDS, "ip[]", "ip_group[]"), "reseller.add")
        fields = {name: params.one(name) for name in _ADD_FIELDS}
        self.backend.add_customer(fields, params.many("ip[]"), params.many("ip_group[]"))
        return Success()

    def reseller_delete(self, params: V2Params) -> V2Result:
        """``reseller.delete``: delete a customer (its username stays reserved)."""
        params.allow(("user",), "reseller.delete")
        self.backend.delete_customer(params.one("user"))
        return Success()

    # --- reseller.manage ---------------------------------------------------------------

    def reseller_manage(self, params: V2Params) -> V2Result:
        """``reseller.manage``: dispatch on ``method`` (and ``task`` for profiles)."""
        method = params.choice("method", _MANAGE_METHODS)
        if method == "profile":
            task = params.choice("task", _PROFILE_TASKS)
            if task == "get":
                return self._profile_get(params)
            if task == "set":
                return self._profile_set(params)
            if task == "setUsername":
                params.allow(("method", "task", "user", "username"), "task=setUsername")
                self.backend.set_username(params.one("user"), params.one("username"))
                return Success()
            params.allow(("method", "task", "user", "email"), "task=setEmail")
            self.backend.set_email(params.one("user"), params.one("email"))
            return Success()
        if method == "password":
            params.allow(("method", "user", "password", "confirm_password"), "method=password")
            self.backend.set_password(
                params.one("user"), params.one("password"), params.one("confirm_password")
            )
            return Success()
        # enable / disable / website_enable / website_disable: the older page names the
        # parameter "username" for disable, every example uses "user": accept either.
        params.allow(("method", "user", "username"), f"method={method}")
        user = params.one("user") or params.one("username")
        if not user:
            raise AccountNotFoundError(None)
        if method in ("enable", "disable"):
            self.backend.set_active(user, method == "enable", CUSTOMER)
        else:
            self.backend.set_website_access(user, method == "website_enable", CUSTOMER)
        return Success()

    def _profile_get(self, params: V2Params) -> V2Result:
        params.allow(
            ("method", "task", "id", "active", *SUBSTRING_FILTERS, "limit", "offset"),
            "task=get",
        )
        filters: dict[str, str] = {}
        for name in ("id", "active", *SUBSTRING_FILTERS):
            value = params.one(name)
            if value:
                filters[name] = value
        limit = params.non_negative_int("limit")
        offset = params.non_negative_int("offset") or 0
        accounts = self.backend.list_customers(filters, limit, offset)
        return Users([a.v2_profile() for a in accounts])

    def _profile_set(self, params: V2Params) -> V2Result:
        params.allow(("method", "task", "user", *SETTABLE_PROFILE_FIELDS), "task=set")
        fields: dict[str, str] = {}
        for name in SETTABLE_PROFILE_FIELDS:
            value = params.one(name)
            if value is not None:
                fields[name] = value
        self.backend.update_profile(params.one("user"), fields)
        return Success()

    # --- IPs ---------------------------------------------------------------------------

    def reseller_ip(self, params: V2Params) -> V2Result:
        """``reseller.ip``: the parent's IPs (all / free / taken / available / usage)."""
        task = params.choice("task", _IP_TASKS)
        extra = ("user", "group") if task == "usage" else ()
        params.allow(("task", "ip", "system", *extra), f"task={task}")
        system = params.one("system")
        if system is not None and system != "true":
            raise FieldValidationError.single("system", "system must be set to true")
        ip_filter = params.one("ip")
        if task == "usage":
            pairs = self.backend.ip_usage(ip_filter, params.one("user"), params.one("group"))
            return Usage(pairs)
        return IpStrings(self.backend.ip_list(cast(IpList, task), ip_filter))

    def customer_ip(self, params: V2Params) -> V2Result:
        """``customer.ip``: the parent's IPs as ``[{"ip": ...}]``."""
        which = params.choice("list", _IP_LISTS)
        params.allow(("list",), f"list={which}")
        return IpObjects(self.backend.ip_list(cast(IpList, which)))

    def customer_sendip(self, params: V2Params) -> V2Result:
        """``customer.sendip``: list or replace the IPs an account sends from."""
        task = params.choice("task", ("list", "append"))
        if task == "list":
            params.allow(("task", "user"), "task=list")
            return SendIps(self.backend.account_ips(params.one("user")))
        params.allow(("task", "user", "set", "ip[]"), "task=append")
        mode = params.choice("set", ("specify", "all", "none"))
        ips = params.many("ip[]")
        if mode != "specify" and ips:
            raise FieldValidationError.single("ip[]", f"ip[] cannot be given with set={mode}")
        self.backend.assign_ips(params.one("user"), cast(AssignMode, mode), ips)
        return Success()
