"""What :class:`DomainAuthentication` and :class:`LinkBranding` share.

Both are objects of one account, reached with ``on-behalf-of``: a subuser's
(``subuser``), an account's (``account``), or the parent's (neither). A parent's object
can be lent to subusers (``associated_subusers``), which the provider keeps in sync.
Both hand out DNS records keyed by SendGrid's own names; the outputs keep
``{type, host, data, valid}`` of each, so that a DNS record built from them never
changes unless SendGrid's answer does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import model_validator

from ..client import DnsRecord, NotFoundError, SendGridClient
from ..client._fields import Username
from . import _owner as owner
from ._base import Prop
from ._owner import OwnerInputs

__all__ = [
    "MAX_ASSOCIATED_SUBUSERS",
    "OwnedInputs",
    "OwnedProvider",
    "records_output",
]

MAX_ASSOCIATED_SUBUSERS = 5
"""How many subusers one declaration lends a parent's domain or link to."""


class OwnedInputs(OwnerInputs):
    """Whose object it is (the owner model of :mod:`._owner`) and who borrows it."""

    associated_subusers: Annotated[list[Username] | None, Prop(unordered=True)] = None

    @model_validator(mode="after")
    def _lent_by_the_parent(self) -> OwnedInputs:
        lent = self.associated_subusers
        if lent and (self.subuser is not None or self.account is not None):
            raise ValueError(
                "associated_subusers: only the parent's own object can be associated with "
                "subusers; leave out subuser and account"
            )
        if lent is not None and len(lent) > MAX_ASSOCIATED_SUBUSERS:
            raise ValueError(
                f"associated_subusers: at most {MAX_ASSOCIATED_SUBUSERS} subusers (got {len(lent)})"
            )
        if lent is not None and len(set(lent)) != len(lent):
            raise ValueError("associated_subusers: must not name a subuser twice")
        return self

    def owner_label(self) -> str:
        """Whose object it is, for messages."""
        if self.subuser is not None:
            return f"subuser {self.subuser!r}"
        if self.account is not None:
            return f"account {self.account!r}"
        return "the parent"


def records_output(dns: Mapping[str, DnsRecord]) -> dict[str, dict[str, Any]]:
    """The ``dns_records`` output: ``{name: {type, host, data, valid}}``, in name order."""
    return {
        name: {"type": r.type, "host": r.host, "data": r.data, "valid": r.valid}
        for name, r in sorted(dns.items())
    }


class OwnedProvider(owner.OwnedProvider):
    """A provider of an owned object: owner moves replace, associations are kept in sync.

    Subclasses implement :meth:`_lend`, :meth:`_take_back` and :meth:`_lent_to`.
    """

    # --------------------------------------------------------------------- associations

    def _lend(self, client: SendGridClient, object_id: int, username: str) -> None:
        """Associate the parent's object with ``username``."""
        raise NotImplementedError

    def _take_back(self, client: SendGridClient, object_id: int, username: str) -> None:
        """Undo the association (:class:`NotFoundError`: there was none)."""
        raise NotImplementedError

    def _lent_to(self, client: SendGridClient, object_id: int, username: str) -> bool:
        """Whether the parent's object is associated with ``username``."""
        raise NotImplementedError

    def _sync_associations(
        self, client: SendGridClient, object_id: int, old: Iterable[str], new: Iterable[str]
    ) -> None:
        """Lend to the subusers of ``new`` not in ``old``; take back from the others.

        Both calls are idempotent, so a run that stopped half-way is finished by the next.
        """
        before, after = set(old), set(new)
        for username in sorted(before - after):
            with contextlib.suppress(NotFoundError):
                self._take_back(client, object_id, username)
        for username in sorted(after - before):
            self._lend(client, object_id, username)

    def _associations(
        self, client: SendGridClient, object_id: int, declared: list[str] | None
    ) -> dict[str, Any]:
        """The declared subusers the object is lent to (a read: one call per subuser)."""
        if not declared:
            return {}
        return {"associated_subusers": [u for u in declared if self._lent_to(client, object_id, u)]}
