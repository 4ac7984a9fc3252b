"""v2 field rules, error shapes, reserved usernames, IP ownership and listings."""

from __future__ import annotations

import pytest

from .conftest import API_USER, CUSTOMER_FIELDS, Api, parse_xml, v2_errors

LIMITS = {
    "username": 64,
    "first_name": 50,
    "last_name": 50,
    "address": 100,
    "city": 100,
    "state": 100,
    "zip": 50,
    "country": 100,
    "phone": 50,
    "website": 255,
    "company": 255,
    "package": 255,
    "whitelabel": 255,
}
REQUIRED = [
    "username",
    "password",
    "confirm_password",
    "email",
    "first_name",
    "last_name",
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "website",
]


def email_of_length(n: int) -> str:
    return "a" * (n - len("@example.com")) + "@example.com"


# --- reseller.add -------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "limit"), sorted(LIMITS.items()))
def test_add_length_limits(api: Api, field: str, limit: int) -> None:
    at_limit = "u" * limit
    name = at_limit if field == "username" else "limit@example.com"
    extra = {"email": "u@example.com"} if field == "username" else {field: at_limit}
    response = api.add_customer(name, **extra)
    assert response.status_code == 200, response.text
    assert api.account(name)[field] == at_limit  # type: ignore[index]
    over = "v" * (limit + 1)
    name = over if field == "username" else "over@example.com"
    extra = {"email": "v@example.com"} if field == "username" else {field: over}
    response = api.add_customer(name, **extra)
    assert v2_errors(response) == [f"{field} must be no more than {limit} characters"]
    assert api.account(name) is None


def test_add_email_rules(api: Api) -> None:
    assert api.add_customer("e64", email=email_of_length(64)).status_code == 200
    response = api.add_customer("e65", email=email_of_length(65))
    assert v2_errors(response) == ["email must be no more than 64 characters"]
    for bad in ("plainaddress", "a@b", "two@@example.com", "sp ace@example.com"):
        response = api.add_customer("bad-email", email=bad)
        assert v2_errors(response) == ["email must be a valid email address"], bad
    assert api.usernames() == {"e64"}


@pytest.mark.parametrize("field", REQUIRED)
def test_add_required_fields(api: Api, field: str) -> None:
    form = {"username": "req@example.com", "email": "req@example.com", **CUSTOMER_FIELDS}
    form[field] = ""
    errors = v2_errors(api.v2("reseller.add", form))
    assert f"{field} is required" in errors
    assert api.usernames() == set()


def test_add_reports_every_broken_rule_at_once(api: Api) -> None:
    response = api.v2("reseller.add", {"username": "x" * 65, "email": "nope"})
    errors = v2_errors(response)
    assert "username must be no more than 64 characters" in errors
    assert "email must be a valid email address" in errors
    assert "password is required" in errors
    assert "first_name is required" in errors
    assert "website is required" in errors


def test_add_password_rules(api: Api) -> None:
    cases = {
        "abcde": ["password must be at least 6 characters"],
        "p" * 129: ["password must be no more than 128 characters"],
    }
    for password, expected in cases.items():
        response = api.add_customer("pw", password=password, confirm_password=password)
        assert v2_errors(response) == expected
    response = api.add_customer("pw", password="abcdef", confirm_password="abcdeg")
    assert v2_errors(response) == ["password and confirm_password do not match"]
    response = api.add_customer("pw", password="abcdef", confirm_password="")
    assert v2_errors(response) == ["confirm_password is required"]
    assert api.usernames() == set()
    # 6 and 128 characters are fine (the emulator's legacy rule).
    assert api.add_customer("pw6", password="abcdef", confirm_password="abcdef").status_code == 200
    long_pw = "q" * 128
    assert api.add_customer("pw128", password=long_pw, confirm_password=long_pw).status_code == 200


