"""A catalogue of invalid inputs: each fails at `pulumi preview`, naming the field and the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
from pulumi import automation as auto

from conftest import Emulator, StackFactory
from profiles import customer_inputs

CUSTOMER: dict[str, Any] = {
    **customer_inputs("bad-input-co", "Valid-pass-1234"),
    "company": "Co",
    "package": "Pro",
    "whitelabel": "sendgrid.me",
}
SUBUSER: dict[str, Any] = {
    "username": "bad-input-sub",
    "email": "sub@example.com",
    "password": "Valid-pass-1234",
    "ips": ["192.0.2.10"],
}
MONITOR: dict[str, Any] = {"subuser": "bad-input-sub", "email": "qa@example.com", "frequency": 10}
ASSIGNMENT: dict[str, Any] = {"customer": "bad-input-co", "ips": ["192.0.2.10"]}


def one(kind: str, **changes: Any) -> Callable[[], None]:
    base = {"Customer": CUSTOMER, "Subuser": SUBUSER, "SubuserMonitor": MONITOR}.get(
        kind, ASSIGNMENT
    )
    args = {**base, **changes}
    for key in [k for k, v in args.items() if v is ...]:
        del args[key]

    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        resource = getattr(sg, kind)
        resource("bad", getattr(sg, f"{kind}Args")(**args))
        pulumi.export("ok", True)

    return program


def pair(
    first: tuple[str, dict[str, Any]], second: tuple[str, dict[str, Any]]
) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        for index, (kind, args) in enumerate((first, second)):
            getattr(sg, kind)(f"r{index}", getattr(sg, f"{kind}Args")(**args))

    return program


# (label, program, words the error must contain: the field, then the rule)
CASES: list[tuple[str, Callable[[], None], tuple[str, ...]]] = [
    (
        "customer username too long",
        one("Customer", username="u" * 65),
        ("username", "at most 64 characters"),
    ),
    ("customer username empty", one("Customer", username=""), ("username", "at least 1 character")),
    (
        "customer username with a space",
        one("Customer", username="a b"),
        ("username", "must not contain spaces"),
    ),
    (
        "customer username on sendgrid.com",
        one("Customer", username="me@sendgrid.com"),
        ("username", "cannot contain sendgrid.com"),
    ),
    (
        "customer email malformed",
        one("Customer", email="not-an-email"),
        ("email", "valid email address"),
    ),
    (
        "customer email too long",
        one("Customer", email="e" * 60 + "@example.com"),
        ("email", "at most 64 characters"),
    ),
    (
        "customer password too short",
        one("Customer", password="Short1"),
        ("password", "at least 8 characters"),
    ),
    (
        "customer password too long",
        one("Customer", password="p" * 129),
        ("password", "no more than 128 characters"),
    ),
    (
        "customer password confirmation mismatch",
        one("Customer", confirm_password="Other-pass-1234"),
        ("confirm_password", "must match password"),
    ),
    (
        "customer first_name too long",
        one("Customer", first_name="f" * 51),
        ("first_name", "at most 50 characters"),
    ),
    (
        "customer first_name blank",
        one("Customer", first_name="  "),
        ("first_name", "must not be empty"),
    ),
    (
        "customer last_name too long",
        one("Customer", last_name="l" * 51),
        ("last_name", "at most 50 characters"),
    ),
    (
        "customer address too long",
        one("Customer", address="a" * 101),
        ("address", "at most 100 characters"),
    ),
    ("customer city too long", one("Customer", city="c" * 101), ("city", "at most 100 characters")),
    (
        "customer state too long",
        one("Customer", state="s" * 101),
        ("state", "at most 100 characters"),
    ),
    ("customer zip too long", one("Customer", zip="9" * 51), ("zip", "at most 50 characters")),
    (
        "customer country too long",
        one("Customer", country="c" * 101),
        ("country", "at most 100 characters"),
    ),
    (
        "customer phone too long",
        one("Customer", phone="5" * 51),
        ("phone", "at most 50 characters"),
    ),
    (
        "customer website too long",
        one("Customer", website="w" * 256),
        ("website", "at most 255 characters"),
    ),
    (
        "customer company too long",
        one("Customer", company="c" * 256),
        ("company", "at most 255 characters"),
    ),
    (
        "customer package too long",
        one("Customer", package="p" * 256),
        ("package", "at most 255 characters"),
    ),
    (
        "customer whitelabel too long",
        one("Customer", whitelabel="w" * 256),
        ("whitelabel", "at most 255 characters"),
    ),
    (
        "customer billing_date not a date",
        one("Customer", billing_date="2026-02-30"),
        ("billing_date", "date"),
    ),
    ("customer missing email", one("Customer", email=...), ("email", "required")),
    (
        "assignment invalid IP",
        one("CustomerIpAssignment", ips=["300.1.1.1"]),
        ("ips[0]", "must be a valid IP address"),
    ),
    (
        "assignment IP the parent does not own",
        one("CustomerIpAssignment", ips=["192.0.2.250"]),
        ("ips[0]", "is not an IP of the parent account"),
    ),
    (
        "assignment duplicate IPs",
        one("CustomerIpAssignment", ips=["192.0.2.10", "192.0.2.10"]),
        ("ips", "must not contain duplicates"),
    ),
    (
        "assignment ips and all_ips",
        one("CustomerIpAssignment", all_ips=True),
        ("ips", "must not be given when all_ips is true"),
    ),
    (
        "assignment neither ips nor all_ips",
        one("CustomerIpAssignment", ips=...),
        ("ips", "is required unless all_ips is true"),
    ),
    (
        "assignment empty customer",
        one("CustomerIpAssignment", customer=""),
        ("customer", "at least 1 character"),
    ),
    ("subuser unknown region", one("Subuser", region="mars"), ("region", "'global' or 'eu'")),
    ("subuser without IPs", one("Subuser", ips=[]), ("ips", "at least 1 item")),
    (
        "subuser invalid IP",
        one("Subuser", ips=["not-an-ip"]),
        ("ips[0]", "must be a valid IP address"),
    ),
    (
        "subuser IP the parent does not own",
        one("Subuser", ips=["198.51.100.200"]),
        ("ips[0]", "is not an IP of the parent account"),
    ),
    (
        "subuser email malformed",
        one("Subuser", email="sub-at-example"),
        ("email", "valid email address"),
    ),
    (
        "subuser password too short",
        one("Subuser", password="abc12"),
        ("password", "at least 8 characters"),
    ),
    (
        "subuser username too long",
        one("Subuser", username="s" * 65),
        ("username", "at most 64 characters"),
    ),
    ("subuser username empty", one("Subuser", username=""), ("username", "at least 1 character")),
    ("monitor frequency zero", one("SubuserMonitor", frequency=0), ("frequency", "greater than 0")),
    (
        "monitor frequency negative",
        one("SubuserMonitor", frequency=-5),
        ("frequency", "greater than 0"),
    ),
    (
        "monitor frequency fractional",
        one("SubuserMonitor", frequency=2.5),
        ("frequency", "integer"),
    ),
    (
        "monitor email malformed",
        one("SubuserMonitor", email="qa@"),
        ("email", "valid email address"),
    ),
    (
        "monitor empty subuser",
        one("SubuserMonitor", subuser=""),
        ("subuser", "at least 1 character"),
    ),
    (
        "two customers with one username",
        pair(("Customer", CUSTOMER), ("Customer", {**CUSTOMER, "email": "b@example.com"})),
        ("username", "declared by both"),
    ),
    (
        "a customer and a subuser with one username",
        pair(("Customer", CUSTOMER), ("Subuser", {**SUBUSER, "username": CUSTOMER["username"]})),
        ("username", "declared by both"),
    ),
    (
        "two monitors for one subuser",
        pair(("SubuserMonitor", MONITOR), ("SubuserMonitor", MONITOR)),
        ("subuser", "declared by both"),
    ),
]


def test_bad_inputs_fail_at_preview(make_stack: StackFactory, emulator: Emulator) -> None:
    stack = make_stack(one("SubuserMonitor"), env=emulator.env())
    before = emulator.state()
    emulator.clear_log()
    missed: list[str] = []
    for label, program, words in CASES:
        try:
            stack.preview(program=program)
        except auto.errors.CommandError as exc:
            text = str(exc)
            if not all(word in text for word in words):
                missed.append(f"{label}: {words} not in the error:\n{text[-1500:]}")
            if any(secret in text for secret in ("Short1", "abc12", "p" * 129 + '"')):
                missed.append(f"{label}: the error shows the password")
        else:
            missed.append(f"{label}: the preview passed")
    print(f"bad inputs caught at preview: {len(CASES) - len(missed)} of {len(CASES)}")
    assert not missed, "\n\n".join(missed)
    assert emulator.state() == before
    writes = [r for r in emulator.request_log()["requests"] if "ip.json" not in r["path"]]
    assert writes == [], writes  # only the IP-ownership lookups reached SendGrid
