"""Test data shared by every test folder: a customer's profile, as ``reseller.add`` needs it."""

from __future__ import annotations

from typing import Any

PROFILE: dict[str, str] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address": "1 Main Street",
    "city": "Springfield",
    "state": "CA",
    "zip": "91234",
    "country": "US",
    "phone": "555-0100",
    "website": "example.com",
}
"""The profile fields ``reseller.add`` requires, each valid."""

PROFILE_GET_KEYS: tuple[str, ...] = ("id", "username", "email", "active", *PROFILE)
"""The keys of a customer in the profile ``get`` answer, in the documented order."""


def customer_inputs(username: str, password: str, **overrides: Any) -> dict[str, Any]:
    """A customer's inputs: the username, a password, an email derived from the name, the
    profile; ``overrides`` replace or add fields."""
    return {
        "username": username,
        "password": password,
        "email": f"{username}@example.com",
        **PROFILE,
        **overrides,
    }
