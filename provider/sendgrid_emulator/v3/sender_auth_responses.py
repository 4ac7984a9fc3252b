"""The v3 sender authentication calls: ``/v3/whitelabel/domains`` and ``/v3/whitelabel/links``.

Each call acts for the account ``on-behalf-of`` names (the parent without it); the
association calls are the parent's. Bodies as the OpenAPI documents declare them: the
create answers 201 (a link's association 200), ``PATCH /v3/whitelabel/domains/{id}`` and
``GET /v3/whitelabel/domains/default`` answer a list, as the domain document says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, request

from ..backend import Backend
from ..bodies import json_response, no_content
from ..sender_auth import check_bool
from .parsing import (
    call_body,
    json_body,
    json_object,
    no_content_after,
    opt_str,
    query,
    query_bool,
    query_int,
    str_list,
)
from .user_responses import actor

_LIST_MAX = 10_000


_Reader = Callable[[dict[str, Any], str], Any]
"""Reads one field of a body, by its name (and refuses a bad value)."""


def _flag(default: bool) -> _Reader:
    return lambda body, name: check_bool(body, name, default)


#: The fields of a create's body and how each is read (in this order), by name.
_DOMAIN_FIELDS: dict[str, _Reader] = {
    "domain": opt_str,
    "subdomain": opt_str,
    "username": opt_str,
    "ips": lambda body, name: str_list(body.get(name), name),
    "custom_spf": _flag(False),
    "default": _flag(False),
    "automatic_security": _flag(True),
    "custom_dkim_selector": opt_str,
    "region": opt_str,
}
_LINK_FIELDS = {name: _DOMAIN_FIELDS[name] for name in ("domain", "subdomain", "default", "region")}


def _fields(body: dict[str, Any], readers: Mapping[str, _Reader]) -> dict[str, Any]:
    """Each field of ``body``, read as ``readers`` say."""
    return {name: read(body, name) for name, read in readers.items()}


def _optional_body(*fields: str) -> dict[str, Any]:
    """A body that may be left out (``PATCH`` of nothing, an association by query)."""
    query(request, ())
    if not request.get_data(cache=True).strip():
        return {}
    return json_object(json_body(request), fields)


def _opt_bool(body: dict[str, Any], name: str) -> bool | None:
    return None if body.get(name) is None else check_bool(body, name, False)


def _limit(params: dict[str, str]) -> int | None:
    return query_int(params, "limit", _LIST_MAX, 1, _LIST_MAX) if params.get("limit") else None


def _username() -> str | None:
    return query(request, ("username",)).get("username")


class SenderAuthResponses:
    """One method per documented call of the two documents."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # --- /v3/whitelabel/domains --------------------------------------------------------

    def create_domain(self) -> Response:
        """``POST /v3/whitelabel/domains``: 201 ``AuthenticatedDomain``."""
        body = call_body(request, *_DOMAIN_FIELDS)
        domain = self.backend.create_domain(actor(), **_fields(body, _DOMAIN_FIELDS))
        return json_response(domain.body(), 201)

    def list_domains(self) -> Response:
        """``GET /v3/whitelabel/domains?limit&offset&exclude_subusers&username&domain``."""
        params = query(request, ("limit", "offset", "exclude_subusers", "username", "domain"))
        found = self.backend.list_domains(
            actor(),
            limit=_limit(params),
            offset=query_int(params, "offset", 0, 0, 2**31 - 1),
            exclude_subusers=query_bool(params, "exclude_subusers"),
            username=params.get("username") or None,
            domain=params.get("domain") or None,
        )
        return json_response([d.listing() for d in found])

    def get_domain(self, domain_id: str) -> Response:
        """``GET /v3/whitelabel/domains/{id}``: ``AuthenticatedDomain``."""
        query(request, ())
        return json_response(self.backend.domains.get(actor(), domain_id).body())

    def patch_domain(self, domain_id: str) -> Response:
        """``PATCH /v3/whitelabel/domains/{id}`` ``{default, custom_spf}``: a list of one."""
        body = _optional_body("default", "custom_spf")
        domain = self.backend.update_domain(
            actor(), domain_id, _opt_bool(body, "default"), _opt_bool(body, "custom_spf")
        )
        return json_response([domain.listing()])

    def delete_domain(self, domain_id: str) -> Response:
        """``DELETE /v3/whitelabel/domains/{id}``: 204."""
        return no_content_after(request, self.backend.domains.delete, actor(), domain_id)

    def default_domain(self) -> Response:
        """``GET /v3/whitelabel/domains/default?domain=``: a list of at most one."""
        params = query(request, ("domain",))
        found = self.backend.default_domains(actor(), params.get("domain") or None)
        return json_response([d.listing() for d in found])

    def add_domain_ip(self, domain_id: str) -> Response:
        """``POST /v3/whitelabel/domains/{id}/ips`` ``{ip}``: 200 with the domain."""
        body = call_body(request, "ip")
        domain = self.backend.change_domain_ip(actor(), domain_id, opt_str(body, "ip"), add=True)
        return json_response(domain.body())

    def delete_domain_ip(self, domain_id: str, ip: str) -> Response:
        """``DELETE /v3/whitelabel/domains/{id}/ips/{ip}``: 200 with the domain."""
        query(request, ())
        domain = self.backend.change_domain_ip(actor(), domain_id, ip, add=False)
        return json_response(domain.body())

    def validate_domain(self, domain_id: str) -> Response:
        """``POST /v3/whitelabel/domains/{id}/validate``: ``{id, valid, validation_results}``."""
        query(request, ())
        return json_response(self.backend.validate_domain(actor(), domain_id).body())

    def associate_domain(self, domain_id: str) -> Response:
        """``POST /v3/whitelabel/domains/{id}/subuser`` ``{username}``: 201."""
        body = call_body(request, "username")
        domain, subuser = self.backend.associate_domain(
            actor(), domain_id, opt_str(body, "username"), multiple=False
        )
        return json_response(domain.body(subuser), 201)

    def associate_domain_multiple(self, domain_id: str) -> Response:
        """``POST /v3/whitelabel/domains/{id}/subuser:add`` ``{username}``: 201."""
        body = call_body(request, "username")
        domain, subuser = self.backend.associate_domain(
            actor(), domain_id, opt_str(body, "username"), multiple=True
        )
        return json_response(domain.body(subuser), 201)

    def disassociate_domain(self, domain_id: str) -> Response:
        """``DELETE /v3/whitelabel/domains/{id}/subuser?username=``: 204."""
        self.backend.disassociate_domain(actor(), domain_id, _username())
        return no_content()

    def subuser_domain(self) -> Response:
        """``GET /v3/whitelabel/domains/subuser?username=``: the subuser's domain."""
        domain, subuser = self.backend.subuser_domain(actor(), _username())
        return json_response(domain.body(subuser))

    def subuser_domains(self) -> Response:
        """``GET /v3/whitelabel/domains/subuser/all?username=``: every associated domain."""
        found, subuser = self.backend.subuser_domains(actor(), _username())
        return json_response([d.body(subuser) for d in found])

    def disassociate_subuser_domain(self) -> Response:
        """``DELETE /v3/whitelabel/domains/subuser?username=``: 204."""
        self.backend.disassociate_domain(actor(), None, _username())
        return no_content()

    # --- /v3/whitelabel/links ----------------------------------------------------------

    def create_link(self) -> Response:
        """``POST /v3/whitelabel/links``: 201 ``LinkBranding200``."""
        body = call_body(request, *_LINK_FIELDS)
        link = self.backend.create_link(actor(), **_fields(body, _LINK_FIELDS))
        return json_response(link.body(), 201)

    def list_links(self) -> Response:
        """``GET /v3/whitelabel/links?limit=``."""
        params = query(request, ("limit",))
        return json_response([x.body() for x in self.backend.links.list(actor(), _limit(params))])

    def get_link(self, link_id: str) -> Response:
        """``GET /v3/whitelabel/links/{id}``."""
        query(request, ())
        return json_response(self.backend.links.get(actor(), link_id).body())

    def patch_link(self, link_id: str) -> Response:
        """``PATCH /v3/whitelabel/links/{id}`` ``{default}``."""
        body = _optional_body("default")
        link = self.backend.update_link(actor(), link_id, _opt_bool(body, "default"))
        return json_response(link.body())

    def delete_link(self, link_id: str) -> Response:
        """``DELETE /v3/whitelabel/links/{id}``: 204."""
        return no_content_after(request, self.backend.links.delete, actor(), link_id)

    def default_link(self) -> Response:
        """``GET /v3/whitelabel/links/default?domain=``."""
        params = query(request, ("domain",))
        return json_response(self.backend.default_link(actor(), params.get("domain")).body())

    def validate_link(self, link_id: str) -> Response:
        """``POST /v3/whitelabel/links/{id}/validate``: ``{id, valid, validation_results}``."""
        query(request, ())
        return json_response(self.backend.validate_link(actor(), link_id).body())

    def associate_link(self, link_id: str) -> Response:
        """``POST /v3/whitelabel/links/{link_id}/subuser`` ``{username}``: 200."""
        body = call_body(request, "username")
        link = self.backend.associate_link(actor(), link_id, opt_str(body, "username"))
        return json_response(link.body())

    def subuser_link(self) -> Response:
        """``GET /v3/whitelabel/links/subuser?username=``."""
        return json_response(self.backend.subuser_link(actor(), _username()).body())

    def disassociate_link(self) -> Response:
        """``DELETE /v3/whitelabel/links/subuser?username=``: 204."""
        self.backend.disassociate_link(actor(), _username())
        return no_content()


