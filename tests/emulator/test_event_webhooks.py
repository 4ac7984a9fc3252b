"""``/v3/user/webhooks/event``: several webhooks per account, signing, the signed test event.

The signed test event is checked with the official ``sendgrid`` library's ``EventWebhook``
helper and the public key the signed GET returns, as a receiver would.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader

from ._integrations import OBO, receiver, tenants
from .conftest import Api

SETTINGS = "/user/webhooks/event/settings"
FLAGS = (
    "group_resubscribe",
    "delivered",
    "group_unsubscribe",
    "spam_report",
    "bounce",
    "deferred",
    "unsubscribe",
    "processed",
    "open",
    "click",
    "dropped",
)
#: The response properties tsg_webhooks_v3.json declares (EventWebhook*Response).
BASE = {"enabled", "url", "account_status_change", *FLAGS, "friendly_name", "id"}
OAUTH = {"oauth_client_id", "oauth_token_url"}
DATES = {"created_date", "updated_date"}
UNSIGNED_RESPONSE = BASE | DATES | OAUTH
SIGNED_RESPONSE = UNSIGNED_RESPONSE | {"public_key"}
NO_DATES_RESPONSE = BASE | OAUTH | {"public_key"}

#: The document's "Request With OAuth Configured" example.
DOC_REQUEST_OAUTH: dict[str, Any] = {
    "enabled": True,
    "url": "https://example.com/webhook-endpoint",
    "group_resubscribe": True,
    "delivered": False,
    "group_unsubscribe": True,
    "spam_report": True,
    "bounce": True,
    "deferred": True,
    "unsubscribe": True,
    "processed": False,
    "open": True,
    "click": True,
    "dropped": True,
    "friendly_name": "Engagement Webhook",
    "oauth_client_id": "a835e7210bbb47edbfa71bdfc909b2d7",
    "oauth_client_secret": "335a9b0c65324fd2a62e2953d4b158",
    "oauth_token_url": "https://oauthservice.example.com",
}
SECRET = DOC_REQUEST_OAUTH["oauth_client_secret"]
DOC_REQUEST = {k: v for k, v in DOC_REQUEST_OAUTH.items() if not k.startswith("oauth_")}


def create(api: Api, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict:
    response = api.v3("POST", SETTINGS, json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    created: dict = response.json()
    return created


def webhook_error(response: Any, status: int, message: str | None = None) -> dict:
    """The event webhook document's error body: message (and id, url), no field."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1, body
    error: dict = body["errors"][0]
    assert set(error) <= {"id", "message", "url"} and isinstance(error["message"], str)
    if message is not None:
        assert error["message"] == message, error
    return error


def test_documented_create_with_oauth(api: Api) -> None:
    created = create(api, DOC_REQUEST_OAUTH)
    assert set(created) <= UNSIGNED_RESPONSE
    expected = {k: v for k, v in DOC_REQUEST_OAUTH.items() if k != "oauth_client_secret"}
    assert {k: created[k] for k in expected} == expected
    assert set(created) == set(expected) | {"id", "created_date", "updated_date"}
    assert created["created_date"].endswith("Z") and created["updated_date"].endswith("Z")
    # The secret is never shown again: not in any answer, nor the state dump.
    listed = api.v3("GET", f"{SETTINGS}/all")
    one = api.v3("GET", f"{SETTINGS}/{created['id']}")
    for text in (json.dumps(created), listed.text, one.text, json.dumps(api.state())):
        assert SECRET not in text
    assert api.state()["event_webhooks"][0]["oauth_client_secret_set"] is True


