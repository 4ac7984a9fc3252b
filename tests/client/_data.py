"""Inputs shared by the integration tests."""

from __future__ import annotations

from typing import Any

from pulumi_sendgrid_reseller.client import CustomerCreate, SubuserCreate


def customer(username: str, **overrides: Any) -> CustomerCreate:
    fields: dict[str, Any] = {
        "username": username,
        "password": "samplepassword",
        "email": username if "@" in username else f"{username}@example.com",
        "first_name": "John",
        "last_name": "Doe",
        "address": "555 Any Street",
        "city": "Any City",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-555-5555",
        "website": "example.com",
        "company": "ACME",
        "package": "Pro",
        "whitelabel": "sendgrid.me",
    }
    fields.update(overrides)
    return CustomerCreate(**fields)


def subuser(username: str, ips: list[str] | None = None, **overrides: Any) -> SubuserCreate:
    fields: dict[str, Any] = {
        "username": username,
        "email": f"{username}@example.com" if "@" not in username else username,
        "password": "sub-password-1",
        "ips": ips or ["192.0.2.10"],
    }
    fields.update(overrides)
    return SubuserCreate(**fields)
