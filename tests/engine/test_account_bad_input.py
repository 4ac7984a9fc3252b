"""Invalid Account inputs: each fails at `pulumi preview`, naming the field and the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
from pulumi import automation as auto

from conftest import Emulator, StackFactory

FREE = {"name": "org.ei.free.v1", "type": "package"}
PRO = {"name": "org.ei.pro.v1", "type": "package"}
ADDON = {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 2}
GOOD: dict[str, Any] = {"offerings": [FREE], "profile": {"email": "ok@example.com"}}


def account(**changes: Any) -> Callable[[], None]:
    args = {**GOOD, **changes}

    def program() -> None:
        from pulumi_sendgrid_reseller import Account, AccountArgs

        Account("bad", AccountArgs(**args))
        pulumi.export("ok", True)

    return program


def profile(**fields: Any) -> dict[str, Any]:
    return {"email": "ok@example.com", **fields}


def two_with_one_email() -> None:
    from pulumi_sendgrid_reseller import Account, AccountArgs

    Account("a", AccountArgs(**GOOD))
    Account("b", AccountArgs(**GOOD))


# (label, program, words the error must contain: the field, then the rule)
CASES: list[tuple[str, Callable[[], None], tuple[str, ...]]] = [
    ("no offering", account(offerings=[]), ("offerings", "at least 1 item")),
    ("no package", account(offerings=[ADDON]), ("offerings", "exactly one package (found 0)")),
    ("two packages", account(offerings=[FREE, PRO]), ("offerings", "exactly one package")),
    (
        "an offering twice",
        account(offerings=[FREE, ADDON, ADDON]),
        ("offerings", "must not name an offering twice"),
    ),
    (
        "unknown type",
        account(offerings=[{**FREE, "type": "bundle"}]),
        ("offerings[0].type", "'package' or 'addon'"),
    ),
    (
        "package quantity",
        account(offerings=[{**FREE, "quantity": 2}]),
        ("offerings[0]", "quantity: must be 1 for a package"),
    ),
    (
        "add-on quantity zero",
        account(offerings=[FREE, {**ADDON, "quantity": 0}]),
        ("offerings[1].quantity", "greater than or equal to 1"),
    ),
    (
        "add-on quantity too large",
        account(offerings=[FREE, {**ADDON, "quantity": 5000}]),
        ("offerings[1].quantity", "less than or equal to 1000"),
    ),
    (
        "offering not in the catalog",
        account(offerings=[{"name": "org.ei.gold.v9", "type": "package"}]),
        ("offerings[0].name", "not in the offerings catalog"),
    ),
    (
        "offering of the other type",
        account(offerings=[FREE, {**ADDON, "name": "org.ei.pro.v1"}]),
        ("offerings[1].type", "org.ei.pro.v1 is a package"),
    ),
    (
        "phone not E.164",
        account(profile=profile(phone="555-1234")),
        ("profile.phone", "E.164"),
    ),
    (
        "phone too many digits",
        account(profile=profile(phone="+1234567890123456")),
        ("profile.phone", "at most fifteen digits"),
    ),
    (
        "unknown time zone",
        account(profile=profile(timezone="Europe/Atlantis")),
        ("profile.timezone", "IANA time zone"),
    ),
    (
        "email malformed",
        account(profile=profile(email="not-an-email")),
        ("profile.email", "valid email address"),
    ),
    (
        "email too long",
        account(profile=profile(email="e" * 250 + "@example.com")),
        ("profile.email", "at most 255 characters"),
    ),
    (
        "website not a URL",
        account(profile=profile(company_website="example")),
        ("profile.company_website", "http(s) URL"),
    ),
    (
        "first_name too long",
        account(profile=profile(first_name="f" * 51)),
        ("profile.first_name", "at most 50 characters"),
    ),
    (
        "company_name blank",
        account(profile=profile(company_name="  ")),
        ("profile.company_name", "must not be empty"),
    ),
    (
        "unknown profile field",
        account(profile=profile(nickname="x")),
        ("profile.nickname", "not an argument"),
    ),
    (
        "state set by SendGrid only",
        account(state="suspended"),
        ("state", "must be activated or deactivated"),
    ),
    ("state unknown", account(state="paused"), ("state", "'activated'")),
    (
        "adopt_account_id without adopt",
        account(adopt_account_id="sg123"),
        ("adopt_account_id", "only with adopt=True"),
    ),
    ("two accounts with one email", two_with_one_email, ("profile.email", "declared by both")),
]


def test_bad_account_inputs_fail_at_preview(make_stack: StackFactory, emulator: Emulator) -> None:
    stack = make_stack(account(), env=emulator.env())
    emulator.clear_log()
    missed: list[str] = []
    for label, program, words in CASES:
        try:
            stack.preview(program=program)
        except auto.errors.CommandError as exc:
            text = str(exc)
            if not all(word in text for word in words):
                missed.append(f"{label}: {words} not in the error:\n{text[-1500:]}")
        else:
            missed.append(f"{label}: the preview passed")
    print(f"bad Account inputs caught at preview: {len(CASES) - len(missed)} of {len(CASES)}")
    assert not missed, "\n\n".join(missed)
    paths = {r["path"] for r in emulator.request_log()["requests"]}
    assert paths <= {"/v3/partners/offerings"}, paths  # only the catalog was read
    assert emulator.state()["partner_accounts"] == []
