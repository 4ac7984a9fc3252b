"""Event webhook signatures as SendGrid makes them: ECDSA P-256 over SHA-256.

A signed webhook has its own key pair. SendGrid publishes the public key as the base64 of
its DER ``SubjectPublicKeyInfo`` (the body of a PEM ``PUBLIC KEY`` block), and signs each
POST: the signature is the base64 of the DER-encoded ECDSA signature of the bytes of
``timestamp + payload``, sent in ``X-Twilio-Email-Event-Webhook-Signature`` beside the
timestamp in ``X-Twilio-Email-Event-Webhook-Timestamp``.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


def new_private_key() -> str:
    """A new P-256 private key, as unencrypted PKCS#8 PEM (how the store keeps it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode("ascii")


def _load(private_pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("not an elliptic-curve key")
    return key


def public_key_of(private_pem: str) -> str:
    """The public key as SendGrid shows it: base64 of the DER ``SubjectPublicKeyInfo``."""
    der = (
        _load(private_pem)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(der).decode("ascii")


def sign(private_pem: str, timestamp: str, payload: bytes) -> str:
    """The signature header's value for ``payload`` sent at ``timestamp``."""
    signature = _load(private_pem).sign(
        timestamp.encode("utf-8") + payload, ec.ECDSA(hashes.SHA256())
    )
    return base64.b64encode(signature).decode("ascii")
