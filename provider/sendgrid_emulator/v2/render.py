"""v2 bodies in JSON and XML: the results of calls and the three documented error shapes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from flask import Response

from ..bodies import json_response

Format = Literal["json", "xml"]
XML_PROLOG = '<?xml version="1.0" encoding="ISO-8859-1"?>'
OUTBOUND_CLUSTER = "o1.sendgrid.net"

XmlNode = tuple[str, "str | list[XmlNode]"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def split_call(path: str) -> tuple[str, Format | None]:
    """``/apiv2/reseller.manage.xml`` -> (``reseller.manage``, ``xml``)."""
    name = path.rsplit("/", 1)[-1]
    call, _, ext = name.rpartition(".")
    if ext in ("json", "xml") and "/" not in path.removeprefix("/apiv2/"):
        return call, "json" if ext == "json" else "xml"
    return name, None


def _xml(node: XmlNode, depth: int = 0) -> str:
    tag, content = node
    pad = "  " * depth
    if isinstance(content, str):
        return f"{pad}<{tag}>{escape(_XML_ILLEGAL.sub('?', content))}</{tag}>"
    if not content:
        return f"{pad}<{tag}/>"
    inner = "\n".join(_xml(child, depth + 1) for child in content)
    return f"{pad}<{tag}>\n{inner}\n{pad}</{tag}>"


def xml_response(node: XmlNode, status: int = 200) -> Response:
    """Render an ISO-8859-1 XML document with the documented prolog."""
    text = f"{XML_PROLOG}\n\n{_xml(node)}\n"
    return Response(
        text.encode("iso-8859-1", "xmlcharrefreplace"),
        status=status,
        content_type="text/xml; charset=ISO-8859-1",
    )


def respond(body: Any, node: XmlNode, fmt: Format | None, status: int = 200) -> Response:
    """Render the JSON body or its XML twin, as the call's extension asks."""
    if fmt == "xml":
        return xml_response(node, status)
    return json_response(body, status)


# --- results -----------------------------------------------------------------------------


class V2Result:
    """What a v2 call answers, before it is rendered in JSON or XML."""

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        raise NotImplementedError


@dataclass
class Success(V2Result):
    """``{"message": "success"}``."""

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        return respond({"message": "success"}, ("result", [("message", "success")]), fmt)


@dataclass
class IpStrings(V2Result):
    """``reseller.ip`` lists: ``["ip", ...]``."""

    ips: list[str]

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        return respond(self.ips, ("ips", [("ip", ip) for ip in self.ips]), fmt)


@dataclass
class IpObjects(V2Result):
    """``customer.ip`` lists: ``[{"ip": ...}, ...]``."""

    ips: list[str]

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        return respond(
            [{"ip": ip} for ip in self.ips], ("ips", [("ip", ip) for ip in self.ips]), fmt
        )


@dataclass
class Usage(V2Result):
    """``reseller.ip task=usage``: ``[{"ip": ..., "user": ...}, ...]``."""

    pairs: list[tuple[str, str]]

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        body = [{"ip": ip, "user": user} for ip, user in self.pairs]
        node: XmlNode = ("ips", [("ip", [("ip", ip), ("user", user)]) for ip, user in self.pairs])
        return respond(body, node, fmt)


@dataclass
class Users(V2Result):
    """``reseller.manage method=profile task=get``: a list of profiles (all strings)."""

    users: list[dict[str, str]]

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        node: XmlNode = ("users", [("user", list(u.items())) for u in self.users])
        return respond(self.users, node, fmt)


@dataclass
class SendIps(V2Result):
    """``customer.sendip task=list``."""

    ips: list[str]

    def render(self, fmt: Format) -> Response:
        """Render the HTTP response."""
        body = {
            "success": "success",
            "outboundcluster": OUTBOUND_CLUSTER,
            "ips": [{"ip": ip} for ip in self.ips],
        }
        node: XmlNode = (
            "sendips",
            [("ocluster", OUTBOUND_CLUSTER), ("ips", [("ip", ip) for ip in self.ips])],
        )
        return respond(body, node, fmt)


# --- error bodies (used by the one error renderer, rendering.py) -----------------------------


def error_list(messages: list[str], fmt: Format | None, status: int) -> Response:
    """``{"message": "error", "errors": [...]}``."""
    node: XmlNode = ("result", [("message", "error"), ("errors", [("error", m) for m in messages])])
    return respond({"message": "error", "errors": messages}, node, fmt, status)


def plain_message(message: str, fmt: Format | None, status: int) -> Response:
    """``{"message": "User not found"}``."""
    return respond({"message": message}, ("result", [("message", message)]), fmt, status)


def coded_error(message: str, fmt: Format | None, status: int) -> Response:
    """``{"error": {"code": 400, "message": "User does not exist"}}``."""
    return respond(
        {"error": {"code": status, "message": message}},
        ("result", [("message", message)]),
        fmt,
        status,
    )
