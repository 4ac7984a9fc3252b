"""``/v3/teammates``: invitations (pending until accepted) and teammates, per account.

An invitation (``POST /v3/teammates``) stays pending, with its token, until the invitee
accepts it; the emulator's control API accepts one as the invitee would
(``POST /_emulator/teammates/accept``), which makes the teammate with the username the
invitee chose. Both belong to the account the call acts for (``on-behalf-of``).

Scopes are the documented permission names (:mod:`sendgrid_emulator.scopes`). As the
document says, SendGrid gives a teammate a minimum set of scopes by itself: an active
teammate reports its granted scopes plus :data:`AUTOMATIC_SCOPES`, sorted; an admin
reports every scope. The account itself is listed first, as ``user_type`` ``owner``.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import (
    FieldValidationError,
    InvitationNotFoundError,
    PendingTeammateNotFoundError,
    TeammateNotFoundError,
    UsernameExistsError,
)
from .models import FIELD_LIMITS, SUBUSER, Actor, Rules
from .owned import OwnedCollection, OwnedTable, of_row, owner_name
from .scopes import scopes as known_scopes
from .user import UserCalls

#: The scopes SendGrid adds to every teammate that is not an admin.
AUTOMATIC_SCOPES = ("2fa_required", "sender_verification_eligible")
#: An invitation expires this long after it was sent (or sent again).
INVITATION_SECONDS = 7 * 24 * 3600
EMAIL_MIN, EMAIL_MAX = 5, 255
#: The teammate fields copied from the account profile (empty for invited teammates).
PROFILE_FIELDS = ("phone", "website", "address", "address2", "city", "state", "zip", "country")
LIST_LIMIT_MAX = 500
ACCESS_LIMIT_DEFAULT = 100
INVALID_SCOPES = "one or more of given scopes are invalid"
#: The invite's answer, each an attribute of :class:`Invitation`.
INVITATION_FIELDS = ("email", "scopes", "is_admin", "token")
#: What a teammate's entry shows first, each an attribute of :class:`Teammate`.
LISTED_FIELDS = ("username", "email", "first_name", "last_name", "user_type", "is_admin")

_INVITES = OwnedTable("teammate_invites", "i", "token", lambda _: PendingTeammateNotFoundError())
_INVITES.declare(
    """
    token TEXT PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE,
    scopes TEXT NOT NULL,
    is_admin INTEGER NOT NULL,
    expiration_date INTEGER NOT NULL,
    seq INTEGER NOT NULL
"""
)
_MEMBERS = OwnedTable("teammates", "t", "username", lambda _: TeammateNotFoundError())
_MEMBERS.declare(
    """
    username TEXT PRIMARY KEY COLLATE NOCASE,
    email TEXT NOT NULL COLLATE NOCASE,
    scopes TEXT NOT NULL,
    is_admin INTEGER NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
"""
)


@dataclass
class Invitation:
    """A pending invitation."""

    token: str
    email: str
    scopes: list[str]
    is_admin: bool
    expiration_date: int
    owner: str | None

    def body(self, expiration: bool = False) -> dict[str, Any]:
        """The invite's answer (``token``, ``email``, ``scopes``, ``is_admin``).

        The pending list adds ``expiration_date``.
        """
        out: dict[str, Any] = {name: getattr(self, name) for name in INVITATION_FIELDS}
        out["scopes"] = list(self.scopes)
        if expiration:
            out["expiration_date"] = self.expiration_date
        return out

    def state(self) -> dict[str, Any]:
        """The control API's view."""
        return {**self.body(expiration=True), "owner": self.owner}

    @classmethod
    def of(cls, row: sqlite3.Row) -> Invitation:
        """The invitation a ``teammate_invites`` row (joined with its owner) holds."""
        return cls(
            token=str(row["token"]),
            email=str(row["email"]),
            scopes=list(json.loads(str(row["scopes"]))),
            is_admin=bool(row["is_admin"]),
            expiration_date=int(row["expiration_date"]),
            owner=owner_name(row),
        )


@dataclass
class Teammate:
    """A teammate (or the account's owner, ``user_type`` ``owner``)."""

    username: str
    email: str
    is_admin: bool
    granted: list[str]
    user_type: str
    owner: str | None
    first_name: str = ""
    last_name: str = ""
    profile: dict[str, str] = field(default_factory=dict)

    @property
    def scopes(self) -> list[str]:
        """What SendGrid reports: every scope for an admin, else granted + automatic."""
        if self.is_admin:
            return sorted(known_scopes())
        return sorted({*self.granted, *AUTOMATIC_SCOPES})

    def body(self, with_scopes: bool) -> dict[str, Any]:
        """The list's entry, or (``with_scopes``) the single teammate's answer."""
        out: dict[str, Any] = {name: getattr(self, name) for name in LISTED_FIELDS}
        if with_scopes:
            out["scopes"] = self.scopes
        out.update({name: self.profile.get(name, "") for name in PROFILE_FIELDS})
        return out

    def state(self) -> dict[str, Any]:
        """The control API's view: what was granted, and what is reported."""
        return {**self.body(with_scopes=True), "granted": list(self.granted), "owner": self.owner}

    @classmethod
    def of(cls, row: sqlite3.Row) -> Teammate:
        """The teammate a ``teammates`` row (joined with its owner) holds."""
        is_admin = bool(row["is_admin"])
        return cls(
            username=str(row["username"]),
            email=str(row["email"]),
            is_admin=is_admin,
            granted=list(json.loads(str(row["scopes"]))),
            user_type="admin" if is_admin else "teammate",
            owner=owner_name(row),
            first_name=str(row["first_name"]),
            last_name=str(row["last_name"]),
        )


