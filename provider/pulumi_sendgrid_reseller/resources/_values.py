"""Values as the engine hands them over: unknowns (preview) and the provider entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime import rpc

PROVIDER_KEY = "__provider"
UNKNOWN = rpc.UNKNOWN


def is_unknown(value: Any) -> bool:
    """True when the value, or anything inside it, is not known yet (preview)."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return value == UNKNOWN
    if isinstance(value, Mapping):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(is_unknown(v) for v in value)
    return False


def wire_unknowns(value: Any) -> Any:
    """The value with every unknown in the form the engine reads back as unknown."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: wire_unknowns(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [wire_unknowns(v) for v in value]
    return value


def strip_provider(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties without the engine's ``__provider`` entry."""
    return {k: v for k, v in props.items() if k != PROVIDER_KEY}