def test_documented_create_without_oauth_and_the_reads(api: Api) -> None:
    created = create(api, DOC_REQUEST)
    assert set(created) == set(DOC_REQUEST) | {"id"} | DATES
    webhook_id = created["id"]
    one = api.v3("GET", f"{SETTINGS}/{webhook_id}")
    assert one.status_code == 200
    # The single read has no dates and no OAuth or key fields when neither is on.
    assert one.json() == {**DOC_REQUEST, "id": webhook_id}
    listed = api.v3("GET", f"{SETTINGS}/all")
    assert listed.status_code == 200
    assert listed.json() == {"max_allowed": 5, "webhooks": [created]}
    for entry in listed.json()["webhooks"]:
        assert set(entry) <= SIGNED_RESPONSE
    assert set(one.json()) <= NO_DATES_RESPONSE


def test_every_flag_defaults_to_false_and_friendly_name_to_null(api: Api) -> None:
    created = create(api, {"url": "https://hooks.example.com/a"})
    assert all(created[flag] is False for flag in FLAGS)
    assert created["enabled"] is False and created["friendly_name"] is None


def test_several_webhooks_each_with_its_id(api: Api) -> None:
    ids = [create(api, {"url": f"https://hooks.example.com/{n}"})["id"] for n in range(5)]
    assert len(set(ids)) == 5
    listed = api.v3("GET", f"{SETTINGS}/all").json()["webhooks"]
    assert [w["id"] for w in listed] == ids
    sixth = api.v3("POST", SETTINGS, json={"url": "https://hooks.example.com/6"})
    webhook_error(
        sixth,
        400,
        "You have reached the maximum number of webhooks per your current billing plan.",
    )
    assert api.v3("DELETE", f"{SETTINGS}/{ids[2]}").status_code == 204
    assert api.v3("POST", SETTINGS, json={"url": "https://hooks.example.com/6"}).status_code == 201


