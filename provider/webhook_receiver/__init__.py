"""A local receiver of SendGrid's Event Webhook, for the demo: it records and verifies.

Every POST it receives (on any path but its own ``/key``) is recorded and, when it knows
the webhook's public key, verified with the official ``sendgrid`` library's
``EventWebhook`` helper: the ``X-Twilio-Email-Event-Webhook-Signature`` and
``-Timestamp`` headers against the raw body, as a team's own receiver would. The key comes
from a file (``--public-key-file``, read again whenever it changes, so that it can be
written after the receiver started) or from ``POST /key``; deliveries that came before
the key are verified when it arrives.

HTTP interface (JSON):

- ``POST <any path>``: a delivery. 200 when verified or not yet checkable (no key yet);
  401 when a key is known and the POST is not signed; 403 when the signature is wrong.
- ``POST /key`` ``{"public_key": "<base64 DER>"}``: set the key; answers ``GET /received``.
- ``GET /received``: ``{"public_key_set", "counts": {"verified", "failed", "unverified"},
  "deliveries": [{"id", "path", "received_at", "signed", "verified", "detail", "events",
  "payload"}]}``; ``verified`` is ``true``, ``false`` or ``null`` (not checked yet).
- ``DELETE /received``: forget the deliveries.
- ``GET /health``: ``{"ok": true}``.

Run it with ``python -m webhook_receiver serve`` (see :mod:`webhook_receiver.__main__`).
"""

from __future__ import annotations

from .server import Delivery, ReceiverServer, verify_signature

__all__ = ["Delivery", "ReceiverServer", "verify_signature"]
