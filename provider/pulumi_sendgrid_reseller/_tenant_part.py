"""The base of the parts of ``TenantArgs`` that plain data (stack configuration, JSON) builds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from .resources._resource import known_fields

__all__ = ["TenantPart"]


class TenantPart:
    """A part of ``TenantArgs`` (a dataclass): its fields are the keys of its plain data."""

    where: ClassVar[str]
    """The part's key in ``TenantArgs``, which its errors start with."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str | None = None) -> Self:
        """Build it from plain data (stack config, JSON); refuses unknown keys.

        Raises:
            ValueError: an unknown key, or a missing required one; the message starts with
                ``where`` (default: the part's key).
        """
        return cls(**known_fields(cls, data, cls.where if where is None else where))
