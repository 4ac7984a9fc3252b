"""``EventWebhook``: an event webhook (``/v3/user/webhooks/event/settings``) of an owner.

An account has several webhooks, each named by the id SendGrid gives it, none two at the
same URL. Every field changes in place (``PATCH .../settings/{id}``); signing has a call of
its own (``PATCH .../settings/signed/{id}``), whose answer is the public key that verifies
the signed events (the ``public_key`` output, ``""`` while unsigned).

A webhook has no natural key, so a create whose answer was lost, or whose run was killed,
is the hard case. It is recognised by its owner, URL and friendly name: the create is sent
once, and an unknown outcome is settled by reading the owner's webhooks before anything is
sent again; a run after an interrupted one takes over the webhook that run made (noted
before the create, see :mod:`._journal`) when it matches the declaration.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AlreadyExistsError,
    EventWebhook,
    EventWebhookRequest,
    EventWebhooksAPI,
    SendGridClient,
)
from ..client._fields import EventWebhookFields, reported_fields
from ._base import NotOwnedError, Op, Prop, completing
from ._owner import OwnedProvider, OwnerInputs, OwnerOutputs, acting_client
from ._schema import Calls, ResourceSchema


class EventWebhookInputs(OwnerInputs, EventWebhookFields):
    """The validated inputs of an :class:`EventWebhook`: the webhook table and its owner."""

    @property
    def owner_label(self) -> str:
        """The owner, as messages name it."""
        if self.account is not None:
            return f"account {self.account!r}"
        return f"subuser {self.subuser!r}" if self.subuser is not None else "the parent account"

    @property
    def create_key(self) -> str:
        """What identifies the webhook a create makes: owner, URL and friendly name.

        A digest, so that a URL carrying a token is never written down.
        """
        key = f"{self.subuser}\n{self.account}\n{self.url}\n{self.friendly_name or ''}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


#: The fields ``PATCH .../settings/{id}`` sets (all but ``signed``).
_PATCHED = frozenset(reported_fields(EventWebhookFields)) - {"signed"} | {"oauth_client_secret"}


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def _mismatch(remote: EventWebhook, args: EventWebhookInputs) -> str:
    if (remote.friendly_name or None) != args.friendly_name:
        return f"friendly_name is {remote.friendly_name!r}, not {args.friendly_name!r}"
    return ""


def _find(hooks: EventWebhooksAPI, args: EventWebhookInputs) -> EventWebhook | None:
    """The owner's webhook at the declared URL, if there is one (URLs are unique)."""
    return next((w for w in hooks.list() if w.url and _same_url(w.url, args.url)), None)


class EventWebhookOutputs(OwnerOutputs):
    """Outputs only SendGrid knows: the webhook's id and public key, the owner's region."""

    webhook_id: Annotated[str, Field(description="SendGrid's id of the webhook.")]
    public_key: Annotated[
        str,
        Prop(follows=("signed",)),
        Field(
            description="The key that verifies the signed events, as SendGrid returns it "
            '(``""``: unsigned).'
        ),
    ]


class EventWebhookProvider(OwnedProvider):
    """POST to create, PATCH (and PATCH ``signed``) to update, GET to read, DELETE."""

    schema = ResourceSchema(
        EventWebhookInputs,
        EventWebhookOutputs,
        Calls(
            "POST /v3/user/webhooks/event/settings (on behalf of the owner); signing: "
            "PATCH .../settings/signed/{id}",
            "GET /v3/user/webhooks/event/settings/{id} and .../signed/{id}",
            "DELETE /v3/user/webhooks/event/settings/{id}",
        ),
        doc="""An event webhook of a subuser, an account or the parent; its id is SendGrid's.

        Every argument but the owner changes in place: ``signed`` through
        ``PATCH .../settings/signed/{id}``, the others through ``PATCH .../settings/{id}``.
        """,
        natural_key="create_key",
    )

    def _create_as(
        self, client: SendGridClient, op: Op[EventWebhookInputs]
    ) -> tuple[str, dict[str, Any]]:
        args = op.args
        hooks = client.event_webhooks
        existing = _find(hooks, args) if (op.interrupted or args.adopt) else None
        if existing is not None:
            mismatch = "" if args.adopt else _mismatch(existing, args)
            if mismatch:
                raise NotOwnedError(
                    f"EventWebhook: {args.owner_label} has a webhook at this url (id "
                    f"{existing.id}) but {mismatch}, so it is not taken for the one an "
                    "interrupted run created. Set adopt=True to take it over, or declare "
                    "another url.",
                    interrupted_run=True,
                )
            hooks.update(existing.id, args.to_request(EventWebhookRequest))
            key = self._sign(hooks, existing.id, args.signed, existing.is_signed)
            return existing.id, {"webhook_id": existing.id, "public_key": key}

        made: list[EventWebhook] = []

        def find() -> EventWebhook | None:
            found = _find(hooks, args)
            return found if found is not None and not _mismatch(found, args) else None

        try:
            found = client.transport.create_once(
                lambda: made.append(hooks.create(args.to_request(EventWebhookRequest))), find
            )
        except AlreadyExistsError:
            raise NotOwnedError(
                f"EventWebhook: {args.owner_label} already has a webhook at this url, and no "
                "interrupted run on this machine created it (SendGrid allows one webhook per "
                "url). Set adopt=True to take it over and bring it to the declared state, or "
                "declare another url."
            ) from None
        webhook = found if found is not None else made[0]
        public_key = ""
        if args.signed:
            with completing(
                f"EventWebhook {webhook.id}",
                lambda: hooks.delete(webhook.id),
                "delete it, or run `pulumi up` again to take it over",
                undo=True,
            ):
                public_key = self._sign(hooks, webhook.id, True, webhook.is_signed)
        return webhook.id, {"webhook_id": webhook.id, "public_key": public_key}

    @staticmethod
    def _sign(hooks: EventWebhooksAPI, webhook_id: str, signed: bool, is_signed: bool) -> str:
        """Turn signing on or off as declared; the public key (``""`` when unsigned)."""
        if signed:
            if is_signed:
                return hooks.public_key(webhook_id).public_key
            return hooks.set_signed(webhook_id, True).public_key
        if is_signed:
            hooks.set_signed(webhook_id, False)
        return ""

    def _read_as(self, client: SendGridClient, op: Op[EventWebhookInputs]) -> dict[str, Any]:
        remote = client.event_webhooks.get(op.id)
        state = remote.reported()
        for name in ("friendly_name", "oauth_client_id", "oauth_token_url"):
            state[name] = state[name] or None  # SendGrid may show "" for "none"
        if state["url"] is None:
            state["url"] = op.args.url
        return {**state, "public_key": remote.public_key or ""}

    def _update(self, op: Op[EventWebhookInputs]) -> dict[str, Any]:
        args, changed = op.args, op.changed
        hooks = acting_client(op).event_webhooks
        if changed & _PATCHED:
            hooks.update(op.id, args.to_request(EventWebhookRequest))
        if "signed" in changed:
            was_signed = bool(op.outs.get("public_key"))
            return {"public_key": self._sign(hooks, op.id, args.signed, was_signed)}
        return {}

    def _delete_as(self, client: SendGridClient, op: Op[EventWebhookInputs]) -> None:
        client.event_webhooks.delete(op.id)


__all__ = ["EventWebhookInputs", "EventWebhookProvider"]