def _check_grant(rules: Rules, body: Mapping[str, Any]) -> tuple[list[str], bool]:
    """``scopes`` (required, known, empty for an admin) and ``is_admin`` (required)."""
    is_admin = body.get("is_admin")
    if "is_admin" not in body:
        rules.add("is_admin", "is_admin is required")
    elif not isinstance(is_admin, bool):
        rules.add("is_admin", "is_admin must be a boolean")
    raw = body.get("scopes")
    wanted: list[str] = []
    if "scopes" not in body:
        rules.add("scopes", "scopes is required")
    elif not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        rules.add("scopes", "scopes must be an array of strings")
    else:
        if any(s not in known_scopes() for s in raw):
            rules.add("scopes", INVALID_SCOPES)
        wanted = list(dict.fromkeys(raw))
        if is_admin is True and wanted:
            rules.add("scopes", "scopes must be empty when is_admin is true")
    return wanted, is_admin is True


class TeammateCalls(UserCalls):
    """Invite, list, read, update and delete teammates; the control API's accept.

    ``pending_teammates`` answers ``GET /v3/teammates/pending`` (oldest first) and
    ``DELETE /v3/teammates/pending/{token}``. The teammates calls show the account's owner
    too, so their list and read are calls of their own, on ``_members``.
    """

    pending_teammates = OwnedCollection(_INVITES, of_row(Invitation.of))
    _members = OwnedCollection(_MEMBERS, of_row(Teammate.of))

    def _owner_entry(self, conn: sqlite3.Connection, actor: Actor) -> Teammate:
        """The acting account itself, as the teammates calls show it."""
        row = self._acting(conn, actor)
        if row is None:
            email = str(conn.execute("SELECT email FROM parent").fetchone()["email"])
            return Teammate(self.parent_username, email, True, [], "owner", None)
        return Teammate(
            username=str(row["username"]),
            email=str(row["email"]),
            is_admin=True,
            granted=[],
            user_type="owner",
            owner=str(row["username"]),
            first_name=str(row["first_name"]),
            last_name=str(row["last_name"]),
            profile={name: str(row[name]) for name in PROFILE_FIELDS},
        )

    def _refuse_owner(self, conn: sqlite3.Connection, actor: Actor, username: str) -> None:
        if self._owner_entry(conn, actor).username.casefold() == username.casefold():
            raise FieldValidationError.single(
                "username", "the account owner's permissions cannot be changed"
            )

    # --- invitations -----------------------------------------------------------------

    def invite_teammate(self, actor: Actor, body: Mapping[str, Any]) -> Invitation:
        """``POST /v3/teammates``: a pending invitation with its token."""
        rules = Rules()
        email = body.get("email")
        if email is not None and not isinstance(email, str):
            rules.add("email", "email must be a string")
        elif isinstance(email, str) and len(email) < EMAIL_MIN:
            rules.add("email", f"email must be at least {EMAIL_MIN} characters")
        else:
            rules.email("email", email, EMAIL_MAX)
        wanted, is_admin = _check_grant(rules, body)
        rules.raise_if_any()
        assert isinstance(email, str)
        token = secrets.token_hex(16)
        with self.store.transaction(write=True) as conn:
            user_id = self.acting_user_id(conn, actor)
            if conn.execute(
                "SELECT 1 FROM teammate_invites WHERE user_id IS ? AND email = ?",
                (user_id, email),
            ).fetchone():
                raise FieldValidationError.single(
                    "email", "an invitation to this email is already pending"
                )
            if conn.execute(
                "SELECT 1 FROM teammates WHERE user_id IS ? AND email = ?", (user_id, email)
            ).fetchone():
                raise FieldValidationError.single("email", "this email is already a teammate")
            _INVITES.insert(
                conn,
                {
                    "token": token,
                    "user_id": user_id,
                    "email": email,
                    "scopes": json.dumps(wanted),
                    "is_admin": int(is_admin),
                    "expiration_date": int(time.time()) + INVITATION_SECONDS,
                    "seq": _INVITES.next_seq(conn),
                },
            )
            return self.pending_teammates.one(conn, actor, token)

    def resend_teammate_invite(self, actor: Actor, token: str) -> Invitation:
        """``POST /v3/teammates/pending/{token}/resend``: the expiration starts again."""
        with self.store.transaction(write=True) as conn:
            self.pending_teammates.row(conn, actor, token)
            conn.execute(
                "UPDATE teammate_invites SET expiration_date = ? WHERE token = ?",
                (int(time.time()) + INVITATION_SECONDS, token),
            )
            return self.pending_teammates.one(conn, actor, token)

    def accept_invitation(
        self,
        actor: Actor,
        email: str,
        username: str,
        first_name: str = "",
        last_name: str = "",
    ) -> Teammate:
        """The invitee accepts: the teammate exists, with the invitation's permissions."""
        rules = Rules()
        rules.username("username", username, FIELD_LIMITS["username"])
        rules.text("first_name", first_name, FIELD_LIMITS["first_name"])
        rules.text("last_name", last_name, FIELD_LIMITS["last_name"])
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            user_id = self.acting_user_id(conn, actor)
            invite = conn.execute(
                "SELECT * FROM teammate_invites WHERE user_id IS ? AND email = ?",
                (user_id, email),
            ).fetchone()
            if invite is None:
                raise InvitationNotFoundError(email)
            taken = conn.execute(
                "SELECT 1 FROM teammates WHERE username = ? UNION ALL "
                "SELECT 1 FROM accounts WHERE username = ?",
                (username, username),
            ).fetchone()
            if taken or username.casefold() == self.parent_username.casefold():
                raise UsernameExistsError(username)
            _MEMBERS.insert(
                conn,
                {
                    "username": username,
                    "user_id": user_id,
                    "email": invite["email"],
                    "scopes": invite["scopes"],
                    "is_admin": invite["is_admin"],
                    "first_name": first_name,
                    "last_name": last_name,
                    "seq": _MEMBERS.next_seq(conn),
                },
            )
            conn.execute("DELETE FROM teammate_invites WHERE token = ?", (invite["token"],))
            return self._members.one(conn, actor, username)

    # --- teammates -------------------------------------------------------------------

    def list_teammates(self, actor: Actor, limit: int, offset: int) -> list[Teammate]:
        """``GET /v3/teammates?limit=&offset=``: the owner, then teammates, oldest first."""
        with self.store.transaction(write=False) as conn:
            everyone = [self._owner_entry(conn, actor), *self._members.all(conn, actor)]
        return everyone[offset : offset + limit]

    def get_teammate(self, actor: Actor, username: str) -> Teammate:
        """``GET /v3/teammates/{username}`` (the owner too)."""
        with self.store.transaction(write=False) as conn:
            owner = self._owner_entry(conn, actor)
            if owner.username.casefold() == username.casefold():
                return owner
            return self._members.one(conn, actor, username)

    def update_teammate(self, actor: Actor, username: str, body: Mapping[str, Any]) -> Teammate:
        """``PATCH /v3/teammates/{username}`` ``{"scopes", "is_admin"}``: both replace."""
        rules = Rules()
        wanted, is_admin = _check_grant(rules, body)
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            self._refuse_owner(conn, actor, username)
            row = self._members.row(conn, actor, username)
            conn.execute(
                "UPDATE teammates SET scopes = ?, is_admin = ? WHERE username = ?",
                (json.dumps(wanted), int(is_admin), row["username"]),
            )
            return self._members.one(conn, actor, username)

    def delete_teammate(self, actor: Actor, username: str) -> None:
        """``DELETE /v3/teammates/{username}``."""
        with self.store.transaction(write=True) as conn:
            self._refuse_owner(conn, actor, username)
            self._members.remove(conn, actor, username)

    def teammate_subuser_access(
        self,
        actor: Actor,
        username: str,
        after_subuser_id: int,
        limit: int,
        name: str | None,
    ) -> dict[str, Any]:
        """``GET /v3/teammates/{teammate_name}/subuser_access``.

        No call grants a teammate access to single subusers, so an admin teammate of the
        parent reaches every subuser (``permission_type`` ``admin``) and any other
        teammate none; a subuser's or an account's teammates have no subusers.
        """
        with self.store.transaction(write=False) as conn:
            teammate = self._members.one(conn, actor, username)
            rows: list[sqlite3.Row] = []
            if teammate.is_admin and actor.is_parent:
                rows = conn.execute(
                    "SELECT * FROM accounts WHERE kind = ? AND user_id > ? "
                    "AND (? IS NULL OR username = ?) ORDER BY user_id LIMIT ?",
                    (SUBUSER, after_subuser_id, name, name, limit + 1),
                ).fetchall()
        page = rows[:limit]
        next_params: dict[str, Any] = {"limit": limit}
        if len(rows) > limit:
            next_params["after_subuser_id"] = int(page[-1]["user_id"])
        if name is not None:
            next_params["username"] = name
        return {
            "has_restricted_subuser_access": False,
            "subuser_access": [
                {
                    "id": int(r["user_id"]),
                    "username": str(r["username"]),
                    "email": str(r["email"]),
                    "disabled": not bool(r["active"]),
                    "permission_type": "admin",
                    "scopes": [],
                }
                for r in page
            ],
            "_metadata": {"next_params": next_params},
        }


_INVITES.dumped_as("teammate_invitations", lambda row: Invitation.of(row).state())


_MEMBERS.dumped_as("teammates", lambda row: Teammate.of(row).state())