def test_add_optional_fields(api: Api) -> None:
    response = api.add_customer("opt", free_user="maybe")
    assert v2_errors(response) == ["free_user must be true or false"]
    response = api.add_customer("opt", billing_date="2024/01/01")
    assert v2_errors(response) == ["billing_date must be in YYYY-mm-dd format"]
    response = api.add_customer("opt", billing_date="2001-01-01")
    assert v2_errors(response) == ["billing_date must be within one billing cycle from today"]
    response = api.add_customer("opt", **{"ip_group[]": "mygroup"})
    assert v2_errors(response) == ["ip_group mygroup does not belong to you"]
    response = api.add_customer("opt", **{"ip[]": ["192.0.2.10", "192.0.2.99"]})
    assert v2_errors(response) == ["ip 192.0.2.99 does not belong to you"]
    response = api.add_customer("opt", **{"ip[]": ["not-an-ip"]})
    assert v2_errors(response) == ["ip not-an-ip is not a valid IP address"]
    assert api.usernames() == set()
    assert api.add_customer("opt", **{"ip[]": ["192.0.2.11", "192.0.2.10"]}).status_code == 200
    account = api.account("opt")
    assert account is not None
    assert account["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert account["whitelabel"] == "sendgrid.me"
    assert account["free_user"] is False


def test_duplicate_usernames_across_generations(api: Api) -> None:
    assert api.add_customer("taken@example.com").status_code == 200
    assert v2_errors(api.add_customer("taken@example.com")) == ["username already exists"]
    # Usernames are unique whatever the case.
    assert v2_errors(api.add_customer("TAKEN@example.com")) == ["username already exists"]
    response = api.add_subuser("taken@example.com")
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "username", "message": "username exists"}]}
    assert api.add_subuser("sub-one").status_code == 200
    assert v2_errors(api.add_customer("sub-one")) == ["username already exists"]
    # The parent's own username is taken too.
    assert v2_errors(api.add_customer(API_USER)) == ["username already exists"]


def test_reserved_usernames_after_delete(api: Api) -> None:
    assert api.add_customer("gone@example.com").status_code == 200
    assert api.add_customer("other@example.com").status_code == 200
    assert api.v2("reseller.delete", {"user": "gone@example.com"}).json() == {"message": "success"}
    assert api.state()["reserved_usernames"] == ["gone@example.com"]
    assert v2_errors(api.add_customer("gone@example.com")) == ["username is reserved"]
    response = api.add_subuser("gone@example.com")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "username", "message": "username is reserved"}]
    response = api.manage(
        method="profile", task="setUsername", user="other@example.com", username="gone@example.com"
    )
    assert v2_errors(response) == ["username is reserved"]
    assert api.usernames() == {"other@example.com"}


def test_deleted_subuser_username_is_not_reserved(api: Api) -> None:
    assert api.add_subuser("temp").status_code == 200
    assert api.v3("DELETE", "/subusers/temp").status_code == 204
    assert api.state()["reserved_usernames"] == []
    assert api.add_subuser("temp").status_code == 200


# --- reseller.manage ----------------------------------------------------------------------


def test_set_username_rules(api: Api) -> None:
    assert api.add_customer("old@example.com").status_code == 200
    assert api.add_customer("busy@example.com").status_code == 200

    def rename(new: str) -> list[str]:
        return v2_errors(
            api.manage(method="profile", task="setUsername", user="old@example.com", username=new)
        )

    assert rename("someone@sendgrid.com") == [
        "username cannot contain sendgrid.com in the domain name"
    ]
    assert rename("someone@mail.SendGrid.com") == [
        "username cannot contain sendgrid.com in the domain name"
    ]
    assert rename("x" * 65) == ["username must be no more than 64 characters"]
    assert rename("busy@example.com") == ["username already exists"]
    assert rename("") == ["username is required"]
    assert rename("has space") == ["username must not contain whitespace or /"]
    ok = api.manage(method="profile", task="setUsername", user="old@example.com", username="y" * 64)
    assert ok.json() == {"message": "success"}
    assert api.usernames() == {"y" * 64, "busy@example.com"}


