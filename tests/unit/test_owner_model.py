"""The owner model: one owner at most (at preview too), and a move replaces, a rename not."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime import rpc

from pulumi_sendgrid_reseller.resources._api_key import ApiKeyProvider
from pulumi_sendgrid_reseller.resources._owner import ONE_OWNER, moved_fields
from pulumi_sendgrid_reseller.resources._subuser_credits import SubuserCreditsProvider

UNKNOWN = rpc.UNKNOWN


@pytest.mark.parametrize(
    "owner",
    [
        {"subuser": "shop", "account": "acc-1"},
        {"subuser": UNKNOWN, "account": "acc-1"},  # an Account/Subuser not created yet
        {"subuser": "shop", "account": UNKNOWN},
        {"subuser": UNKNOWN, "account": UNKNOWN},
    ],
)
def test_both_owners_fail_the_check_naming_both_fields(owner: dict[str, Any]) -> None:
    result = ApiKeyProvider().check({}, {"name": "app", **owner})
    assert [(f.property, f.reason) for f in result.failures] == [("subuser", ONE_OWNER)]
    assert ONE_OWNER.startswith("subuser: must not be given together with account")


@pytest.mark.parametrize(
    "owner", [{}, {"subuser": "shop"}, {"account": "acc-1"}, {"account": UNKNOWN}]
)
def test_one_owner_or_none_passes(owner: dict[str, Any]) -> None:
    assert ApiKeyProvider().check({}, {"name": "app", **owner}).failures == []


def test_an_account_id_is_checked() -> None:
    result = ApiKeyProvider().check({}, {"name": "app", "account": "no spaces"})
    assert [f.property for f in result.failures] == ["account"]
    assert "account: string should match pattern" in result.failures[0].reason


def test_credits_have_no_account() -> None:
    result = SubuserCreditsProvider().check(
        {}, {"subuser": "shop", "type": "unlimited", "account": "acc-1"}
    )
    assert [(f.property, f.reason) for f in result.failures] == [
        ("account", "account: is not an argument of this resource")
    ]


REF = "urn:pulumi:dev::p::dynamic:sendgrid-reseller:Subuser::shop global"


@pytest.mark.parametrize(
    ("olds", "news", "moved"),
    [
        # The parent's, before and after.
        ({}, {}, []),
        # A rename vouched for by the user id, or by the same resource in a preview.
        ({"subuser": "a", "subuser_id": 7}, {"subuser": "b", "subuser_id": 7.0}, []),
        (
            {"subuser": "a", "subuser_id": 7, "subuser_ref": REF},
            {"subuser": UNKNOWN, "subuser_id": UNKNOWN, "subuser_ref": REF},
            [],
        ),
        # Another subuser: by id, by an unknown id of another resource, by name alone.
        ({"subuser": "a", "subuser_id": 7}, {"subuser": "a", "subuser_id": 8}, ["subuser_id"]),
        (
            {"subuser": "a", "subuser_id": 7, "subuser_ref": REF},
            {"subuser": UNKNOWN, "subuser_id": UNKNOWN, "subuser_ref": REF + "x"},
            ["subuser_id"],
        ),
        ({"subuser": "a"}, {"subuser": "b"}, ["subuser"]),
        # Accounts are their ids: the same stays, another or an unknown one moves.
        ({"account": "acc-1"}, {"account": "acc-1"}, []),
        ({"account": "acc-1"}, {"account": "acc-2"}, ["account"]),
        ({"account": "acc-1"}, {"account": UNKNOWN}, ["account"]),
        # Between the parent, a subuser and an account.
        ({}, {"account": "acc-1"}, ["account"]),
        ({"account": "acc-1"}, {}, ["account"]),
        ({"subuser": "a", "subuser_id": 7}, {"account": "acc-1"}, ["account", "subuser"]),
        ({"account": "acc-1"}, {"subuser": "a"}, ["account", "subuser"]),
    ],
)
def test_move_rule(olds: dict[str, Any], news: dict[str, Any], moved: list[str]) -> None:
    assert moved_fields(olds, news) == moved


def test_a_move_replaces_and_a_rename_updates() -> None:
    provider = ApiKeyProvider()
    olds = {"name": "app", "account": "acc-1", "api_key_id": "k1", "api_key": "SG.x"}
    moved = provider.diff("k1", olds, {"name": "app", "account": "acc-2"})
    assert moved.changes is True and moved.replaces == ["account"] and moved.stables == []
    same = provider.diff("k1", olds, {"name": "app-2", "account": "acc-1"})
    assert same.changes is True and same.replaces == []
    assert same.stables is not None and set(same.stables) >= {"api_key_id", "api_key"}

    olds = {"name": "app", "subuser": "a", "subuser_id": 7, "api_key_id": "k1"}
    renamed = provider.diff("k1", olds, {"name": "app", "subuser": "b", "subuser_id": 7})
    assert renamed.changes is True and renamed.replaces == []
    # Back to full access: no call gives a key every permission again.
    olds = {"name": "app", "scopes": ["mail.send"], "api_key_id": "k1"}
    assert provider.diff("k1", olds, {"name": "app"}).replaces == ["scopes"]


def test_credits_move_with_their_subuser_only() -> None:
    provider = SubuserCreditsProvider()
    olds = {"subuser": "a", "subuser_id": 7, "type": "unlimited"}
    assert provider.diff("a", olds, {**olds, "subuser": "b"}).replaces == []
    assert provider.diff("a", olds, {**olds, "subuser_id": 9}).replaces == ["subuser_id"]
