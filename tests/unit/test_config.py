from __future__ import annotations

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller.client import SendGridError
from pulumi_sendgrid_reseller.config import (
    DEFAULT_API_URL,
    Credentials,
    CredentialsError,
    resolve_credentials,
)

CONF = {
    "sendgrid-reseller:apiUser": "conf-user",
    "sendgrid-reseller:apiKey": "SG.conf-key",
    "sendgrid-reseller:apiUrl": "http://conf.example:8080/",
}
ENV = {
    "SENDGRID_API_USER": "env-user",
    "SENDGRID_API_KEY": "SG.env-key",
    "SENDGRID_API_URL": "https://env.example",
}


def test_environment_only_and_default_url() -> None:
    creds = resolve_credentials(environ={"SENDGRID_API_KEY": "SG.env-key"})
    assert creds.api_key.get_secret_value() == "SG.env-key"
    assert creds.api_user is None
    assert creds.api_url == DEFAULT_API_URL == "https://api.sendgrid.com"


def test_config_beats_environment() -> None:
    creds = resolve_credentials(CONF, environ=ENV)
    assert creds.api_user == "conf-user"
    assert creds.api_key.get_secret_value() == "SG.conf-key"
    assert creds.api_url == "http://conf.example:8080"


def test_environment_fills_what_config_lacks() -> None:
    creds = resolve_credentials(
        {"sendgrid-reseller:apiKey": "SG.conf-key", "other:x": "1"}, environ=ENV
    )
    assert creds.api_key.get_secret_value() == "SG.conf-key"
    assert creds.api_user == "env-user"
    assert creds.api_url == "https://env.example"


def test_override_beats_everything_and_none_falls_through() -> None:
    creds = resolve_credentials(
        CONF,
        override={"api_user": "res-user", "api_key": None, "api_url": "https://res.example"},
        environ=ENV,
    )
    assert creds.api_user == "res-user"
    assert creds.api_key.get_secret_value() == "SG.conf-key"
    assert creds.api_url == "https://res.example"
    only_override = resolve_credentials(override={"api_key": "SG.res"}, environ={})
    assert only_override.api_key.get_secret_value() == "SG.res"


def test_empty_values_count_as_unset() -> None:
    creds = resolve_credentials(
        {"sendgrid-reseller:apiKey": "", "sendgrid-reseller:apiUser": "  "}, environ=ENV
    )
    assert creds.api_key.get_secret_value() == "SG.env-key"
    assert creds.api_user == "env-user"


def test_missing_key_is_one_error_naming_both_ways() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials({"sendgrid-reseller:apiUser": "u"}, environ={})
    msg = str(info.value)
    assert "pulumi config set --secret sendgrid-reseller:apiKey" in msg
    assert "SENDGRID_API_KEY" in msg
    assert isinstance(info.value, SendGridError)


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDGRID_API_KEY", "SG.from-os")
    monkeypatch.delenv("SENDGRID_API_USER", raising=False)
    monkeypatch.delenv("SENDGRID_API_URL", raising=False)
    assert resolve_credentials().api_key.get_secret_value() == "SG.from-os"


@pytest.mark.parametrize(
    "url",
    ["ftp://x.example", "api.sendgrid.com", "https://", "https://u:p@x.example", "https://x?q=1"],
)
def test_api_url_must_be_http(url: str) -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(override={"api_key": "SG.k", "api_url": url}, environ={})
    assert "sendgrid-reseller:apiUrl" in str(info.value)
    assert "SENDGRID_API_URL" in str(info.value)
    assert "p@" not in str(info.value)


def test_unknown_override_key() -> None:
    with pytest.raises(CredentialsError):
        resolve_credentials(override={"apiKey": "SG.k"}, environ={})


def test_credentials_are_frozen_and_hide_the_key() -> None:
    creds = Credentials(api_user="u", api_key=SecretStr("SG.secret-value"), api_url="https://x/")
    assert "SG.secret-value" not in repr(creds)
    assert creds.api_url == "https://x"
    with pytest.raises(AttributeError):
        creds.api_user = "v"  # type: ignore[misc]
    with pytest.raises(CredentialsError):
        Credentials(api_user="u", api_key=SecretStr(""), api_url="https://x")


def test_one_reader_knows_every_documented_key() -> None:
    from pulumi_sendgrid_reseller.config import CONFIG_KEYS, stack_values

    assert set(CONFIG_KEYS) == {
        "sendgrid-reseller:apiUser",
        "sendgrid-reseller:apiKey",
        "sendgrid-reseller:apiUrl",
        "sendgrid-reseller:readTimeout",
        "sendgrid-reseller:maxRequestsPerSecond",
        "sendgrid-reseller:apiUrlEu",
    }
    given = {
        **CONF,
        "sendgrid-reseller:readTimeout": 2.5,
        "other:key": "x",
        "sendgrid-reseller:x": 1,
    }
    assert stack_values(given) == {**CONF, "sendgrid-reseller:readTimeout": "2.5"}


def test_options_from_config_then_environment() -> None:
    from pulumi_sendgrid_reseller.config import resolve_options

    conf = {"sendgrid-reseller:readTimeout": "7", "sendgrid-reseller:maxRequestsPerSecond": "4.5"}
    options = resolve_options(conf, environ={"SENDGRID_MAX_REQUESTS_PER_SECOND": "9"})
    assert (options.timeouts.read, options.max_requests_per_second) == (7.0, 4.5)
    options = resolve_options({}, environ={"SENDGRID_MAX_REQUESTS_PER_SECOND": "9"})
    assert (options.timeouts.read, options.max_requests_per_second) == (30.0, 9.0)
    assert resolve_options({}, environ={}).max_requests_per_second is None


@pytest.mark.parametrize("value", ["0", "-1", "fast", "inf"])
def test_bad_ceiling_names_the_key(value: str) -> None:
    from pulumi_sendgrid_reseller.config import resolve_options

    with pytest.raises(CredentialsError) as info:
        resolve_options({"sendgrid-reseller:maxRequestsPerSecond": value}, environ={})
    assert "sendgrid-reseller:maxRequestsPerSecond" in str(info.value)
    assert "SENDGRID_MAX_REQUESTS_PER_SECOND" in str(info.value)
    assert "positive number" in str(info.value)


def test_client_errors_name_the_setting_and_the_hint_says_how_to_set_it() -> None:
    from pulumi_sendgrid_reseller.config import with_hint

    bare = Credentials.__new__(Credentials)  # the client's own check, without the reader
    with pytest.raises(CredentialsError) as info:
        Credentials.__init__(bare, api_user=None, api_key=SecretStr(""))
    assert info.value.setting == "api_key" and "pulumi" not in str(info.value)
    hinted = with_hint(info.value)
    assert "`pulumi config set --secret sendgrid-reseller:apiKey <key>`" in str(hinted)
    assert "SENDGRID_API_KEY" in str(hinted)
    assert with_hint(hinted) is hinted  # said once
    untied = CredentialsError("something else")
    assert with_hint(untied) is untied
