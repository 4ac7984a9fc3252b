"""The API key permissions (scopes) SendGrid documents: the one list the provider checks.

From SendGrid's "API Key Permissions" page (the admin key's complete list), with the
feature groups its newer sections add (suppression groups and global suppressions,
teammates, email validation, marketing, design library, SSO) and the three flags SendGrid
itself attaches to keys (``2fa_required``, ``sender_verification_eligible``,
``sender_verification_legacy``: they appear in what ``GET /v3/api_keys/{id}`` reports).
Most permissions come as a feature's ``create`` / ``read`` / ``update`` / ``delete``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["AUTOMATIC_SCOPES", "SCOPES", "unknown_scopes"]

_CRUD = ("create", "read", "update", "delete")

#: Features whose permissions are ``<feature>.create|read|update|delete``.
_CRUD_FEATURES = (
    "access_settings.whitelist",
    "alerts",
    "api_keys",
    "asm.groups",
    "asm.groups.suppressions",
    "asm.suppressions.global",
    "billing",
    "categories",
    "credentials",
    "design_library",
    "ips.pools",
    "ips.pools.ips",
    "ips.warmup",
    "mail.batch",
    "mail_settings.address_whitelist",
    "mail_settings.bcc",
    "mail_settings.bounce_purge",
    "mail_settings.footer",
    "mail_settings.forward_bounce",
    "mail_settings.forward_spam",
    "mail_settings.plain_content",
    "mail_settings.spam_check",
    "mail_settings.template",
    "marketing_campaigns",
    "marketing.automation",
    "marketing.contacts",
    "marketing.lists",
    "marketing.segments",
    "marketing.senders",
    "marketing.singlesends",
    "newsletter",
    "recipients",
    "subusers",
    "subusers.credits",
    "subusers.credits.remaining",
    "subusers.monitor",
    "suppression",
    "suppression.blocks",
    "suppression.bounces",
    "suppression.invalid_emails",
    "suppression.spam_reports",
    "suppression.unsubscribes",
    "teammates",
    "templates",
    "templates.versions",
    "templates.versions.activate",
    "user.email",
    "user.multifactor_authentication",
    "user.scheduled_sends",
    "user.webhooks.parse.settings",
    "whitelabel",
)

#: Features with a ``read`` and an ``update`` permission only.
_READ_UPDATE_FEATURES = (
    "partner_settings.new_relic",
    "partner_settings.sendwithus",
    "tracking_settings.click",
    "tracking_settings.google_analytics",
    "tracking_settings.open",
    "tracking_settings.subscription",
    "user.password",
    "user.profile",
    "user.settings.enforced_tls",
    "user.timezone",
    "user.username",
    "user.webhooks.event.settings",
)

#: Single permissions.
_SINGLE = (
    "access_settings.activity.read",
    "browsers.stats.read",
    "categories.stats.read",
    "categories.stats.sums.read",
    "clients.desktop.stats.read",
    "clients.phone.stats.read",
    "clients.stats.read",
    "clients.tablet.stats.read",
    "clients.webmail.stats.read",
    "devices.stats.read",
    "di.bounce_block_classifications.read",
    "email_activity.read",
    "email_testing.read",
    "email_testing.write",
    "geo.stats.read",
    "ips.assigned.read",
    "ips.read",
    "mail.send",
    "mail_settings.read",
    "mailbox_providers.stats.read",
    "messages.read",
    "partner_settings.read",
    "sso.settings.create",
    "sso.settings.delete",
    "sso.settings.read",
    "sso.settings.update",
    "stats.global.read",
    "stats.read",
    "subusers.reputations.read",
    "subusers.stats.monthly.read",
    "subusers.stats.read",
    "subusers.stats.sums.read",
    "subusers.summary.read",
    "tracking_settings.read",
    "user.account.read",
    "user.credits.read",
    "user.webhooks.event.test.create",
    "user.webhooks.event.test.read",
    "user.webhooks.event.test.update",
    "user.webhooks.parse.stats.read",
    "validations.email.create",
    "validations.email.read",
)

AUTOMATIC_SCOPES = frozenset(
    {"2fa_required", "sender_verification_eligible", "sender_verification_legacy"}
)
"""Flags SendGrid adds to a key by itself; reported with its scopes, never asked for."""

SCOPES = frozenset(
    [f"{feature}.{action}" for feature in _CRUD_FEATURES for action in _CRUD]
    + [f"{feature}.{action}" for feature in _READ_UPDATE_FEATURES for action in ("read", "update")]
    + list(_SINGLE)
)
"""Every API key permission SendGrid documents."""


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    """The given scopes that are not documented permissions, in the order given."""
    return [scope for scope in scopes if scope not in SCOPES]
