"""The tenants of ``sendgrid-tenants:tenants`` (one ``Tenant`` each), as CI previews them.

Passwords never live in the repository: each is derived from the username and the
``TENANT_PASSWORD_SEED`` environment variable (a CI secret). Without it, a demo seed is
used and a warning says so, and only when the endpoint is not SendGrid's own.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pulumi

from pulumi_sendgrid_reseller.components import Tenant, TenantArgs

DEMO_SEED = "ci-preview-demo/not-a-secret"


def targets_real_sendgrid() -> bool:
    """Whether the endpoint (stack config, then environment) is SendGrid's own."""
    url = pulumi.Config("sendgrid-reseller").get("apiUrl") or os.environ.get("SENDGRID_API_URL")
    return not url or "sendgrid.com" in url


seed = os.environ.get("TENANT_PASSWORD_SEED", "")
if not seed:
    if targets_real_sendgrid():
        raise ValueError("set TENANT_PASSWORD_SEED (a CI secret) to preview the real SendGrid")
    pulumi.log.warn("TENANT_PASSWORD_SEED is not set: using the demo seed (emulator only)")
    seed = DEMO_SEED


def derived_password(username: str) -> pulumi.Output[str]:
    """A stable 32-character password for ``username``, as a secret."""
    digest = hmac.new(seed.encode(), username.encode(), hashlib.sha256).hexdigest()
    return pulumi.Output.secret("pw-" + digest[:29])


tenants: dict[str, Tenant] = {}
for index, record in enumerate(pulumi.Config().require_object("tenants")):
    username = str(record["username"])
    args = TenantArgs.from_dict(
        record, password=derived_password(username), where=f"tenants[{index}]"
    )
    tenants[username] = Tenant(username, args)

pulumi.export("tenants", {name: tenant.summary() for name, tenant in tenants.items()})
