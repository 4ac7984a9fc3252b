"""Errors of the Account Provisioning API, each carrying its HTTP status and error id.

The document's error body is ``{"errors": [{"message", "field", "error_id"}]}``; the
package's urls module renders every :class:`PartnersError` in that shape, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One broken rule: its message, the field it concerns (``""`` when none), its id."""

    message: str
    field: str = ""
    error_id: str = "10-40000"

    def body(self) -> dict[str, str]:
        """The entry of the ``errors`` array."""
        return {"message": self.message, "field": self.field, "error_id": self.error_id}


class PartnersError(Exception):
    """Base class: an answer with :attr:`status` and the listed problems."""

    status: ClassVar[int] = 400

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class InvalidRequestError(PartnersError):
    """One or more fields break a documented rule (400)."""

    @classmethod
    def single(cls, field: str, message: str, error_id: str = "10-40000") -> InvalidRequestError:
        """The error of one broken rule."""
        return cls([Problem(message, field, error_id)])


class UnauthenticatedError(PartnersError):
    """Missing or wrong bearer key (401)."""

    status = 401

    def __init__(self) -> None:
        super().__init__([Problem("Failed to authenticate user", "", "10-40100")])


class ForbiddenError(PartnersError):
    """The account's state forbids the call (403)."""

    status = 403

    def __init__(self, message: str) -> None:
        super().__init__([Problem(message, "", "10-40300")])


class AccountNotFoundError(PartnersError):
    """No account has that id (404)."""

    status = 404

    def __init__(self, account_id: str) -> None:
        super().__init__([Problem(f"account {account_id} not found", "accountID", "10-40400")])
        self.account_id = account_id