def test_set_email_rules(api: Api) -> None:
    assert api.add_customer("mail@example.com").status_code == 200
    ok = api.manage(
        method="profile", task="setEmail", user="mail@example.com", email=email_of_length(100)
    )
    assert ok.json() == {"message": "success"}
    response = api.manage(
        method="profile", task="setEmail", user="mail@example.com", email=email_of_length(101)
    )
    assert v2_errors(response) == ["email must be no more than 100 characters"]
    assert api.account("mail@example.com")["email"] == email_of_length(100)  # type: ignore[index]


def test_profile_set_rules(api: Api) -> None:
    assert api.add_customer("prof@example.com").status_code == 200
    response = api.manage(method="profile", task="set", user="prof@example.com", zip="9" * 51)
    assert v2_errors(response) == ["zip must be no more than 50 characters"]
    response = api.manage(method="profile", task="set", user="prof@example.com", email="a@b.co")
    assert v2_errors(response) == ["email is not a valid parameter for task=set"]
    response = api.manage(method="profile", task="set", user="prof@example.com", city="Paris")
    assert response.json() == {"message": "success"}
    assert api.account("prof@example.com")["city"] == "Paris"  # type: ignore[index]


@pytest.mark.parametrize(
    "params",
    [
        {"method": "enable"},
        {"method": "disable"},
        {"method": "website_enable"},
        {"method": "website_disable"},
        {"method": "password", "password": "abcdef", "confirm_password": "abcdef"},
        {"method": "profile", "task": "set", "first_name": "x"},
        {"method": "profile", "task": "setUsername", "username": "fresh"},
        {"method": "profile", "task": "setEmail", "email": "a@example.com"},
    ],
)
def test_unknown_customer_is_user_not_found(api: Api, params: dict[str, str]) -> None:
    for fmt in ("json", "xml"):
        response = api.v2("reseller.manage", {**params, "user": "ghost@example.com"}, fmt=fmt)
        assert response.status_code == 400
        if fmt == "json":
            assert response.json() == {"message": "User not found"}
        else:
            root = parse_xml(response)
            assert [(c.tag, c.text) for c in root] == [("message", "User not found")]


def test_subusers_are_not_customers_for_reseller_calls(api: Api) -> None:
    assert api.add_subuser("only-v3").status_code == 200
    assert api.manage(method="disable", user="only-v3").json() == {"message": "User not found"}
    assert api.v2("reseller.delete", {"user": "only-v3"}).json() == {"message": "User not found"}
    listing = api.manage(method="profile", task="get")
    assert listing.json() == []
    assert api.account("only-v3")["active"] is True  # type: ignore[index]


def test_delete_unknown_customer(api: Api) -> None:
    response = api.v2("reseller.delete", {"user": "nobody@example.com"})
    assert response.status_code == 400 and response.json() == {"message": "User not found"}
    response = api.v2("reseller.delete", {})
    assert response.status_code == 400 and response.json() == {"message": "User not found"}


def test_manage_method_and_task_required(api: Api) -> None:
    assert v2_errors(api.manage()) == ["method is required"]
    assert v2_errors(api.manage(method="explode")) == [
        "method must be one of: profile, password, enable, disable, website_enable, website_disable"
    ]
    assert v2_errors(api.manage(method="profile")) == ["task is required"]


