"""Outgoing POSTs of the emulator: the event webhook's test event.

The test event is a JSON array of events, posted as SendGrid posts them
(``Content-Type: application/json``); with a signing key, signed as SendGrid signs
(:mod:`sendgrid_emulator.signing`). The POST is made while the API call waits, so that the
call's answer says whether the receiver took it.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request

from . import signing
from .errors import EventWebhookDeliveryError

#: How long the receiver has to answer the test event.
TIMEOUT_SECONDS = 10.0
#: The event name of each webhook flag (``spam_report`` is ``spamreport`` on the wire).
EVENT_NAMES = {"spam_report": "spamreport"}
TEST_EMAIL = "example@test.com"
#: Direct connections only: the receiver is where the URL says, never behind a proxy of
#: the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_events(flags: list[str], now: int) -> list[dict[str, object]]:
    """One event per flag the webhook sends (``processed`` when it sends none)."""
    names = [EVENT_NAMES.get(flag, flag) for flag in flags] or ["processed"]
    message_id = secrets.token_hex(11)
    return [
        {
            "email": TEST_EMAIL,
            "timestamp": now,
            "smtp-id": f"<{message_id}@emulator.sendgrid.test>",
            "event": name,
            "category": ["test"],
            "sg_event_id": secrets.token_urlsafe(16),
            "sg_message_id": f"{message_id}.filter0001.test",
        }
        for name in names
    ]


def deliver_test_event(url: str, flags: list[str], private_pem: str | None) -> None:
    """POST the test event to ``url``; raise :class:`EventWebhookDeliveryError` if refused."""
    now = int(time.time())
    payload = json.dumps(test_events(flags, now)).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "SendGrid Event API"}
    if private_pem is not None:
        timestamp = str(now)
        headers[signing.TIMESTAMP_HEADER] = timestamp
        headers[signing.SIGNATURE_HEADER] = signing.sign(private_pem, timestamp, payload)
    request = urllib.request.Request(  # noqa: S310 - the model allows only http(s) URLs
        url, data=payload, headers=headers, method="POST"
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = int(exc.code)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EventWebhookDeliveryError(
            f"the test event could not be delivered to {url}: {reason}"
        ) from exc
    if not 200 <= status < 300:
        raise EventWebhookDeliveryError(f"the test event was refused by {url}: HTTP {status}")
