"""How a rename of a subuser is told from a move of what belongs to it to another subuser.

SendGrid attaches keys and credits to the account, not to its username: after
``PUT /v3/user/username`` they are still there. A resource that names its subuser by
username therefore also takes the subuser's user id (``subuser_id``, filled in when the
program passes the :class:`~pulumi_sendgrid_reseller.Subuser` itself): a new username with
the same known id is a rename, recorded in place; a new id, or a new username without ids
on both sides to vouch for it, is a move, which replaces the resource.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

import pulumi
from pydantic import Field

from ._base import Prop, is_unknown
from .subuser import Subuser

__all__ = ["SubuserId", "moved_fields", "unpack_subuser"]

SubuserId = Annotated[int | None, Field(ge=0, strict=False), Prop(local=True)]
"""The user id of the subuser a resource belongs to (tells a rename from a move)."""

A = TypeVar("A")


def unpack_subuser(args: A) -> A:
    """``args`` with a :class:`Subuser` given as ``subuser`` made its username and user id.

    An explicit ``subuser_id`` wins.
    """
    sub = getattr(args, "subuser", None)
    if not isinstance(sub, Subuser):
        return args
    given: pulumi.Input[int] | None = getattr(args, "subuser_id", None)
    return dataclasses.replace(  # type: ignore[type-var]
        args, subuser=sub.username, subuser_id=given if given is not None else sub.user_id
    )


def _same_id(old: Any, new: Any) -> bool:
    try:
        return old is not None and new is not None and float(old) == float(new)
    except (TypeError, ValueError):
        return False


def moved_fields(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The fields whose change moves the resource to another subuser (it is replaced).

    ``[]`` when the subuser stays, or is the same account under a new username.
    """
    old_name, new_name = olds.get("subuser"), news.get("subuser")
    old_id, new_id = olds.get("subuser_id"), news.get("subuser_id")
    if is_unknown(new_id) and old_id is not None:
        return ["subuser_id"]  # the subuser is being replaced: a new account
    if old_id is not None and new_id is not None and not _same_id(old_id, new_id):
        return ["subuser_id"]
    if is_unknown(new_name) or old_name == new_name:
        return []
    return [] if _same_id(old_id, new_id) else ["subuser"]