def test_profile_get_filters_and_paging(api: Api) -> None:
    people = [
        ("ann@example.com", "Ann", "Lee", "Paris", "Acme"),
        ("bob@example.com", "Bob", "Stone", "Lyon", "Acme"),
        ("cy@test.invalid", "Cy", "Lee", "Nice", "Other"),
    ]
    for username, first, last, city, company in people:
        response = api.add_customer(
            username, first_name=first, last_name=last, city=city, company=company
        )
        assert response.status_code == 200
    assert api.manage(method="disable", user="bob@example.com").status_code == 200
    ids = {a["username"]: str(a["user_id"]) for a in api.state()["accounts"]}

    def names(**filters: str) -> list[str]:
        response = api.manage(method="profile", task="get", **filters)
        assert response.status_code == 200, response.text
        return [u["username"] for u in response.json()]

    assert names() == ["ann@example.com", "bob@example.com", "cy@test.invalid"]
    assert names(last_name="lee") == ["ann@example.com", "cy@test.invalid"]
    assert names(username="EXAMPLE.COM") == ["ann@example.com", "bob@example.com"]
    assert names(email="test.invalid") == ["cy@test.invalid"]
    assert names(city="y") == ["bob@example.com"]
    assert names(company="acme") == ["ann@example.com", "bob@example.com"]
    assert names(active="false") == ["bob@example.com"]
    assert names(active="true") == ["ann@example.com", "cy@test.invalid"]
    assert names(id=ids["cy@test.invalid"]) == ["cy@test.invalid"]
    assert names(first_name="nobody") == []
    assert names(limit="2") == ["ann@example.com", "bob@example.com"]
    assert names(limit="2", offset="2") == ["cy@test.invalid"]
    assert names(offset="1") == ["bob@example.com", "cy@test.invalid"]
    assert names(offset="9") == []
    assert v2_errors(api.manage(method="profile", task="get", limit="-1")) == [
        "limit must be a whole number of 0 or more"
    ]
    assert v2_errors(api.manage(method="profile", task="get", active="maybe")) == [
        "active must be true or false"
    ]
    assert v2_errors(api.manage(method="profile", task="get", id="abc")) == [
        "id must be an integer"
    ]


def test_password_change_is_stored_as_hash(api: Api) -> None:
    assert api.add_customer("secret@example.com").status_code == 200
    response = api.manage(
        method="password",
        user="secret@example.com",
        password="Sup3rSecretValue",
        confirm_password="Sup3rSecretValue",
    )
    assert response.json() == {"message": "success"}
    assert "Sup3rSecretValue" not in api.control("GET", "/state").text
    assert "Sup3rSecretValue" not in api.control("GET", "/requests").text


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "creds",
    [
        {},
        {"api_user": "reseller"},
        {"api_user": "reseller", "api_key": "wrong"},
        {"api_user": "someone", "api_key": "SG.emulator-key"},
    ],
)
def test_v2_bad_credentials(api: Api, fmt: str, creds: dict[str, str]) -> None:
    response = api.v2("reseller.ip", {**creds, "task": "all"}, fmt=fmt, auth=False)
    assert response.status_code == 401
    if fmt == "json":
        assert response.json() == {"message": "error", "errors": ["Bad username / password"]}
    else:
        root = parse_xml(response)
        assert root.findtext("message") == "error"
        assert [e.text for e in root.findall("errors/error")] == ["Bad username / password"]


def test_v2_get_and_post_both_work(api: Api) -> None:
    response = api.v2(
        "reseller.add",
        {
            "username": "via-get",
            "email": "g@example.com",
            "password": "abcdef",
            "confirm_password": "abcdef",
            "first_name": "a",
            "last_name": "b",
            "address": "c",
            "city": "d",
            "state": "e",
            "zip": "f",
            "country": "g",
            "phone": "h",
            "website": "i",
        },
        method="GET",
    )
    assert response.json() == {"message": "success"}
    assert api.usernames() == {"via-get"}


# --- IPs ----------------------------------------------------------------------------------


