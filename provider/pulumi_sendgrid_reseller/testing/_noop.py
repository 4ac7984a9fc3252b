"""A dynamic resource that makes no API call.

It exercises the engine path (check, diff, create, read, update, delete) with nothing
behind it: the engine lifecycle tests start from it, and the benchmarks use it to measure
the engine's own floor for dynamic resources.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi import dynamic

_PROVIDER_KEY = "__provider"


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != _PROVIDER_KEY}


class NoopProvider(dynamic.ResourceProvider):
    """Keeps its inputs as outputs; talks to nothing."""

    def create(self, props: dict[str, Any]) -> dynamic.CreateResult:
        """Return the inputs as outputs under a new random id."""
        return dynamic.CreateResult(id_=uuid.uuid4().hex, outs=_inputs(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> dynamic.DiffResult:
        """Report the keys whose values differ; nothing forces a replacement."""
        old, new = _inputs(olds), _inputs(news)
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        return dynamic.DiffResult(
            changes=bool(changed), replaces=[], stables=[], delete_before_replace=False
        )

    def read(self, id_: str, props: dict[str, Any]) -> dynamic.ReadResult:
        """Return the recorded state unchanged."""
        outs = _inputs(props)
        return dynamic.ReadResult(id_=id_, outs=outs, inputs=outs)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> dynamic.UpdateResult:
        """Take the new inputs as outputs."""
        return dynamic.UpdateResult(outs=_inputs(news))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete."""


class Noop(dynamic.Resource):
    """A dynamic resource with no remote object: ``value`` in, ``value`` out."""

    value: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        value: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(NoopProvider(), resource_name, {"value": value}, opts)
