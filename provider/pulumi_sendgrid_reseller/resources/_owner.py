"""How a rename of a subuser is told from a move of what belongs to it to another subuser.

SendGrid attaches keys and credits to the account, not to its username: after
``PUT /v3/user/username`` they are still there, and a replaced subuser (a new region) is a
new account without them. A resource that names its subuser by username therefore also
records which account that is:

- ``subuser_id``, the subuser's user id: a new username with the same id is a rename;
- ``subuser_ref``, the Pulumi URN and region of the :class:`~pulumi_sendgrid_reseller.Subuser`
  resource. The engine does not know a subuser's user id in a preview while the subuser
  itself is being updated; the same resource in the same region is then the same account
  (only a region change replaces a subuser), anything else is another account.

Both are filled in when the program passes the ``Subuser`` itself as ``subuser``. A new
username that nothing vouches for is a move, which replaces the resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from ._base import Prop, is_unknown

__all__ = ["SubuserId", "SubuserRef", "moved_fields"]

SubuserId = Annotated[int | None, Field(ge=0, strict=False), Prop(local=True)]
"""The user id of the subuser a resource belongs to (tells a rename from a move)."""
SubuserRef = Annotated[str | None, Prop(local=True)]
"""The URN and region of the ``Subuser`` resource a resource belongs to."""


def _same_id(old: Any, new: Any) -> bool:
    try:
        return old is not None and new is not None and float(old) == float(new)
    except (TypeError, ValueError):
        return False


def moved_fields(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The fields whose change moves the resource to another account (it is replaced).

    ``[]`` when the account stays, under the same or a new username.
    """
    old_name, new_name = olds.get("subuser"), news.get("subuser")
    old_id, new_id = olds.get("subuser_id"), news.get("subuser_id")
    old_ref, new_ref = olds.get("subuser_ref"), news.get("subuser_ref")
    if is_unknown(new_id):
        # The subuser is being changed in this run: same resource, same region = same account.
        if old_ref is not None and not is_unknown(new_ref) and old_ref == new_ref:
            return []
        return ["subuser_id"] if old_id is not None else ["subuser"]
    if old_id is not None and new_id is not None:
        return [] if _same_id(old_id, new_id) else ["subuser_id"]
    if is_unknown(new_name) or old_name == new_name:
        return []
    return ["subuser"]