def test_patch_changes_what_is_given(api: Api) -> None:
    created = create(api, {**DOC_REQUEST, "url": "https://hooks.example.com/p"})
    webhook_id = created["id"]
    patched = api.v3(
        "PATCH",
        f"{SETTINGS}/{webhook_id}",
        json={"url": "https://hooks.example.com/q", "delivered": True, "friendly_name": "D"},
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert set(body) <= UNSIGNED_RESPONSE and set(body) >= DATES
    assert body["url"] == "https://hooks.example.com/q"
    assert body["delivered"] is True and body["friendly_name"] == "D"
    assert body["open"] is True and body["processed"] is False  # unchanged
    assert body["created_date"] == created["created_date"]
    read = api.v3("GET", f"{SETTINGS}/{webhook_id}").json()
    assert {k: read[k] for k in ("url", "delivered", "friendly_name", "open")} == {
        "url": "https://hooks.example.com/q",
        "delivered": True,
        "friendly_name": "D",
        "open": True,
    }
    # The document's body requires url on an update too.
    webhook_error(api.v3("PATCH", f"{SETTINGS}/{webhook_id}", json={"open": False}), 400)
    cleared = api.v3(
        "PATCH",
        f"{SETTINGS}/{webhook_id}",
        json={"url": "https://hooks.example.com/q", "friendly_name": None},
    )
    assert cleared.json()["friendly_name"] is None


def test_url_rules(api: Api) -> None:
    for bad in ("ftp://example.com", "example.com", "https://", "https://exa mple.com", 7):
        response = api.v3("POST", SETTINGS, json={"url": bad})
        webhook_error(response, 400, f"'{bad}' is not a valid url")
    webhook_error(api.v3("POST", SETTINGS, json={"enabled": True}), 400, "url is required")
    first = create(api, {"url": "https://hooks.example.com/same"})
    error = webhook_error(
        api.v3("POST", SETTINGS, json={"url": "https://hooks.example.com/same"}), 400
    )
    assert error == {
        "id": first["id"],
        "url": "https://hooks.example.com/same",
        "message": "Webhook at 'https://hooks.example.com/same' already exists. "
        "Please provide a unique URL.",
    }
    other = create(api, {"url": "https://hooks.example.com/other"})
    taken = api.v3("PATCH", f"{SETTINGS}/{other['id']}", json={"url": first["url"]})
    assert webhook_error(taken, 400)["id"] == first["id"]
    # http is accepted (a local receiver), so is the webhook's own URL on its update.
    assert create(api, {"url": "http://127.0.0.1:9/events"})["url"] == "http://127.0.0.1:9/events"
    same = api.v3("PATCH", f"{SETTINGS}/{first['id']}", json={"url": first["url"]})
    assert same.status_code == 200


def test_body_rules(api: Api) -> None:
    url = "https://hooks.example.com/b"
    webhook_error(api.v3("POST", SETTINGS, json={"url": url, "signed": True}), 400)
    webhook_error(api.v3("POST", SETTINGS, json={"url": url, "open": "yes"}), 400)
    webhook_error(api.v3("POST", SETTINGS, json={"url": url, "friendly_name": 3}), 400)
    webhook_error(api.v3("POST", SETTINGS, json=[url]), 400)
    assert api.state()["event_webhooks"] == []


def test_oauth_rules(api: Api) -> None:
    url = "https://hooks.example.com/o"
    oauth = {k: v for k, v in DOC_REQUEST_OAUTH.items() if k.startswith("oauth_")}
    for missing in ("oauth_client_id", "oauth_token_url", "oauth_client_secret"):
        partial = {k: v for k, v in oauth.items() if k != missing}
        webhook_error(api.v3("POST", SETTINGS, json={"url": url, **partial}), 400)
    bad_token_url = {**oauth, "oauth_token_url": "not a url"}
    webhook_error(api.v3("POST", SETTINGS, json={"url": url, **bad_token_url}), 400)
    created = create(api, {"url": url, **oauth})
    webhook_id = created["id"]
    # An update may leave the stored secret out.
    moved = api.v3(
        "PATCH",
        f"{SETTINGS}/{webhook_id}",
        json={"url": url, "oauth_client_id": "other", "oauth_token_url": "https://o.example.org"},
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["oauth_client_id"], moved.json()["oauth_token_url"]) == (
        "other",
        "https://o.example.org",
    )
    # Three empty strings turn OAuth off; the fields are then not shown.
    off = api.v3("PATCH", f"{SETTINGS}/{webhook_id}", json={"url": url, **dict.fromkeys(oauth, "")})
    assert off.status_code == 200
    assert not OAUTH & set(off.json())
    assert api.state()["event_webhooks"][0]["oauth_client_secret_set"] is False
    # Without a stored secret, an update must bring one.
    again = {"url": url, "oauth_client_id": "x", "oauth_token_url": "https://o.example.org"}
    webhook_error(api.v3("PATCH", f"{SETTINGS}/{webhook_id}", json=again), 400)


def test_unknown_id(api: Api) -> None:
    for method in ("GET", "DELETE"):
        response = api.v3(method, f"{SETTINGS}/77d4a5da-7015-11ed-a1eb-0242ac120002")
        webhook_error(response, 404, "Invalid id provided.")
    patch = api.v3("PATCH", f"{SETTINGS}/nope", json={"url": "https://hooks.example.com/x"})
    webhook_error(patch, 404, "Invalid id provided.")
    webhook_error(api.v3("GET", f"{SETTINGS}/signed/nope"), 404, "Invalid id provided.")
    signed = api.v3("PATCH", f"{SETTINGS}/signed/nope", json={"enabled": True})
    webhook_error(signed, 404, "Invalid id provided.")


def test_include_account_status_change(api: Api) -> None:
    webhook_id = create(api, {"url": "https://hooks.example.com/i"})["id"]
    plain = api.v3("GET", f"{SETTINGS}/{webhook_id}").json()
    assert "account_status_change" not in plain
    asked = api.v3("GET", f"{SETTINGS}/{webhook_id}?include=account_status_change").json()
    assert asked["account_status_change"] is False
    listed = api.v3("GET", f"{SETTINGS}/all", params={"include": "account_status_change"})
    assert listed.json()["webhooks"][0]["account_status_change"] is False
    webhook_error(api.v3("GET", f"{SETTINGS}/{webhook_id}?include=bogus"), 400)


def test_signing_makes_a_real_key_pair(api: Api) -> None:
    webhook_id = create(api, {"url": "https://hooks.example.com/s"})["id"]
    signed_path = f"{SETTINGS}/signed/{webhook_id}"
    assert api.v3("GET", signed_path).json() == {"id": webhook_id, "public_key": ""}
    on = api.v3("PATCH", signed_path, json={"enabled": True})
    assert on.status_code == 200
    key = on.json()["public_key"]
    assert set(on.json()) == {"id", "public_key"} and on.json()["id"] == webhook_id
    # A P-256 public key as the official helper loads it (base64 DER SubjectPublicKeyInfo).
    loaded = EventWebhook(key).public_key
    assert loaded is not None and loaded.curve.name == "secp256r1"
    assert api.v3("GET", signed_path).json() == {"id": webhook_id, "public_key": key}
    assert api.v3("PATCH", signed_path, json={"enabled": True}).json()["public_key"] == key
    assert api.v3("GET", f"{SETTINGS}/{webhook_id}").json()["public_key"] == key
    assert api.v3("GET", f"{SETTINGS}/all").json()["webhooks"][0]["public_key"] == key
    off = api.v3("PATCH", signed_path, json={"enabled": False})
    assert off.json() == {"id": webhook_id, "public_key": ""}
    assert "public_key" not in api.v3("GET", f"{SETTINGS}/{webhook_id}").json()
    again = api.v3("PATCH", signed_path, json={"enabled": True}).json()["public_key"]
    assert again and again != key
    # The private key never leaves the emulator.
    assert "PRIVATE" not in json.dumps(api.state())
    for bad in ({}, {"enabled": "true"}, {"enabled": True, "other": 1}):
        webhook_error(api.v3("PATCH", signed_path, json=bad), 400)


def test_signed_test_event_verifies_with_the_official_library(api: Api) -> None:
    with receiver() as sink:
        body = {"url": sink.url, "delivered": True, "bounce": True, "enabled": True}
        webhook_id = create(api, body)["id"]
        api.v3("PATCH", f"{SETTINGS}/signed/{webhook_id}", json={"enabled": True})
        public_key = api.v3("GET", f"{SETTINGS}/signed/{webhook_id}").json()["public_key"]
        sent = api.v3("POST", "/user/webhooks/event/test", json={"id": webhook_id, "url": sink.url})
        assert sent.status_code == 204, sent.text
        assert sent.content == b""
    assert len(sink.received) == 1
    got = sink.received[0]
    assert got.path == "/events"
    assert got.headers["Content-Type"] == "application/json"
    signature = got.headers[EventWebhookHeader.SIGNATURE]
    timestamp = got.headers[EventWebhookHeader.TIMESTAMP]
    payload = got.body.decode("utf-8")
    verifier = EventWebhook(public_key)
    assert verifier.verify_signature(payload, signature, timestamp) is True
    # A changed payload, timestamp or key does not verify.
    assert verifier.verify_signature(payload + " ", signature, timestamp) is False
    assert verifier.verify_signature(payload, signature, str(int(timestamp) + 1)) is False
    other_id = create(api, {"url": "https://hooks.example.com/other"})["id"]
    other_key = api.v3("PATCH", f"{SETTINGS}/signed/{other_id}", json={"enabled": True})
    other = EventWebhook(other_key.json()["public_key"])
    assert other.verify_signature(payload, signature, timestamp) is False
    events = json.loads(payload)
    assert [e["event"] for e in events] == ["delivered", "bounce"]
    assert all(e["email"] and isinstance(e["timestamp"], int) for e in events)


def test_test_event_by_url_and_unsigned(api: Api) -> None:
    with receiver() as sink:
        # No webhook yet: the URL alone is enough; the event is not signed.
        response = api.v3("POST", "/user/webhooks/event/test", json={"url": sink.url})
        assert response.status_code == 204
        webhook_id = create(api, {"url": sink.url})["id"]
        api.v3("PATCH", f"{SETTINGS}/signed/{webhook_id}", json={"enabled": True})
        # Without an id, the account's webhook with that URL signs it.
        assert (
            api.v3("POST", "/user/webhooks/event/test", json={"url": sink.url}).status_code == 204
        )
    first, second = sink.received
    assert EventWebhookHeader.SIGNATURE not in first.headers
    assert EventWebhookHeader.SIGNATURE in second.headers
    assert [e["event"] for e in json.loads(first.body)] == ["processed"]


def test_test_event_failures(api: Api) -> None:
    with receiver() as sink:
        sink.status = 500
        refused = api.v3("POST", "/user/webhooks/event/test", json={"url": sink.url})
        webhook_error(refused, 400)
        url = sink.url
    gone = api.v3("POST", "/user/webhooks/event/test", json={"url": url})
    assert "could not be delivered" in webhook_error(gone, 400)["message"]
    webhook_error(api.v3("POST", "/user/webhooks/event/test", json={}), 400, "url is required")
    unknown = api.v3("POST", "/user/webhooks/event/test", json={"id": "nope", "url": url})
    webhook_error(unknown, 404, "Invalid id provided.")
    partial = {"url": url, "oauth_client_id": "a"}
    webhook_error(api.v3("POST", "/user/webhooks/event/test", json=partial), 400)


@pytest.mark.parametrize("who", ["parent", "subuser", "account"])
def test_each_tenant_has_its_own_webhooks(api: Api, who: str) -> None:
    headers = tenants(api)
    mine = headers[who]
    created = create(api, {"url": "https://hooks.example.com/t"}, mine)
    webhook_id = created["id"]
    api.v3("PATCH", f"{SETTINGS}/signed/{webhook_id}", json={"enabled": True}, headers=mine)
    for other, theirs in headers.items():
        listed = api.v3("GET", f"{SETTINGS}/all", headers=theirs).json()["webhooks"]
        if other == who:
            assert [w["id"] for w in listed] == [webhook_id]
            continue
        assert listed == []
        for method, path in (
            ("GET", webhook_id),
            ("DELETE", webhook_id),
            ("GET", f"signed/{webhook_id}"),
        ):
            webhook_error(api.v3(method, f"{SETTINGS}/{path}", headers=theirs), 404)
        # The same URL is free in another tenant.
        assert create(api, {"url": "https://hooks.example.com/t"}, theirs)["id"] != webhook_id
    dumped = [w for w in api.state()["event_webhooks"] if w["id"] == webhook_id]
    assert dumped and dumped[0]["signed"] is True
    assert (dumped[0]["owner"] is None) == (who == "parent")
    assert api.v3("DELETE", f"{SETTINGS}/{webhook_id}", headers=mine).status_code == 204
    assert api.v3("GET", f"{SETTINGS}/{webhook_id}", headers=mine).status_code == 404


def test_unknown_on_behalf_of_is_refused(api: Api) -> None:
    for who in ("ghost", "account-id nope"):
        response = api.v3("GET", f"{SETTINGS}/all", headers={OBO: who})
        assert response.status_code == 401, response.text


def test_deleting_the_subuser_deletes_its_webhooks(api: Api) -> None:
    headers = tenants(api)
    create(api, {"url": "https://hooks.example.com/d"}, headers["subuser"])
    assert api.v3("DELETE", "/subusers/tenant_sub").status_code == 204
    assert api.state()["event_webhooks"] == []


def test_concurrent_creates_keep_the_limit(api: Api) -> None:
    def one(n: int) -> int:
        body = {"url": f"https://hooks.example.com/c{n}"}
        return api.v3("POST", SETTINGS, json=body).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(one, range(10)))
    assert statuses == [201] * 5 + [400] * 5
    assert len(api.state()["event_webhooks"]) == 5
