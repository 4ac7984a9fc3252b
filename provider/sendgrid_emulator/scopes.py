"""The API key permission names (scopes) the emulator accepts.

From SendGrid's API key permissions list, which the API key documents point to: each
feature's ``create`` / ``read`` / ``update`` / ``delete`` scopes, the read-only statistics
scopes and the few single names. A key made without ``scopes`` gets them all ("Full
Access"), as the create call documents.
"""

from __future__ import annotations

_CRUD = ("create", "read", "update", "delete")

#: Features whose scopes are ``<feature>.create|read|update|delete``.
_CRUD_FEATURES = (
    "access_settings.activity",
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
    "mail_settings.template",
    "marketing.automation",
    "marketing.contacts",
    "marketing.lists",
    "marketing.segments",
    "marketing.senders",
    "marketing.singlesends",
    "partner_settings.new_relic",
    "subusers",
    "subusers.credits",
    "subusers.credits.remaining",
    "subusers.monitor",
    "suppression.blocks",
    "suppression.bounces",
    "suppression.invalid_emails",
    "suppression.spam_reports",
    "suppression.unsubscribes",
    "teammates",
    "templates",
    "templates.versions",
    "tracking_settings.click",
    "tracking_settings.google_analytics",
    "tracking_settings.open",
    "tracking_settings.subscription",
    "user.multifactor_authentication",
    "user.scheduled_sends",
    "user.settings.enforced_tls",
    "user.webhooks.event.settings",
    "user.webhooks.parse.settings",
    "whitelabel",
)

#: Single scopes: reads, updates and flags.
_SINGLE = (
    "2fa_exempt",
    "2fa_required",
    "browsers.stats.read",
    "categories.stats.read",
    "categories.stats.sums.read",
    "clients.desktop.stats.read",
    "clients.phone.stats.read",
    "clients.stats.read",
    "clients.tablet.stats.read",
    "clients.webmail.stats.read",
    "devices.stats.read",
    "email_activity.read",
    "geo.stats.read",
    "ips.assigned.read",
    "ips.read",
    "mail.send",
    "mail_settings.read",
    "mail_settings.update",
    "mailbox_providers.stats.read",
    "messages.read",
    "partner_settings.read",
    "sender_verification_eligible",
    "sender_verification_legacy",
    "stats.global.read",
    "stats.read",
    "subusers.reputations.read",
    "subusers.stats.read",
    "subusers.stats.monthly.read",
    "subusers.stats.sums.read",
    "subusers.summary.read",
    "suppression.read",
    "tracking_settings.read",
    "user.account.read",
    "user.credits.read",
    "user.email.read",
    "user.email.update",
    "user.password.update",
    "user.profile.read",
    "user.profile.update",
    "user.settings.enforced_tls.read",
    "user.timezone.read",
    "user.timezone.update",
    "user.username.read",
    "user.username.update",
    "user.webhooks.event.test.create",
    "validations.email.create",
    "validations.email.read",
)

#: Every scope name the emulator accepts, sorted.
SCOPES: tuple[str, ...] = tuple(
    sorted({f"{feature}.{verb}" for feature in _CRUD_FEATURES for verb in _CRUD} | set(_SINGLE))
)
