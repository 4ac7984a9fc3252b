from __future__ import annotations

from pulumi_sendgrid_reseller._redact import REDACTED, Redactor, redact


def test_exact_secrets_and_encoded_forms_are_removed() -> None:
    r = Redactor(["hunter2 pw", None, ""])
    text = "a hunter2 pw b hunter2+pw c hunter2%20pw"
    assert r(text) == f"a {REDACTED} b {REDACTED} c {REDACTED}"


def test_longest_secret_wins() -> None:
    r = Redactor(["abcdef", "abcdefghij"])
    assert r("x abcdefghij y") == f"x {REDACTED} y"


def test_patterns_catch_unknown_credentials() -> None:
    text = (
        "api_key=SG.abc.def&user=x Authorization: Bearer tok123 "
        '{"password": "pw1234"} password=zzz9&x=1 key SG.other_key-1'
    )
    out = redact(text)
    for leaked in ("SG.abc.def", "tok123", "pw1234", "zzz9", "SG.other_key-1"):
        assert leaked not in out
    assert "user=x" in out and "x=1" in out


def test_field_names_in_messages_survive() -> None:
    msg = "password: password must be at least 6 characters"
    assert redact(msg) == msg


def test_with_secrets_extends() -> None:
    r = Redactor(["key-one"]).with_secrets(["pw-two"])
    assert r("key-one pw-two") == f"{REDACTED} {REDACTED}"
    assert "2 secrets" not in repr(r) or "key-one" not in repr(r)
