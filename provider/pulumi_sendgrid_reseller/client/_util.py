"""Small helpers shared by the API groups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar
from urllib.parse import quote

__all__ = ["path_segment", "pick_username"]


class _HasUsername(Protocol):
    @property
    def username(self) -> str: ...


U = TypeVar("U", bound=_HasUsername)


def pick_username(items: Iterable[U], username: str) -> U | None:
    """Return the item whose username is exactly ``username``.

    SendGrid's username filters are substring searches, so a lookup filters the answer.
    Failing an exact match, a unique case-insensitive match is accepted (SendGrid treats
    usernames case-insensitively).
    """
    folded: list[U] = []
    wanted = username.casefold()
    for item in items:
        if item.username == username:
            return item
        if item.username.casefold() == wanted:
            folded.append(item)
    return folded[0] if len(folded) == 1 else None


def path_segment(value: str) -> str:
    """``value`` escaped for use as one URL path segment."""
    return quote(value, safe="@")
