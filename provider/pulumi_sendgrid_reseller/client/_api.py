"""What every API group of the client shares: model bases, item paths and paging.

An API group (``client.domains``, ``client.teammates``, ...) is an :class:`ApiGroup`: its
calls go through the one shared :class:`~._transport.Transport`, and the path of one item
is the collection's path, then the item's key escaped as one path segment.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, create_model

from ._fields import create_body, reported_fields
from ._transport import NO_ANSWER, Answer, Transport
from ._util import path_segment

__all__ = [
    "ApiGroup",
    "RequestModel",
    "ResponseModel",
    "TableRequest",
    "alias_field",
    "fields_model",
    "offset_pages",
    "query_params",
    "reported_model",
]

T = TypeVar("T")


class RequestModel(BaseModel):
    """Base of request models: unknown fields refused, inputs never echoed in errors."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class TableRequest(RequestModel):
    """Base of a request made of a field table (``class XCreate(XFields, TableRequest)``)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON body: the fields the call takes (see :func:`._fields.create_body`)."""
        return create_body(self)


class ResponseModel(BaseModel):
    """Base of response models: unknown fields kept, never fatal."""

    model_config = ConfigDict(extra="allow")


def fields_model(
    model: type[BaseModel], fields: Sequence[str] | None = None, *, optional: bool = False
) -> type[RequestModel]:
    """A request model of ``model``'s fields (every one, or those named), typed as there.

    Each keeps its type, rules and default; ``optional`` makes each one optional instead
    (``None``: not sent), for a change that sends only what it sets.
    """
    spec: dict[str, Any] = {}
    for name in model.model_fields if fields is None else fields:
        info = model.model_fields[name]
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        if optional:
            spec[name] = (annotation | None, None)
        else:
            spec[name] = (annotation, ... if info.is_required() else info.default)
    suffix = "Partial" if optional else "Request"
    return create_model(f"_{model.__name__}{suffix}", __base__=RequestModel, **spec)


def _plain_kind(annotation: Any) -> type[bool | int | str]:
    """``bool``, ``int`` or ``str``: what a field holds, without its rules nor ``None``."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        if len(kinds) == 1:
            return _plain_kind(kinds[0])
    if annotation is bool or annotation is int:
        return annotation
    return str


def reported_model(
    table: type[BaseModel], *, required: Sequence[str] = (), doc: str | None = None
) -> type[ResponseModel]:
    """A response model of what SendGrid reports of ``table`` (its ``reported`` fields).

    Each field is lenient: text, ``bool`` or ``int`` as the table's type is, without the
    table's rules, and optional (``None`` when the answer leaves it out) unless named in
    ``required``: a read must show drift, not fail on it.
    """
    spec: dict[str, Any] = {}
    for name in reported_fields(table):
        kind: Any = _plain_kind(table.model_fields[name].annotation)
        spec[name] = (kind, ...) if name in required else (kind | None, None)
    return create_model(f"_{table.__name__}Reported", __base__=ResponseModel, __doc__=doc, **spec)


class ApiGroup:
    """The calls of one collection (:attr:`root`) through the shared transport."""

    #: The collection's path, such as ``/v3/teammates``.
    root: ClassVar[str]

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def _key(self, key: str | int) -> str:
        """An item's key as its path shows it (a group may check or normalise it first)."""
        return str(key)

    def _path(self, key: str | int, suffix: str = "") -> str:
        """The path of the item named ``key``, then ``suffix``."""
        return f"{self.root}/{path_segment(self._key(key))}{suffix}"

    def _get(self, path: str, response: Answer[T], **params: str | int | bool | None) -> T:
        """One documented read: ``GET path`` with the parameters given, as ``response``."""
        return self._t.request(
            "GET", path, params=query_params(**params) or None, idempotent=True, response=response
        )

    def _set(
        self,
        method: Literal["PUT", "PATCH"],
        path: str,
        body: Any,
        response: Answer[T],
        *,
        secrets: Iterable[str] = (),
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """One documented change: ``method path`` with the JSON ``body``, as ``response``.

        Idempotent: it sets a state, so a repeat after an unknown outcome changes nothing.
        """
        return self._t.request(
            method,
            path,
            json=body,
            idempotent=True,
            response=response,
            secrets=secrets,
            headers=headers,
        )

    def _delete(self, path: str, **params: str | int | bool | None) -> None:
        """One documented delete: ``DELETE path`` with the parameters given (idempotent)."""
        self._t.request(
            "DELETE",
            path,
            params=query_params(**params) or None,
            idempotent=True,
            response=NO_ANSWER,
        )


def offset_pages(fetch: Callable[[int], Sequence[T]], page_size: int) -> Iterator[T]:
    """Every item of a list paged by offset: ``fetch(offset)`` until a page comes back short."""
    offset = 0
    while True:
        page = fetch(offset)
        yield from page
        if len(page) < page_size:
            return
        offset += len(page)


def alias_field(data: Any, name: str, alias: str) -> Any:
    """``data`` with ``alias`` read as ``name`` when only ``alias`` is given.

    For the fields a document spells two ways (its schema one, its example the other).
    """
    if isinstance(data, dict) and name not in data and alias in data:
        return {**data, name: data[alias]}
    return data


def query_params(**values: str | int | bool | None) -> dict[str, str]:
    """The query parameters given (``None`` left out, booleans as ``true`` or ``false``)."""
    return {
        name: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for name, value in values.items()
        if value is not None
    }