def test_sendip_modes(api: Api) -> None:
    assert api.add_customer("ipc@example.com").status_code == 200
    assert api.add_subuser("ips-sub", ips=["198.51.100.10"]).status_code == 200

    def ips(user: str) -> list[str]:
        response = api.sendip(task="list", user=user)
        assert response.status_code == 200
        return [e["ip"] for e in response.json()["ips"]]

    assert ips("ipc@example.com") == []
    response = api.sendip(
        task="append",
        set="specify",
        user="ipc@example.com",
        **{"ip[]": ["192.0.2.12", "192.0.2.11"]},
    )
    assert response.json() == {"message": "success"}
    assert ips("ipc@example.com") == ["192.0.2.11", "192.0.2.12"]
    # specify replaces, it does not add
    api.sendip(task="append", set="specify", user="ipc@example.com", **{"ip[]": "203.0.113.10"})
    assert ips("ipc@example.com") == ["203.0.113.10"]
    assert api.sendip(task="append", set="all", user="ips-sub").json() == {"message": "success"}
    assert len(ips("ips-sub")) == 40
    assert api.sendip(task="append", set="none", user="ips-sub").json() == {"message": "success"}
    assert ips("ips-sub") == []
    # errors
    assert v2_errors(api.sendip(task="append", set="specify", user="ipc@example.com")) == [
        "ip[] is required when set=specify"
    ]
    assert v2_errors(api.sendip(task="append", user="ipc@example.com")) == ["set is required"]
    assert v2_errors(api.sendip(task="append", set="some", user="ipc@example.com")) == [
        "set must be one of: specify, all, none"
    ]
    response = api.sendip(
        task="append", set="specify", user="ipc@example.com", **{"ip[]": "192.0.2.99"}
    )
    assert v2_errors(response) == ["ip 192.0.2.99 does not belong to you"]
    assert ips("ipc@example.com") == ["203.0.113.10"]
    response = api.sendip(task="append", set="all", user="ghost")
    assert response.json() == {"error": {"code": 400, "message": "User does not exist"}}


def test_free_taken_available_semantics(api: Api) -> None:
    assert api.add_customer("c1@example.com", **{"ip[]": "192.0.2.10"}).status_code == 200
    assert api.add_subuser("s1", ips=["192.0.2.11"]).status_code == 200

    def listing(task: str) -> set[str]:
        return set(api.v2("reseller.ip", {"task": task}).json()) & {"192.0.2.10", "192.0.2.11"}

    assert listing("taken") == {"192.0.2.10", "192.0.2.11"}
    assert listing("free") == set()
    assert listing("available") == set()
    # A disabled holder makes its IPs available (still taken).
    assert api.manage(method="disable", user="c1@example.com").status_code == 200
    assert api.v3("PATCH", "/subusers/s1", json={"disabled": True}).status_code == 204
    assert listing("taken") == {"192.0.2.10", "192.0.2.11"}
    assert listing("available") == {"192.0.2.10", "192.0.2.11"}
    # Shared with an active account: not available any more.
    assert api.add_subuser("s2", ips=["192.0.2.10"]).status_code == 200
    assert listing("available") == {"192.0.2.11"}
    # Unassigning frees the IP.
    api.sendip(task="append", set="none", user="s1")
    assert listing("free") == {"192.0.2.11"}
    assert listing("taken") == {"192.0.2.10"}
    usage = api.v2("reseller.ip", {"task": "usage"}).json()
    assert usage == [
        {"ip": "192.0.2.10", "user": "c1@example.com"},
        {"ip": "192.0.2.10", "user": "s2"},
    ]
    assert api.v2("reseller.ip", {"task": "usage", "ip": "192.0.2.10", "user": "S2"}).json() == [
        {"ip": "192.0.2.10", "user": "s2"}
    ]
    assert api.v2("reseller.ip", {"task": "usage", "group": "any"}).json() == []
    assert v2_errors(api.v2("reseller.ip", {"task": "all", "user": "s2"})) == [
        "user is not a valid parameter for task=all"
    ]
    assert v2_errors(api.v2("reseller.ip", {"task": "all", "system": "yes"})) == [
        "system must be set to true"
    ]


def test_delete_frees_ips_and_state_ip_holders(api: Api) -> None:
    assert api.add_customer("holder@example.com", **{"ip[]": "203.0.113.12"}).status_code == 200
    holders = {e["ip"]: e["users"] for e in api.state()["ips"]}
    assert holders["203.0.113.12"] == ["holder@example.com"]
    assert api.v2("reseller.delete", {"user": "holder@example.com"}).status_code == 200
    holders = {e["ip"]: e["users"] for e in api.state()["ips"]}
    assert holders["203.0.113.12"] == []
    assert "203.0.113.12" in api.v2("customer.ip", {"list": "free"}).text
