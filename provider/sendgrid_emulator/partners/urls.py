"""The Account Provisioning URL table, behind the same bearer-key check as v3."""

from __future__ import annotations

from flask import Flask

from ..backend import Backend
from ..v3.urls import UrlTable, add_rules
from .responses import PartnerResponses


def url_table(responses: PartnerResponses) -> UrlTable:
    """Rule, method and view of every Account Provisioning call."""
    accounts = "/v3/partners/accounts"
    one = accounts + "/<account_id>"
    return {
        accounts: {"GET": responses.list_accounts, "POST": responses.create_account},
        one: {"DELETE": responses.delete_account},
        one + "/state": {"GET": responses.get_state, "PUT": responses.put_state},
        one + "/offerings": {"GET": responses.get_offerings, "PUT": responses.put_offerings},
        one + "/sso": {"POST": responses.sso},
        "/v3/partners/offerings": {"GET": responses.catalog},
    }


def register(app: Flask, backend: Backend, api_key: str) -> None:
    """Add the Account Provisioning routes to the app."""
    add_rules(app, url_table(PartnerResponses(backend)), api_key)