def url_table(r: SenderAuthResponses) -> dict[str, dict[str, Any]]:
    """Rule, method and view of every sender authentication call.

    The fixed paths (``default``, ``subuser``) win over ``<domain_id>`` for their methods.
    """
    domains = "/v3/whitelabel/domains"
    links = "/v3/whitelabel/links"
    return {
        domains: {"GET": r.list_domains, "POST": r.create_domain},
        f"{domains}/default": {"GET": r.default_domain},
        f"{domains}/subuser": {"GET": r.subuser_domain, "DELETE": r.disassociate_subuser_domain},
        f"{domains}/subuser/all": {"GET": r.subuser_domains},
        f"{domains}/<domain_id>": {
            "GET": r.get_domain,
            "PATCH": r.patch_domain,
            "DELETE": r.delete_domain,
        },
        f"{domains}/<domain_id>/subuser": {
            "POST": r.associate_domain,
            "DELETE": r.disassociate_domain,
        },
        f"{domains}/<domain_id>/subuser:add": {"POST": r.associate_domain_multiple},
        f"{domains}/<domain_id>/ips": {"POST": r.add_domain_ip},
        f"{domains}/<domain_id>/ips/<ip>": {"DELETE": r.delete_domain_ip},
        f"{domains}/<domain_id>/validate": {"POST": r.validate_domain},
        links: {"GET": r.list_links, "POST": r.create_link},
        f"{links}/default": {"GET": r.default_link},
        f"{links}/subuser": {"GET": r.subuser_link, "DELETE": r.disassociate_link},
        f"{links}/<link_id>": {"GET": r.get_link, "PATCH": r.patch_link, "DELETE": r.delete_link},
        f"{links}/<link_id>/subuser": {"POST": r.associate_link},
        f"{links}/<link_id>/validate": {"POST": r.validate_link},
    }
